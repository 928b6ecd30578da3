import type { Resources } from '../../i18n/zh-CN';

type ActionKey = `audit.actions.${keyof Resources['audit']['actions']}`;
type EntityKey = `audit.entity.${keyof Resources['audit']['entity']}`;

/** Audit action codes the server writes, with their interface labels. */
export const ACTION_LABELS: Readonly<Record<string, ActionKey>> = {
  'auth.login': 'audit.actions.auth_login',
  'auth.login_failed': 'audit.actions.auth_login_failed',
  'auth.logout': 'audit.actions.auth_logout',
  'user.create': 'audit.actions.user_create',
  'user.update': 'audit.actions.user_update',
  'user.password_changed': 'audit.actions.user_password_changed',
  'user.password_reset': 'audit.actions.user_password_reset',
  'user.unlock': 'audit.actions.user_unlock',
  'org_unit.create': 'audit.actions.org_unit_create',
  'org_unit.update': 'audit.actions.org_unit_update',
  'org_unit.move': 'audit.actions.org_unit_move',
  'org_unit.activate': 'audit.actions.org_unit_activate',
  'org_unit.deactivate': 'audit.actions.org_unit_deactivate',
  'role.create': 'audit.actions.role_create',
  'role.update': 'audit.actions.role_update',
  'dictionary_item.create': 'audit.actions.dictionary_item_create',
  'dictionary_item.update': 'audit.actions.dictionary_item_update',
  'system.seed_demo': 'audit.actions.system_seed_demo',
  'system.reencrypt_pii': 'audit.actions.system_reencrypt_pii',
  'worker.reveal': 'audit.actions.worker_reveal',
  'worker.attachment.download': 'audit.actions.worker_attachment_download',
  'worker.export': 'audit.actions.worker_export',
  'payroll.amounts.view': 'audit.actions.payroll_amounts_view',
  'payroll.payee.view': 'audit.actions.payroll_payee_view',
  'insurance.sensitive.view': 'audit.actions.insurance_sensitive_view',
  'care.sensitive.view': 'audit.actions.care_sensitive_view',
};

export const ENTITY_LABELS: Readonly<Record<string, EntityKey>> = {
  user: 'audit.entity.user',
  org_unit: 'audit.entity.org_unit',
  role: 'audit.entity.role',
  dictionary_item: 'audit.entity.dictionary_item',
  system: 'audit.entity.system',
  worker: 'audit.entity.worker',
};
