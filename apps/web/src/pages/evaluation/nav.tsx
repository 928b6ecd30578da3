// Menu entry of evaluation (评估指导), beside the leader's dashboard.
import { TrophyOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const EVALUATION_NAV_ITEMS: NavItem[] = [
  {
    path: '/evaluation',
    permission: 'evaluation:read',
    label: 'menu.evaluation',
    description: 'home.linkEvaluation',
    icon: <TrophyOutlined />,
  },
];
