// Menu entry of the survey screens.
import { SmileOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const SURVEY_NAV_ITEMS: NavItem[] = [
  {
    path: '/surveys',
    permission: 'survey:manage',
    label: 'menu.surveys',
    description: 'home.linkSurveys',
    icon: <SmileOutlined />,
  },
];
