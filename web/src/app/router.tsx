import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './app-layout';
import { NotFoundPage } from './not-found-page';
import { RequirePermission } from './require-permission';
import type { RouteHandle } from './route-title';
import { paths } from '@/lib/paths';

const titled = (title: string): { handle: RouteHandle } => ({ handle: { title } });

// The health pages load on first visit, so the charts library stays out of the main bundle.
const HealthDashboardPage = lazy(() => import('@/features/health').then((m) => ({ default: m.HealthDashboardPage })));
const HealthDetailPage = lazy(() => import('@/features/health').then((m) => ({ default: m.HealthDetailPage })));

// The data source pages carry the wizard, the description reader and yaml: loaded where they are used.
const DataSourcesPage = lazy(() => import('@/features/datasources').then((m) => ({ default: m.DataSourcesPage })));
const CreateDataSourcePage = lazy(() => import('@/features/datasources').then((m) => ({ default: m.CreateDataSourcePage })));
const EditDataSourcePage = lazy(() => import('@/features/datasources').then((m) => ({ default: m.EditDataSourcePage })));

const UsersPage = lazy(() => import('@/features/users').then((m) => ({ default: m.UsersPage })));
const ApiKeysPage = lazy(() => import('@/features/api-keys').then((m) => ({ default: m.ApiKeysPage })));
const AuditLogPage = lazy(() => import('@/features/audit').then((m) => ({ default: m.AuditLogPage })));

const loading = (page: ReactNode) => (
  <Suspense
    fallback={
      <Center py="xl">
        <Loader aria-label="Loading" />
      </Center>
    }
  >
    {page}
  </Suspense>
);

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to={paths.health()} replace /> },
      { path: 'health', ...titled('Health'), element: loading(<HealthDashboardPage />) },
      { path: 'health/:dataSourceId', ...titled('Data source health'), element: loading(<HealthDetailPage />) },
      { path: 'tools/cloud-services/data-sources', ...titled('Data Sources'), element: loading(<DataSourcesPage />) },
      {
        path: 'tools/cloud-services/data-sources/:folderName/create',
        ...titled('Create data source'),
        element: (
          <RequirePermission permission="datasources.write">{loading(<CreateDataSourcePage />)}</RequirePermission>
        ),
      },
      {
        path: 'tools/cloud-services/data-sources/:folderName/:dataSourceId/edit',
        ...titled('Edit data source'),
        element: (
          <RequirePermission permission="datasources.write">{loading(<EditDataSourcePage />)}</RequirePermission>
        ),
      },
      { path: 'admin/users', ...titled('Users'), element: <RequirePermission permission="users.manage">{loading(<UsersPage />)}</RequirePermission> },
      { path: 'admin/api-keys', ...titled('API keys'), element: <RequirePermission permission="api_keys.manage">{loading(<ApiKeysPage />)}</RequirePermission> },
      { path: 'admin/audit-log', ...titled('Audit log'), element: <RequirePermission permission="audit.read">{loading(<AuditLogPage />)}</RequirePermission> },
      { path: '*', ...titled('Page not found'), element: <NotFoundPage /> },
    ],
  },
]);
