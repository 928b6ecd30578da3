// Menu entry of the dashboard (领导驾驶舱).
import { DashboardOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const DASHBOARD_NAV_ITEMS: NavItem[] = [
  {
    path: '/dashboard',
    permission: 'worker:read',
    label: 'menu.dashboard',
    description: 'home.linkDashboard',
    icon: <DashboardOutlined />,
  },
];
