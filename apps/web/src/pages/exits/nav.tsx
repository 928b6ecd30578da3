// Menu entries of the exit and rewards screens.
import { LogoutOutlined, TrophyOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const EXIT_NAV_ITEMS: NavItem[] = [
  {
    path: '/exits',
    permission: 'worker:read',
    label: 'menu.exits',
    description: 'home.linkExits',
    icon: <LogoutOutlined />,
  },
  {
    path: '/rewards',
    permission: 'worker:read',
    label: 'menu.rewards',
    description: 'home.linkRewards',
    icon: <TrophyOutlined />,
  },
];
