import { Alert, Anchor, Breadcrumbs, Button, Grid, Group, NavLink, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { useDisclosure } from '@mantine/hooks';
import { IconDatabaseOff, IconFolder, IconFolderPlus, IconFolderQuestion, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { GLOBAL_FOLDER_NAME } from '@keyway/shared';
import { DisplayText, DisplayTextWarnings } from '@/components/display-text';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { SkeletonRows } from '@/components/skeleton-rows';
import { paths } from '@/lib/paths';
import { useCan } from '@/lib/session';
import { useDataSources } from '../api/get-data-sources';
import { useFolders } from '@/lib/folders';
import { CreateFolderModal } from './create-folder-modal';
import { DataSourceTable } from './data-source-table';

export function ToolsBreadcrumbs({ current }: { current?: string }) {
  return (
    <Breadcrumbs separatorMargin={6} fz="sm">
      <Text size="sm" c="dimmed">
        Tools
      </Text>
      <Text size="sm" c="dimmed">
        Cloud Services
      </Text>
      {current ? (
        <Anchor component={Link} to={paths.dataSources()} size="sm">
          Data Sources
        </Anchor>
      ) : (
        <Text size="sm">Data Sources</Text>
      )}
      {current && <Text size="sm">{current}</Text>}
    </Breadcrumbs>
  );
}

/** Tools > Cloud Services > Data Sources: configuration folders on the left, the selected folder's data sources on the right. */
export function DataSourcesPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const canWrite = useCan('datasources.write');
  const [folderModalOpened, folderModal] = useDisclosure(false);
  const folders = useFolders();
  const folderName = searchParams.get('folder') ?? GLOBAL_FOLDER_NAME;
  const named = folders.data?.find((f) => f.name === folderName);
  const folder = named ?? folders.data?.[0];
  // An old link or a typo names a folder that is not there: said, not silently replaced.
  const missingFolder = folders.data && !named ? folderName : null;
  const dataSources = useDataSources(folder?.id);

  if (folders.isError && !folders.data) return <ErrorState order={1} title="Folders could not be loaded" error={folders.error} onRetry={() => folders.refetch()} />;

  return (
    <Stack gap="lg">
      <div>
        <ToolsBreadcrumbs />
        <Title order={1} size="h2" mt={4}>
          Data Sources
        </Title>
        <Text c="dimmed" size="sm">
          Connections to external REST APIs. The console holds every secret and does every token exchange; browsers never see them.
        </Text>
      </div>

      {missingFolder && folder && (
        <Alert color="orange" icon={<IconFolderQuestion size={20} />} title={`There is no folder named “${missingFolder}”`}>
          The link may be old or mistyped. Showing <DisplayText text={folder.title} /> instead.
        </Alert>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder radius="md" p="xs">
            <Group justify="space-between" px="xs" pb={6}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" id="folders-heading">
                Configuration folders
              </Text>
            </Group>
            <nav aria-labelledby="folders-heading">
              {folders.isPending
                ? Array.from({ length: 2 }, (_, i) => <Skeleton key={i} h={32} my={4} />)
                : folders.data.map((f) => (
                    <NavLink
                      key={f.id}
                      // The badges are words inside the link here; the folder's heading explains them.
                      label={
                        <>
                          <DisplayText text={f.title} /> <DisplayTextWarnings text={f.title} subject="folder title" interactive={false} />
                        </>
                      }
                      description={f.name}
                      leftSection={<IconFolder size={18} />}
                      rightSection={<Text size="xs" c="dimmed">{f.dataSourceCount}</Text>}
                      active={f.id === folder?.id}
                      component={Link}
                      to={paths.dataSources(f.name)}
                      aria-current={f.id === folder?.id ? 'page' : undefined}
                    />
                  ))}
            </nav>
            {canWrite && (
              <Button variant="subtle" fullWidth justify="flex-start" leftSection={<IconFolderPlus size={18} />} mt={4} onClick={folderModal.open}>
                New folder
              </Button>
            )}
          </Paper>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 9 }}>
          <Paper withBorder radius="md" p="md">
            <Group justify="space-between" mb="sm" wrap="nowrap">
              <div style={{ minWidth: 0 }}>
                <Group gap="xs" wrap="nowrap">
                  <Title order={2} size="h4" lineClamp={1}>
                    {folder ? <DisplayText text={folder.title} /> : 'Folder'}
                  </Title>
                  {folder && <DisplayTextWarnings text={folder.title} subject="folder title" />}
                </Group>
                <Text size="sm" c="dimmed">
                  {dataSources.data ? `${dataSources.data.length} data source${dataSources.data.length === 1 ? '' : 's'}` : ' '}
                </Text>
              </div>
              {canWrite && (
                // A long folder title is cut short, never the button beside it.
                <Button leftSection={<IconPlus size={18} />} style={{ flexShrink: 0 }} disabled={!folder} onClick={() => folder && navigate(paths.createDataSource(folder.name))}>
                  Create
                </Button>
              )}
            </Group>

            {dataSources.isError ? (
              <ErrorState title="Data sources could not be loaded" error={dataSources.error} onRetry={() => dataSources.refetch()} />
            ) : !folder || dataSources.isPending ? (
              <SkeletonRows count={3} height={44} />
            ) : dataSources.data.length === 0 ? (
              <EmptyState
                icon={<IconDatabaseOff size={30} />}
                title="No data sources in this folder yet"
                action={
                  canWrite && (
                    <Button mt="xs" leftSection={<IconPlus size={18} />} onClick={() => navigate(paths.createDataSource(folder.name))}>
                      Create
                    </Button>
                  )
                }
              >
                A data source connects forms to a REST API, such as Salesforce, using its Swagger file and OAuth 2.0 client credentials.
                {!canWrite && ' Your role can view data sources; an Editor or Administrator creates them.'}
              </EmptyState>
            ) : (
              <DataSourceTable folder={folder} dataSources={dataSources.data} />
            )}
          </Paper>
        </Grid.Col>
      </Grid>

      <CreateFolderModal opened={folderModalOpened} onClose={folderModal.close} onCreated={(f) => navigate(paths.dataSources(f.name))} />
      {/* Shows the confirmations asked for with modals.openConfirmModal, here rather than for the whole console: the dialog code loads with the pages that ask. */}
      <ModalsProvider />
    </Stack>
  );
}
