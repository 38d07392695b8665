import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { CreateDataSourcePage, DataSourcesPage, EditDataSourcePage } from '@/features/datasources';
import { AppLayout } from './app-layout';
import { paths } from '@/lib/paths';

// The health pages load on first visit, so the charts library stays out of the main bundle.
const HealthDashboardPage = lazy(() => import('@/features/health').then((m) => ({ default: m.HealthDashboardPage })));
const HealthDetailPage = lazy(() => import('@/features/health').then((m) => ({ default: m.HealthDetailPage })));

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
      { path: 'tools/cloud-services/data-sources/:folderName/create', element: <CreateDataSourcePage /> },
      { path: 'tools/cloud-services/data-sources/:folderName/:dataSourceId/edit', element: <EditDataSourcePage /> },
      { path: '*', element: <Navigate to={paths.dataSources()} replace /> },
    ],
  },
]);
