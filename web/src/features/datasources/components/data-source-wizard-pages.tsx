import { Center, Loader, Stack } from '@mantine/core';
import { useParams } from 'react-router';
import { showHiddenCharacters } from '@keyway/shared';
import { ErrorState } from '@/components/error-state';
import { useDataSource } from '../api/get-data-source';
import { useFolders } from '@/lib/folders';
import { ToolsBreadcrumbs } from './data-sources-page';
import { DataSourceWizard } from './wizard/data-source-wizard';

function Loading() {
  return (
    <Center py="xl">
      <Loader aria-label="Loading" />
    </Center>
  );
}

function useFolderFromRoute() {
  const { folderName } = useParams();
  const folders = useFolders();
  return { folders, folder: folders.data?.find((f) => f.name === folderName) };
}

export function CreateDataSourcePage() {
  const { folders, folder } = useFolderFromRoute();
  // A failed background refresh keeps the last answer: the wizard, and what was typed in it, stays.
  if (folders.isPending) return <Loading />;
  if (!folders.data) return <ErrorState order={1} title="Folders could not be loaded" error={folders.error} onRetry={() => folders.refetch()} />;
  if (!folder) return <ErrorState order={1} title="No such folder" error={new Error('The folder in this address does not exist.')} />;
  return (
    <Stack gap="md">
      <ToolsBreadcrumbs current="Create" />
      <DataSourceWizard folder={folder} />
    </Stack>
  );
}

export function EditDataSourcePage() {
  const { dataSourceId = '' } = useParams();
  const { folders, folder } = useFolderFromRoute();
  const dataSource = useDataSource(dataSourceId);
  if (folders.isPending || dataSource.isPending) return <Loading />;
  if (!folders.data) return <ErrorState order={1} title="Folders could not be loaded" error={folders.error} onRetry={() => folders.refetch()} />;
  if (!dataSource.data) return <ErrorState order={1} title="The data source could not be loaded" error={dataSource.error} onRetry={() => dataSource.refetch()} />;
  if (!folder) return <ErrorState order={1} title="No such folder" error={new Error('The folder in this address does not exist.')} />;
  return (
    <Stack gap="md">
      <ToolsBreadcrumbs current={showHiddenCharacters(dataSource.data.title)} />
      <DataSourceWizard key={dataSource.data.id} folder={folder} existing={dataSource.data} />
    </Stack>
  );
}
