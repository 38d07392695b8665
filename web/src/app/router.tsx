import { createBrowserRouter, Navigate } from 'react-router';
import { CreateDataSourcePage, DataSourcesPage, EditDataSourcePage } from '@/features/datasources';
import { AppLayout } from './app-layout';
import { paths } from '@/lib/paths';

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to={paths.dataSources()} replace /> },
      { path: 'tools/cloud-services/data-sources', element: <DataSourcesPage /> },
      { path: 'tools/cloud-services/data-sources/:folderName/create', element: <CreateDataSourcePage /> },
      { path: 'tools/cloud-services/data-sources/:folderName/:dataSourceId/edit', element: <EditDataSourcePage /> },
      { path: '*', element: <Navigate to={paths.dataSources()} replace /> },
    ],
  },
]);
