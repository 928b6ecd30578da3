// Menu entry of the contracts and insurance screen.
import { FileProtectOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const CONTRACT_NAV_ITEMS: NavItem[] = [
  {
    path: '/contracts',
    permission: 'contract:read',
    label: 'menu.contracts',
    description: 'home.linkContracts',
    icon: <FileProtectOutlined />,
  },
];
