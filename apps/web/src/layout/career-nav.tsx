// Menu entries of the career rules screens: rule sets, staffing, and the approval inbox and
// notifications, which every signed-in account has.
import {
  BellOutlined,
  CheckSquareOutlined,
  ControlOutlined,
  PieChartOutlined,
} from '@ant-design/icons';
import type { NavItem } from './nav';

export const CAREER_RULE_NAV_ITEMS: NavItem[] = [
  {
    path: '/rule-sets',
    permission: 'rule:read',
    label: 'menu.ruleSets',
    description: 'home.linkRuleSets',
    icon: <ControlOutlined />,
  },
  {
    path: '/staffing',
    permission: 'staffing:read',
    label: 'menu.staffing',
    description: 'home.linkStaffing',
    icon: <PieChartOutlined />,
  },
  {
    path: '/approvals',
    permission: 'authenticated',
    label: 'menu.approvals',
    description: 'home.linkApprovals',
    icon: <CheckSquareOutlined />,
  },
  {
    path: '/notifications',
    permission: 'authenticated',
    label: 'menu.notifications',
    description: 'home.linkNotifications',
    icon: <BellOutlined />,
  },
];
