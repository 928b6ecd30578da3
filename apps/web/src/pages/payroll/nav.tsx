// Menu entries of the payroll screens and the worker's own pay slips.
import { AccountBookOutlined, FundOutlined, WalletOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const PAYROLL_NAV_ITEMS: NavItem[] = [
  {
    path: '/payroll',
    permission: 'payroll:read',
    label: 'menu.payroll',
    description: 'home.linkPayroll',
    icon: <AccountBookOutlined />,
  },
  {
    path: '/payroll/budget',
    permission: 'payroll:read',
    label: 'menu.payrollBudget',
    description: 'home.linkPayrollBudget',
    icon: <FundOutlined />,
  },
  {
    path: '/me/pay-slips',
    permission: 'self:read',
    label: 'menu.mySlips',
    description: 'home.linkMySlips',
    icon: <WalletOutlined />,
    linkedWorkerOnly: true,
  },
];
