import {
  AuditOutlined,
  BookOutlined,
  ClusterOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { CurrentUser, Permission } from '@cwp/contracts';
import type { ReactNode } from 'react';
import type { Resources } from '../i18n/zh-CN';

export interface NavItem {
  path: string;
  permission: Permission;
  label: `menu.${keyof Resources['menu']}`;
  description: `home.${keyof Resources['home']}`;
  icon: ReactNode;
  /** Only for an account linked to a worker's dossier (self-service). */
  linkedWorkerOnly?: boolean;
}

/** The management screens, in menu order; each shows only with its permission. */
export const NAV_ITEMS: NavItem[] = [
  {
    path: '/workers',
    permission: 'worker:read',
    label: 'menu.workers',
    description: 'home.linkWorkers',
    icon: <SolutionOutlined />,
  },
  {
    path: '/me',
    permission: 'self:read',
    label: 'menu.myDossier',
    description: 'home.linkMyDossier',
    icon: <IdcardOutlined />,
    linkedWorkerOnly: true,
  },
  {
    path: '/org-units',
    permission: 'org:read',
    label: 'menu.orgUnits',
    description: 'home.linkOrgUnits',
    icon: <ClusterOutlined />,
  },
  {
    path: '/users',
    permission: 'user:read',
    label: 'menu.users',
    description: 'home.linkUsers',
    icon: <TeamOutlined />,
  },
  {
    path: '/roles',
    permission: 'role:manage',
    label: 'menu.roles',
    description: 'home.linkRoles',
    icon: <SafetyCertificateOutlined />,
  },
  {
    path: '/dictionaries',
    permission: 'dict:manage',
    label: 'menu.dictionaries',
    description: 'home.linkDictionaries',
    icon: <BookOutlined />,
  },
  {
    path: '/audit',
    permission: 'audit:read',
    label: 'menu.audit',
    description: 'home.linkAudit',
    icon: <AuditOutlined />,
  },
];

/** The screens this user may open, in menu order. */
export function visibleNavItems(
  user: CurrentUser | null,
  can: (permission: Permission) => boolean,
): NavItem[] {
  return NAV_ITEMS.filter(
    (item) => can(item.permission) && (!item.linkedWorkerOnly || user?.workerId != null),
  );
}
