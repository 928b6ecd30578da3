// Menu entries of the supervision screens: disclosures and complaints.
import { AlertOutlined, NotificationOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const SUPERVISION_NAV_ITEMS: NavItem[] = [
  {
    path: '/disclosures',
    permission: 'disclosure:manage',
    label: 'menu.disclosures',
    description: 'home.linkDisclosures',
    icon: <NotificationOutlined />,
  },
  {
    path: '/complaints',
    permission: 'complaint:read',
    label: 'menu.complaints',
    description: 'home.linkComplaints',
    icon: <AlertOutlined />,
  },
];
