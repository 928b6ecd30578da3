// Menu entries of the post-grade and assessment screens.
import { FileDoneOutlined, RiseOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const GRADE_NAV_ITEMS: NavItem[] = [
  {
    path: '/grades',
    permission: 'grade:read',
    label: 'menu.grades',
    description: 'home.linkGrades',
    icon: <RiseOutlined />,
  },
  {
    path: '/assessments',
    permission: 'assessment:read',
    label: 'menu.assessments',
    description: 'home.linkAssessments',
    icon: <FileDoneOutlined />,
  },
];
