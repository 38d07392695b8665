export { DataSourcesPage } from './components/data-sources-page';
export { CreateDataSourcePage, EditDataSourcePage } from './components/data-source-wizard-pages';
