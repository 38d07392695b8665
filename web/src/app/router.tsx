import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { CreateDataSourcePage, DataSourcesPage, EditDataSourcePage } from '@/features/datasources';
import { AppLayout } from './app-layout';
import { RequirePermission } from './require-permission';
import { paths } from '@/lib/paths';

// The health pages load on first visit, so the charts library stays out of the main bundle.
const HealthDashboardPage = lazy(() => import('@/features/health').then((m) => ({ default: m.HealthDashboardPage })));
const HealthDetailPage = lazy(() => import('@/features/health').then((m) => ({ default: m.HealthDetailPage })));

const UsersPage = lazy(() => import('@/features/users').then((m) => ({ default: m.UsersPage })));
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
      { path: 'health', element: loading(<HealthDashboardPage />) },
      { path: 'health/:dataSourceId', element: loading(<HealthDetailPage />) },
      { path: 'tools/cloud-services/data-sources', element: <DataSourcesPage /> },
      {
        path: 'tools/cloud-services/data-sources/:folderName/create',
        element: (
          <RequirePermission permission="datasources.write">
            <CreateDataSourcePage />
          </RequirePermission>
        ),
      },
      {
        path: 'tools/cloud-services/data-sources/:folderName/:dataSourceId/edit',
        element: (
          <RequirePermission permission="datasources.write">
            <EditDataSourcePage />
          </RequirePermission>
        ),
      },
      { path: 'admin/users', element: <RequirePermission permission="users.manage">{loading(<UsersPage />)}</RequirePermission> },
      { path: 'admin/audit-log', element: <RequirePermission permission="audit.read">{loading(<AuditLogPage />)}</RequirePermission> },
      { path: '*', element: <Navigate to={paths.dataSources()} replace /> },
    ],
  },
]);
