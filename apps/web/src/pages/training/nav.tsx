// Menu entries of the training screens: the organiser's /training and the worker's own record.
import { ReadOutlined, SolutionOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const TRAINING_NAV_ITEMS: NavItem[] = [
  {
    path: '/training',
    permission: 'training:read',
    label: 'menu.training',
    description: 'home.linkTraining',
    icon: <ReadOutlined />,
  },
  {
    path: '/training/me',
    permission: 'self:service',
    label: 'menu.myTraining',
    description: 'home.linkMyTraining',
    icon: <SolutionOutlined />,
    linkedWorkerOnly: true,
  },
];
