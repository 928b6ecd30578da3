// Menu entries of the oversight and care screens.
import {
  AuditOutlined,
  HeartOutlined,
  MinusCircleOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const OVERSIGHT_NAV_ITEMS: NavItem[] = [
  {
    path: '/econ-audits',
    permission: 'econ_audit:read',
    label: 'menu.econAudits',
    description: 'home.linkEconAudits',
    icon: <AuditOutlined />,
  },
  {
    path: '/honors',
    permission: 'honor:manage',
    label: 'menu.honors',
    description: 'home.linkHonors',
    icon: <TrophyOutlined />,
  },
  {
    path: '/care',
    permission: 'care:read',
    label: 'menu.care',
    description: 'home.linkCare',
    icon: <HeartOutlined />,
  },
  {
    path: '/burden',
    permission: 'burden:read',
    label: 'menu.burden',
    description: 'home.linkBurden',
    icon: <MinusCircleOutlined />,
  },
];
