// Every page is its own lazily loaded chunk, so the login page downloads only what it needs.
import type { Permission } from '@cwp/contracts';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { RequireAuth, RequirePermission } from './auth/guards';
import { PageSpin } from './components/PageSpin';
import { prefetchDashboard } from './pages/dashboard/prefetch';

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
}

const LoginPage = page(() => import('./pages/login'), 'LoginPage');
const ChangePasswordPage = page(() => import('./pages/change-password'), 'ChangePasswordPage');
const loadAppLayout = () => import('./layout/AppLayout');
const AppLayout = page(loadAppLayout, 'AppLayout');
const HomePage = page(() => import('./pages/home'), 'HomePage');
const OrgUnitsPage = page(() => import('./pages/org-units'), 'OrgUnitsPage');
const UsersPage = page(() => import('./pages/users'), 'UsersPage');
const RolesPage = page(() => import('./pages/roles'), 'RolesPage');
const DictionariesPage = page(() => import('./pages/dictionaries'), 'DictionariesPage');
const AuditPage = page(() => import('./pages/audit'), 'AuditPage');
const WorkersPage = page(() => import('./pages/workers'), 'WorkersPage');
const WorkerDetailPage = page(() => import('./pages/workers/detail'), 'WorkerDetailPage');
const NewWorkerPage = page(() => import('./pages/workers/new'), 'NewWorkerPage');
const WorkerImportPage = page(() => import('./pages/workers/import'), 'WorkerImportPage');
const WorkerPrintPage = page(() => import('./pages/workers/print'), 'WorkerPrintPage');
const MyDossierPrintPage = page(() => import('./pages/workers/print'), 'MyDossierPrintPage');
const MyDossierPage = page(() => import('./pages/my-dossier'), 'MyDossierPage');
const RuleSetsPage = page(() => import('./pages/rule-sets'), 'RuleSetsPage');
const RuleSetDetailPage = page(() => import('./pages/rule-sets/detail'), 'RuleSetDetailPage');
const RuleSetEditPage = page(() => import('./pages/rule-sets/edit'), 'RuleSetEditPage');
const ApprovalsPage = page(() => import('./pages/approvals'), 'ApprovalsPage');
const ApprovalDetailPage = page(() => import('./pages/approvals/detail'), 'ApprovalDetailPage');
const NotificationsPage = page(() => import('./pages/notifications'), 'NotificationsPage');
const ContractsPage = page(() => import('./pages/contracts'), 'ContractsPage');
const ContractDetailPage = page(() => import('./pages/contracts/detail'), 'ContractDetailPage');
const EconAuditsPage = page(() => import('./pages/econ-audits'), 'EconAuditsPage');
const EconAuditDetailPage = page(() => import('./pages/econ-audits/detail'), 'EconAuditDetailPage');
const EconAuditPrintPage = page(() => import('./pages/econ-audits/print'), 'EconAuditPrintPage');
const HonorsPage = page(() => import('./pages/honors'), 'HonorsPage');
const NominationRoundPage = page(() => import('./pages/honors/round'), 'NominationRoundPage');
const CarePage = page(() => import('./pages/care'), 'CarePage');
const BurdenPage = page(() => import('./pages/burden'), 'BurdenPage');
const StaffingPage = page(() => import('./pages/staffing'), 'StaffingPage');
const DashboardPage = page(() => import('./pages/dashboard'), 'DashboardPage');
const EvaluationPage = page(() => import('./pages/evaluation'), 'EvaluationPage');
const EvaluationRoundPage = page(() => import('./pages/evaluation/round'), 'EvaluationRoundPage');
const EvaluationPrintPage = page(() => import('./pages/evaluation/print'), 'EvaluationPrintPage');
const GradesPage = page(() => import('./pages/grades'), 'GradesPage');
const GradeReviewPage = page(() => import('./pages/grades/review'), 'GradeReviewPage');
const GradeChangePage = page(() => import('./pages/grades/change'), 'GradeChangePage');
const AssessmentsPage = page(() => import('./pages/assessments'), 'AssessmentsPage');
const PayrollPage = page(() => import('./pages/payroll'), 'PayrollPage');
const PayrollRunPage = page(() => import('./pages/payroll/detail'), 'PayrollRunPage');
const PayrollBudgetPage = page(() => import('./pages/payroll/budget'), 'PayrollBudgetPage');
const DisclosuresPage = page(() => import('./pages/disclosures'), 'DisclosuresPage');
const ComplaintsPage = page(() => import('./pages/complaints'), 'ComplaintsPage');
const PublicDisclosuresPage = page(
  () => import('./pages/public/disclosures'),
  'PublicDisclosuresPage',
);
const PublicDisclosureItemPage = page(
  () => import('./pages/public/disclosures/item'),
  'PublicDisclosureItemPage',
);
const PublicComplaintPage = page(() => import('./pages/public/complaints'), 'PublicComplaintPage');
const PublicHonorRollPage = page(() => import('./pages/public/honors'), 'PublicHonorRollPage');
const PublicComplaintTrackPage = page(
  () => import('./pages/public/complaints/track'),
  'PublicComplaintTrackPage',
);
const MyPaySlipsPage = page(() => import('./pages/my-dossier/pay-slips'), 'MyPaySlipsPage');
const AssessmentCyclesPage = page(
  () => import('./pages/assessment-cycles'),
  'AssessmentCyclesPage',
);
const AssessmentCyclePage = page(
  () => import('./pages/assessment-cycles/detail'),
  'AssessmentCyclePage',
);
const MyAssessmentsPage = page(() => import('./pages/my-dossier/assessments'), 'MyAssessmentsPage');
const LearningPage = page(() => import('./pages/learning'), 'LearningPage');
const CourseEditorPage = page(() => import('./pages/learning/course'), 'CourseEditorPage');
const MyLearningPage = page(() => import('./pages/learning/me'), 'MyLearningPage');
const MyCoursePage = page(() => import('./pages/learning/my-course'), 'MyCoursePage');
const TrainingPage = page(() => import('./pages/training'), 'TrainingPage');
const TrainingSessionPage = page(() => import('./pages/training/session'), 'TrainingSessionPage');
const TrainingQrPage = page(() => import('./pages/training/qr'), 'TrainingQrPage');
const TrainingSignInPage = page(() => import('./pages/training/sign-in'), 'TrainingSignInPage');
const MyTrainingPage = page(() => import('./pages/training/me'), 'MyTrainingPage');
const QualificationsPage = page(() => import('./pages/qualifications'), 'QualificationsPage');
const RecruitmentPage = page(() => import('./pages/recruitment'), 'RecruitmentPage');
const RecruitmentHireLink = page(
  () => import('./pages/recruitment/hire-link'),
  'RecruitmentHireLink',
);
const RecruitmentPlanPage = page(() => import('./pages/recruitment/detail'), 'RecruitmentPlanPage');
const PublicRecruitmentPage = page(
  () => import('./pages/public/recruitment'),
  'PublicRecruitmentPage',
);
const PublicPlanPage = page(() => import('./pages/public/recruitment/plan'), 'PublicPlanPage');
const PublicStatusPage = page(
  () => import('./pages/public/recruitment/status'),
  'PublicStatusPage',
);
const SurveysPage = page(() => import('./pages/surveys'), 'SurveysPage');
const SurveyDetailPage = page(() => import('./pages/surveys/detail'), 'SurveyDetailPage');
const PublicSurveyPage = page(() => import('./pages/public/surveys'), 'PublicSurveyPage');
const AttendancePage = page(() => import('./pages/attendance'), 'AttendancePage');
const MyAttendancePage = page(() => import('./pages/attendance'), 'MyAttendancePage');
const ExitsPage = page(() => import('./pages/exits'), 'ExitsPage');
const ExitDetailPage = page(() => import('./pages/exits/detail'), 'ExitDetailPage');
const RewardsPage = page(() => import('./pages/rewards'), 'RewardsPage');
const NotFoundPage = page(() => import('./pages/errors/NotFoundPage'), 'NotFoundPage');

