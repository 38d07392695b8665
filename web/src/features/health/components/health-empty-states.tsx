import { Button, Group, Paper } from '@mantine/core';
import { IconDatabaseOff, IconFilterOff, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { GLOBAL_FOLDER_NAME, showHiddenCharacters, type Folder } from '@keyway/shared';
import { EmptyState } from '@/components/empty-state';
import { STATE_LOOKS } from '@/components/health-state';
import { plural } from '@/lib/format';
import { paths } from '@/lib/paths';
import type { HealthListFilters } from '../api/health-query-keys';

/** No data source at all (in this folder): the way to create one, and to the Data Sources page. */
export function NoDataSourcesYet({ folder, canCreate }: { folder: Folder | undefined; canCreate: boolean }) {
  const createIn = folder?.name ?? GLOBAL_FOLDER_NAME;
  return (
    <Paper withBorder radius="md">
      <EmptyState
        order={2}
        icon={<IconDatabaseOff size={30} />}
        title={folder ? `No data sources in ${showHiddenCharacters(folder.title)} yet` : 'No data sources yet'}
        action={
          <Group mt="xs" justify="center">
            {canCreate && (
              <Button component={Link} to={paths.createDataSource(createIn)} leftSection={<IconPlus size={18} />}>
                Create a data source
              </Button>
            )}
            <Button component={Link} to={paths.dataSources(folder?.name)} variant="default">
              Go to Data Sources
            </Button>
          </Group>
        }
      >
        Once a data source is created, the console checks it on a schedule: it gets an access token and calls the API, and shows here whether the
        connection works.
      </EmptyState>
    </Paper>
  );
}

/** The page is past the end, e.g. after data sources were deleted. */
export function PastLastPage({ page, total, onFirstPage }: { page: number; total: number; onFirstPage: () => void }) {
  return (
    <Paper withBorder radius="md">
      <EmptyState
        order={2}
        icon={<IconFilterOff size={30} />}
        title={`Nothing on page ${page}`}
        action={
          <Button mt="xs" variant="default" onClick={onFirstPage}>
            Go to the first page
          </Button>
        }
      >
        {plural(total, 'data source')} {total === 1 ? 'matches' : 'match'}, on fewer pages.
      </EmptyState>
    </Paper>
  );
}

/** Data sources exist, but none passes the filters: says which filters, and clears them. */
export function NoMatches({ filters, folder, onClear }: { filters: HealthListFilters; folder: Folder | undefined; onClear: () => void }) {
  return (
    <Paper withBorder radius="md">
      <EmptyState
        order={2}
        icon={<IconFilterOff size={30} />}
        title="No data sources match these filters"
        action={
          <Button mt="xs" variant="default" onClick={onClear}>
            Clear filters
          </Button>
        }
      >
        {`No data source ${[
          filters.search ? `with "${filters.search}" in its title` : '',
          filters.state ? `in the state "${STATE_LOOKS[filters.state].word}"` : '',
          folder ? `in the folder ${showHiddenCharacters(folder.title)}` : '',
        ]
          .filter(Boolean)
          .join(', ')}.`}
      </EmptyState>
    </Paper>
  );
}
