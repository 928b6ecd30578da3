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
      { path: '*', element: suspended(<NotFoundPage />) },
    ],
  },
]);