function suspended(node: ReactNode) {
  return <Suspense fallback={<PageSpin />}>{node}</Suspense>;
}

function guarded(permission: Permission, Page: ComponentType) {
  return suspended(
    <RequirePermission permission={permission}>
      <Page />
    </RequirePermission>,
  );
}

export const router = createBrowserRouter([
  { path: '/login', element: suspended(<LoginPage />) },
  // Public recruitment pages: no login (applicants on their phones).
  { path: '/public/recruitment', element: suspended(<PublicRecruitmentPage />) },
  { path: '/public/recruitment/status', element: suspended(<PublicStatusPage />) },
  // Public disclosure and complaint pages: no login (residents on their phones).
  {
    path: '/public/communities/:id/disclosures',
    element: suspended(<PublicDisclosuresPage />),
  },
  {
    path: '/public/communities/:id/disclosures/:itemId',
    element: suspended(<PublicDisclosureItemPage />),
  },
  { path: '/public/communities/:id/honors', element: suspended(<PublicHonorRollPage />) },
  { path: '/public/complaints', element: suspended(<PublicComplaintPage />) },
  { path: '/public/complaints/track', element: suspended(<PublicComplaintTrackPage />) },
  { path: '/public/recruitment/:id', element: suspended(<PublicPlanPage />) },
  // Public resident survey form (no login; the code comes from the QR link).
  { path: '/public/surveys/:campaignId', element: suspended(<PublicSurveyPage />) },
  {
    path: '/change-password',
    element: <RequireAuth allowPasswordChange>{suspended(<ChangePasswordPage />)}</RequireAuth>,
  },
  // Printable pages carry no app frame: the page is the sheet of paper.
  {
    path: '/econ-audits/:id/print',
    element: <RequireAuth>{guarded('econ_audit:read', EconAuditPrintPage)}</RequireAuth>,
  },
  {
    path: '/evaluation/:id/print',
    element: <RequireAuth>{guarded('evaluation:read', EvaluationPrintPage)}</RequireAuth>,
  },
  {
    path: '/workers/:id/print',
    element: <RequireAuth>{guarded('worker:read', WorkerPrintPage)}</RequireAuth>,
  },
  // Full-screen sign-in code for the organiser and the phone sign-in page: no app frame.
  {
    path: '/training/sessions/:id/qr',
    element: <RequireAuth>{guarded('training:manage', TrainingQrPage)}</RequireAuth>,
  },
  {
    path: '/training/sign-in',
    element: <RequireAuth>{guarded('self:service', TrainingSignInPage)}</RequireAuth>,
  },
  {
    path: '/me/print',
    element: <RequireAuth>{guarded('self:read', MyDossierPrintPage)}</RequireAuth>,
  },
  {
    path: '/',
    // The layout's chunk loads with the navigation, beside the session check, not after it.
    loader: () => {
      void loadAppLayout().catch(() => undefined);
      return null;
    },
    element: <RequireAuth>{suspended(<AppLayout />)}</RequireAuth>,
    children: [
      { index: true, element: suspended(<HomePage />) },
      { path: 'workers', element: guarded('worker:read', WorkersPage) },
      { path: 'workers/new', element: guarded('worker:manage', NewWorkerPage) },
      { path: 'workers/import', element: guarded('worker:import', WorkerImportPage) },
      { path: 'workers/:id', element: guarded('worker:read', WorkerDetailPage) },
      { path: 'me', element: guarded('self:read', MyDossierPage) },
      { path: 'me/assessments', element: guarded('self:service', MyAssessmentsPage) },
      { path: 'assessment-cycles', element: guarded('assessment:read', AssessmentCyclesPage) },
      { path: 'assessment-cycles/:id', element: guarded('assessment:read', AssessmentCyclePage) },
      { path: 'org-units', element: guarded('org:read', OrgUnitsPage) },
      { path: 'users', element: guarded('user:read', UsersPage) },
      { path: 'roles', element: guarded('role:manage', RolesPage) },
      { path: 'dictionaries', element: guarded('dict:manage', DictionariesPage) },
      { path: 'audit', element: guarded('audit:read', AuditPage) },
      { path: 'recruitment', element: guarded('recruit:read', RecruitmentPage) },
      { path: 'recruitment/:id', element: guarded('recruit:read', RecruitmentPlanPage) },
      { path: 'recruitment/hires/:id', element: guarded('recruit:read', RecruitmentHireLink) },
      { path: 'rule-sets', element: guarded('rule:read', RuleSetsPage) },
      { path: 'rule-sets/:id', element: guarded('rule:read', RuleSetDetailPage) },
      { path: 'rule-sets/:id/edit', element: guarded('rule:manage', RuleSetEditPage) },
      { path: 'staffing', element: guarded('staffing:read', StaffingPage) },
      {
        path: 'dashboard',
        // Starts the page's chunk and data with the navigation (pages/dashboard/prefetch.ts).
        loader: ({ request }) => prefetchDashboard(new URL(request.url)),
        element: guarded('worker:read', DashboardPage),
      },
      { path: 'evaluation', element: guarded('evaluation:read', EvaluationPage) },
      { path: 'evaluation/:id', element: guarded('evaluation:read', EvaluationRoundPage) },
      { path: 'grades', element: guarded('grade:read', GradesPage) },
      { path: 'grades/reviews/:id', element: guarded('grade:read', GradeReviewPage) },
      { path: 'grades/changes/:id', element: guarded('grade:read', GradeChangePage) },
      { path: 'assessments', element: guarded('assessment:read', AssessmentsPage) },
      { path: 'payroll', element: guarded('payroll:read', PayrollPage) },
      { path: 'surveys', element: guarded('survey:manage', SurveysPage) },
      { path: 'surveys/:id', element: guarded('survey:manage', SurveyDetailPage) },
      { path: 'payroll/budget', element: guarded('payroll:read', PayrollBudgetPage) },
      { path: 'payroll/:id', element: guarded('payroll:read', PayrollRunPage) },
      { path: 'disclosures', element: guarded('disclosure:manage', DisclosuresPage) },
      { path: 'complaints', element: guarded('complaint:read', ComplaintsPage) },
      { path: 'me/pay-slips', element: guarded('self:read', MyPaySlipsPage) },
      { path: 'learning', element: guarded('training:read', LearningPage) },
      { path: 'learning/:id', element: guarded('training:read', CourseEditorPage) },
      { path: 'me/learning', element: guarded('self:read', MyLearningPage) },
      { path: 'me/learning/:id', element: guarded('self:service', MyCoursePage) },
      { path: 'qualifications', element: guarded('training:read', QualificationsPage) },
      { path: 'training', element: guarded('training:read', TrainingPage) },
      { path: 'training/me', element: guarded('self:service', MyTrainingPage) },
      { path: 'training/sessions/:id', element: guarded('training:read', TrainingSessionPage) },
      { path: 'approvals', element: suspended(<ApprovalsPage />) },
      { path: 'approvals/:id', element: suspended(<ApprovalDetailPage />) },
      { path: 'notifications', element: suspended(<NotificationsPage />) },
      { path: 'contracts', element: guarded('contract:read', ContractsPage) },
      { path: 'attendance', element: guarded('attendance:read', AttendancePage) },
      { path: 'my-attendance', element: guarded('self:service', MyAttendancePage) },
      { path: 'exits', element: guarded('worker:read', ExitsPage) },
      { path: 'exits/:id', element: guarded('worker:read', ExitDetailPage) },
      { path: 'rewards', element: guarded('worker:read', RewardsPage) },
      { path: 'contracts/:id', element: guarded('contract:read', ContractDetailPage) },
      { path: 'econ-audits', element: guarded('econ_audit:read', EconAuditsPage) },
      { path: 'econ-audits/:id', element: guarded('econ_audit:read', EconAuditDetailPage) },
      { path: 'honors', element: guarded('honor:manage', HonorsPage) },
      { path: 'honors/rounds/:id', element: guarded('honor:manage', NominationRoundPage) },
      { path: 'care', element: guarded('care:read', CarePage) },
      { path: 'burden', element: guarded('burden:read', BurdenPage) },
      { path: '*', element: suspended(<NotFoundPage />) },
    ],
  },
]);
