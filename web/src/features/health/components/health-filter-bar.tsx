import { Anchor, Group, Select, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { showHiddenCharacters, type Folder, type HealthState } from '@keyway/shared';
import { STATE_LOOKS, STATE_ORDER } from '@/components/health-state';
import type { HealthListFilters } from '../api/health-query-keys';
import type { DashboardFilterChanges } from '../hooks/use-dashboard-filters';

const ALL = 'all';

/**
 * Search, Folder and State. The search box shows what is typed; the page owns that text, since the
 * empty state's Clear filters empties it too.
 */
export function HealthFilterBar(props: {
  filters: HealthListFilters;
  update: (changes: DashboardFilterChanges) => void;
  searchText: string;
  onSearchText: (value: string) => void;
  onClear: () => void;
  folders: Folder[] | undefined;
  foldersFailed: boolean;
  /** While there are no data sources at all, there is nothing to filter. */
  hidden: boolean;
}) {
  const { filters, update, searchText, onSearchText, onClear, folders, foldersFailed, hidden } = props;
  const filtered = Boolean(filters.state || filters.search);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" display={hidden ? 'none' : undefined}>
      <TextInput
        label="Search"
        placeholder="Data source title"
        leftSection={<IconSearch size={16} />}
        value={searchText}
        onChange={(event) => onSearchText(event.currentTarget.value)}
        maxLength={100}
        type="search"
        style={{ flex: '1 1 220px' }}
      />
      <Select
        label="Folder"
        data={[{ value: ALL, label: 'All folders' }, ...(folders ?? []).map((f) => ({ value: f.id, label: showHiddenCharacters(f.title) }))]}
        value={filters.folderId ?? ALL}
        onChange={(value) => update({ folder: value && value !== ALL ? value : undefined })}
        allowDeselect={false}
        disabled={foldersFailed}
        style={{ flex: '1 1 150px' }}
        maw={{ sm: 260 }}
      />
      <Select
        label="State"
        data={[{ value: ALL, label: 'All states' }, ...STATE_ORDER.map((s) => ({ value: s, label: STATE_LOOKS[s].word }))]}
        value={filters.state ?? ALL}
        onChange={(value) => update({ state: value && value !== ALL ? (value as HealthState) : undefined })}
        allowDeselect={false}
        style={{ flex: '1 1 150px' }}
        maw={{ sm: 220 }}
      />
      {filtered && (
        <Anchor component="button" type="button" size="sm" onClick={onClear} mb={8}>
          Clear filters
        </Anchor>
      )}
    </Group>
  );
}
