// Menu entries of the assessment cycle screens and the worker's own assessments.
import { AuditOutlined, SolutionOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const ASSESSMENT_CYCLE_NAV_ITEMS: NavItem[] = [
  {
    path: '/assessment-cycles',
    permission: 'assessment:read',
    label: 'menu.assessmentCycles',
    description: 'home.linkAssessmentCycles',
    icon: <AuditOutlined />,
  },
  {
    path: '/me/assessments',
    permission: 'self:service',
    label: 'menu.myAssessments',
    description: 'home.linkMyAssessments',
    icon: <SolutionOutlined />,
    linkedWorkerOnly: true,
  },
];
