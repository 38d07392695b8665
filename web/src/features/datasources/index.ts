import { lazy } from 'react';

// Each page is fetched on its first visit: the list does not bring the wizard, the description reader or yaml.
export const DataSourcesPage = lazy(() => import('./components/data-sources-page').then((m) => ({ default: m.DataSourcesPage })));
export const CreateDataSourcePage = lazy(() => import('./components/data-source-wizard-pages').then((m) => ({ default: m.CreateDataSourcePage })));
export const EditDataSourcePage = lazy(() => import('./components/data-source-wizard-pages').then((m) => ({ default: m.EditDataSourcePage })));
