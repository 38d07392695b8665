import { ActionIcon, Anchor, Badge, Group, Menu, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPencil, IconPlugConnected, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { SERVICE_TYPES, showHiddenCharacters, type DataSource, type Folder } from '@keyway/shared';
import { Breakable } from '@/components/breakable';
import { DisplayText, DisplayTextWarnings } from '@/components/display-text';
import { errorMessage } from '@/lib/form-errors';
import { paths } from '@/lib/paths';
import { useCan } from '@/lib/session';
import { useDeleteDataSource } from '../api/save-data-source';
import { useTestSavedDataSource } from '../api/test-connection';
import { authSummary } from './auth-summary';
import { DataSourceHealth } from './data-source-health';
import { NO_API_DESCRIPTION } from './no-api-description';

const label = <T extends { value: string; label: string }>(options: readonly T[], value: string) =>
  options.find((o) => o.value === value)?.label ?? value;

/** The authentication in a badge, and a "Deprecated" badge beside a method Salesforce is retiring. */
export function AuthBadges({ auth }: { auth: DataSource['auth'] }) {
  const { label, deprecated } = authSummary(auth);
  return (
    <Group gap={4} wrap="wrap">
      <Badge variant="outline" color="gray" size="sm" tt="none" style={{ maxWidth: '100%' }}>
        {label}
      </Badge>
      {deprecated && (
        <Badge variant="light" color="orange" size="sm" tt="none">
          Deprecated
        </Badge>
      )}
    </Group>
  );
}

export function DataSourceTable({ folder, dataSources }: { folder: Folder; dataSources: DataSource[] }) {
  const narrow = useMediaQuery('(max-width: 48em)');
  const deleteDataSource = useDeleteDataSource();
  const testSaved = useTestSavedDataSource();
  const canWrite = useCan('datasources.write');
  const canTest = useCan('datasources.test');

  const confirmDelete = (ds: DataSource) =>
    modals.openConfirmModal({
      title: `Delete "${showHiddenCharacters(ds.title)}"?`,
      children: (
        <Text size="sm">
          The data source and its stored secret are deleted. Forms that use it stop working. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        deleteDataSource.mutate(ds.id, {
          onSuccess: () => notifications.show({ color: 'green', title: 'Data source deleted', message: showHiddenCharacters(ds.title) }),
          onError: (error) => notifications.show({ color: 'red', title: 'Could not delete', message: errorMessage(error) }),
        }),
    });

  const runTest = (ds: DataSource) =>
    testSaved.mutate(ds.id, {
      onSuccess: (result) =>
        notifications.show({
          color: result.ok ? 'green' : 'red',
          title: result.ok ? 'Connection successful' : 'Connection failed',
          message: result.ok ? showHiddenCharacters(ds.title) : `${showHiddenCharacters(ds.title)}: ${result.failure?.message ?? ''}`,
        }),
      onError: (error) => notifications.show({ color: 'red', title: 'Could not test', message: errorMessage(error) }),
    });

  const actions = (ds: DataSource) => canWrite && (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${showHiddenCharacters(ds.title)}`} loading={testSaved.isPending && testSaved.variables === ds.id}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} />} component={Link} to={paths.editDataSource(folder.name, ds.id)}>
          Edit
        </Menu.Item>
        {canTest && (
          <Menu.Item leftSection={<IconPlugConnected size={16} />} onClick={() => runTest(ds)}>
            Test Connection
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => confirmDelete(ds)}>
          Delete
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
  const titleCell = (ds: DataSource) => (
    <>
      <Group gap={6} wrap="wrap" style={{ rowGap: 2 }}>
        {/* A Viewer cannot edit: the title leads to the data source's health instead. */}
        <Anchor component={Link} to={canWrite ? paths.editDataSource(folder.name, ds.id) : paths.healthDetail(ds.id)} fw={600} size="sm">
          <DisplayText text={ds.title} />
        </Anchor>
        <DisplayTextWarnings text={ds.title} />
      </Group>
      {/* The notes for other administrators, as far as two lines go: the edit page has the rest. */}
      {ds.description && (
        <Text size="xs" lineClamp={2} style={{ overflowWrap: 'break-word' }}>
          <DisplayText text={ds.description} multiline />
        </Text>
      )}
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'break-word' }}>
        {ds.name} · <Breakable kind="address" text={`${ds.scheme}://${ds.host}${ds.basePath === '/' ? '' : ds.basePath}`} />
      </Text>
      {ds.swagger.source === 'none' && (
        <Text size="xs" c="dimmed" fs="italic">
          {NO_API_DESCRIPTION}
        </Text>
      )}
    </>
  );

  if (narrow) {
    return (
      <Stack gap="xs" role="list" aria-label="Data sources">
        {dataSources.map((ds) => (
          <Paper key={ds.id} withBorder p="sm" radius="md" role="listitem">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>{titleCell(ds)}</div>
              {actions(ds)}
            </Group>
            <Group gap="md" mt="xs" align="flex-start">
              <DataSourceHealth dataSource={ds} />
              <AuthBadges auth={ds.auth} />
            </Group>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Data sources">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Title</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>Service Type</Table.Th>
            <Table.Th>Authentication</Table.Th>
            <Table.Th>Health</Table.Th>
            {canWrite && (
              <Table.Th w={48}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {dataSources.map((ds) => (
            <Table.Tr key={ds.id}>
              <Table.Td>{titleCell(ds)}</Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {label(SERVICE_TYPES, ds.serviceType)}
                </Text>
              </Table.Td>
              <Table.Td>
                <AuthBadges auth={ds.auth} />
              </Table.Td>
              <Table.Td><DataSourceHealth dataSource={ds} /></Table.Td>
              {canWrite && <Table.Td>{actions(ds)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
