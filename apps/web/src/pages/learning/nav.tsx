// Menu entries of online learning, qualifications and the worker's own learning page.
import { BookOutlined, ReadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const LEARNING_NAV_ITEMS: NavItem[] = [
  {
    path: '/learning',
    permission: 'training:read',
    label: 'menu.learning',
    description: 'home.linkLearning',
    icon: <BookOutlined />,
  },
  {
    path: '/qualifications',
    permission: 'training:read',
    label: 'menu.qualifications',
    description: 'home.linkQualifications',
    icon: <SafetyCertificateOutlined />,
  },
  {
    path: '/me/learning',
    permission: 'self:service',
    label: 'menu.myLearning',
    description: 'home.linkMyLearning',
    icon: <ReadOutlined />,
    linkedWorkerOnly: true,
  },
];
