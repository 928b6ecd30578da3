// Every page is its own lazily loaded chunk, so the login page downloads only what it needs.
import type { Permission } from '@cwp/contracts';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { RequireAuth, RequirePermission } from './auth/guards';
import { PageSpin } from './components/PageSpin';

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
}

const LoginPage = page(() => import('./pages/login'), 'LoginPage');
const ChangePasswordPage = page(() => import('./pages/change-password'), 'ChangePasswordPage');
const AppLayout = page(() => import('./layout/AppLayout'), 'AppLayout');
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
const StaffingPage = page(() => import('./pages/staffing'), 'StaffingPage');
const GradesPage = page(() => import('./pages/grades'), 'GradesPage');
const GradeReviewPage = page(() => import('./pages/grades/review'), 'GradeReviewPage');
const GradeChangePage = page(() => import('./pages/grades/change'), 'GradeChangePage');
const AssessmentsPage = page(() => import('./pages/assessments'), 'AssessmentsPage');
const PayrollPage = page(() => import('./pages/payroll'), 'PayrollPage');
const PayrollRunPage = page(() => import('./pages/payroll/detail'), 'PayrollRunPage');
const PayrollBudgetPage = page(() => import('./pages/payroll/budget'), 'PayrollBudgetPage');
const MyPaySlipsPage = page(() => import('./pages/my-dossier/pay-slips'), 'MyPaySlipsPage');
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
  { path: '/public/recruitment/:id', element: suspended(<PublicPlanPage />) },
  {
    path: '/change-password',
    element: <RequireAuth allowPasswordChange>{suspended(<ChangePasswordPage />)}</RequireAuth>,
  },
  // Printable pages carry no app frame: the page is the sheet of paper.
  {
    path: '/workers/:id/print',
    element: <RequireAuth>{guarded('worker:read', WorkerPrintPage)}</RequireAuth>,
  },
  {
    path: '/me/print',
    element: <RequireAuth>{guarded('self:read', MyDossierPrintPage)}</RequireAuth>,
  },
  {
    path: '/',
    element: <RequireAuth>{suspended(<AppLayout />)}</RequireAuth>,
    children: [
      { index: true, element: suspended(<HomePage />) },
      { path: 'workers', element: guarded('worker:read', WorkersPage) },
      { path: 'workers/new', element: guarded('worker:manage', NewWorkerPage) },
      { path: 'workers/import', element: guarded('worker:import', WorkerImportPage) },
      { path: 'workers/:id', element: guarded('worker:read', WorkerDetailPage) },
      { path: 'me', element: guarded('self:read', MyDossierPage) },
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
      { path: 'grades', element: guarded('grade:read', GradesPage) },
      { path: 'grades/reviews/:id', element: guarded('grade:read', GradeReviewPage) },
      { path: 'grades/changes/:id', element: guarded('grade:read', GradeChangePage) },
      { path: 'assessments', element: guarded('assessment:read', AssessmentsPage) },
      { path: 'payroll', element: guarded('payroll:read', PayrollPage) },
      { path: 'payroll/budget', element: guarded('payroll:read', PayrollBudgetPage) },
      { path: 'payroll/:id', element: guarded('payroll:read', PayrollRunPage) },
      { path: 'me/pay-slips', element: guarded('self:read', MyPaySlipsPage) },
      { path: 'approvals', element: suspended(<ApprovalsPage />) },
      { path: 'approvals/:id', element: suspended(<ApprovalDetailPage />) },
      { path: 'notifications', element: suspended(<NotificationsPage />) },
      { path: 'contracts', element: guarded('contract:read', ContractsPage) },
      { path: 'contracts/:id', element: guarded('contract:read', ContractDetailPage) },
      { path: '*', element: suspended(<NotFoundPage />) },
    ],
  },
]);
