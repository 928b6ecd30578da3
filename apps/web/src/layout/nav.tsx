import {
  AuditOutlined,
  BookOutlined,
  ClusterOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  UserAddOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { CurrentUser, Permission } from '@cwp/contracts';
import type { ReactNode } from 'react';
import type { Resources } from '../i18n/zh-CN';
import { CAREER_RULE_NAV_ITEMS } from './career-nav';
import { CONTRACT_NAV_ITEMS } from '../pages/contracts/nav';
import { ATTENDANCE_NAV_ITEMS } from '../pages/attendance/nav';
import { EXIT_NAV_ITEMS } from '../pages/exits/nav';
import { PAYROLL_NAV_ITEMS } from '../pages/payroll/nav';
import { SURVEY_NAV_ITEMS } from '../pages/surveys/nav';
import { ASSESSMENT_CYCLE_NAV_ITEMS } from '../pages/assessment-cycles/nav';
import { SUPERVISION_NAV_ITEMS } from '../pages/disclosures/nav';
import { LEARNING_NAV_ITEMS } from '../pages/learning/nav';
import { TRAINING_NAV_ITEMS } from '../pages/training/nav';
import { GRADE_NAV_ITEMS } from '../pages/grades/nav';
import { DASHBOARD_NAV_ITEMS } from '../pages/dashboard/nav';
import { OVERSIGHT_NAV_ITEMS } from '../pages/econ-audits/nav';
import { EVALUATION_NAV_ITEMS } from '../pages/evaluation/nav';

export interface NavItem {
  path: string;
  /** `authenticated`: every signed-in account (approvals, notifications). */
  permission: Permission | 'authenticated';
  label: `menu.${keyof Resources['menu']}`;
  description: `home.${keyof Resources['home']}`;
  icon: ReactNode;
  /** Only for an account linked to a worker's dossier (self-service). */
  linkedWorkerOnly?: boolean;
}

/** The management screens, in menu order; each shows only with its permission. */
export const NAV_ITEMS: NavItem[] = [
  ...DASHBOARD_NAV_ITEMS,
  ...EVALUATION_NAV_ITEMS,
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
    path: '/recruitment',
    permission: 'recruit:read',
    label: 'menu.recruitment',
    description: 'home.linkRecruitment',
    icon: <UserAddOutlined />,
  },
  ...CONTRACT_NAV_ITEMS,
  ...ATTENDANCE_NAV_ITEMS,
  ...EXIT_NAV_ITEMS,
  ...GRADE_NAV_ITEMS,
  ...PAYROLL_NAV_ITEMS,
  ...SURVEY_NAV_ITEMS,
  ...ASSESSMENT_CYCLE_NAV_ITEMS,
  ...SUPERVISION_NAV_ITEMS,
  ...OVERSIGHT_NAV_ITEMS,
  ...TRAINING_NAV_ITEMS,
  ...LEARNING_NAV_ITEMS,
  ...CAREER_RULE_NAV_ITEMS,
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
    (item) =>
      (item.permission === 'authenticated' || can(item.permission)) &&
      (!item.linkedWorkerOnly || user?.workerId != null),
  );
}
