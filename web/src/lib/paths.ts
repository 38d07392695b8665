/** Every console URL in one place, so links and routes cannot drift apart. */
export const paths = {
  health: () => '/health',
  users: () => '/admin/users',
  apiKeys: () => '/admin/api-keys',
  auditLog: () => '/admin/audit-log',
  healthDetail: (dataSourceId: string) => `/health/${encodeURIComponent(dataSourceId)}`,
  dataSources: (folderName?: string) =>
    folderName ? `/tools/cloud-services/data-sources?folder=${encodeURIComponent(folderName)}` : '/tools/cloud-services/data-sources',
  createDataSource: (folderName: string) => `/tools/cloud-services/data-sources/${encodeURIComponent(folderName)}/create`,
  editDataSource: (folderName: string, id: string) =>
    `/tools/cloud-services/data-sources/${encodeURIComponent(folderName)}/${encodeURIComponent(id)}/edit`,
};
