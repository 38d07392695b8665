import { Center, Loader } from '@mantine/core';
import { Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { Permission } from '@keyway/shared';
import { PageErrorBoundary } from '@/components/page-error-boundary';
import { ApiKeysPage } from '@/features/api-keys';
import { AuditLogPage } from '@/features/audit';
import { CreateDataSourcePage, DataSourcesPage, EditDataSourcePage } from '@/features/datasources';
import { HealthDashboardPage, HealthDetailPage } from '@/features/health';
import { UsersPage } from '@/features/users';
import { useDocumentTitle } from '@/lib/document-title';
import { paths } from '@/lib/paths';
import { AppLayout } from './app-layout';
import { NotFoundPage } from './not-found-page';
import { RequirePermission } from './require-permission';

/**
 * A page: its document title ("Data Sources · Keyway"), the permission it needs, and a loader while
 * its code is fetched on the first visit (each feature's index.ts); the layout stays meanwhile, and
 * stays too if the page cannot be shown.
 */
function Page({ title, permission, children }: { title: string; permission?: Permission; children: ReactNode }) {
  useDocumentTitle(title);
  const { pathname } = useLocation();
  const page = (
    <PageErrorBoundary resetKey={pathname}>
      <Suspense
        fallback={
          <Center py="xl">
            <Loader aria-label="Loading" />
          </Center>
        }
      >
        {children}
      </Suspense>
    </PageErrorBoundary>
  );
  return permission ? <RequirePermission permission={permission}>{page}</RequirePermission> : page;
}

/**
 * The console's pages. Declared as <Routes> under a <BrowserRouter> (app/console.tsx), not as a data
 * router: no page uses loaders or actions, and the data router weighs twice as much (16 kB gzipped).
 */
export function ConsoleRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to={paths.health()} replace />} />
        <Route path="health" element={<Page title="Health"><HealthDashboardPage /></Page>} />
        <Route path="health/:dataSourceId" element={<Page title="Data source health"><HealthDetailPage /></Page>} />
        <Route path="tools/cloud-services/data-sources" element={<Page title="Data Sources"><DataSourcesPage /></Page>} />
        <Route
          path="tools/cloud-services/data-sources/:folderName/create"
          element={<Page title="Create data source" permission="datasources.write"><CreateDataSourcePage /></Page>}
        />
        <Route
          path="tools/cloud-services/data-sources/:folderName/:dataSourceId/edit"
          element={<Page title="Edit data source" permission="datasources.write"><EditDataSourcePage /></Page>}
        />
        <Route path="admin/users" element={<Page title="Users" permission="users.manage"><UsersPage /></Page>} />
        <Route path="admin/api-keys" element={<Page title="API keys" permission="api_keys.manage"><ApiKeysPage /></Page>} />
        <Route path="admin/audit-log" element={<Page title="Audit log" permission="audit.read"><AuditLogPage /></Page>} />
        <Route path="*" element={<Page title="Page not found"><NotFoundPage /></Page>} />
      </Route>
    </Routes>
  );
}
