import { Anchor, Group, NativeSelect, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { isHealthState, showHiddenCharacters, type Folder } from '@keyway/shared';
import { STATE_LOOKS, STATE_ORDER } from '@/components/health-state';
import type { HealthListFilters } from '../api/health-query-keys';
import type { DashboardFilterChanges } from '../hooks/use-dashboard-filters';

const ALL = 'all';

/**
 * All folders, then each. A folder in the address that is not among them (the list still on its
 * way, or the folder gone) keeps an option of its own: a native select would otherwise show its
 * first option, "All folders", for a filter that is not that.
 */
function folderOptions(folders: Folder[] | undefined, failed: boolean, selected: string | undefined) {
  const options = [{ value: ALL, label: 'All folders' }, ...(folders ?? []).map((f) => ({ value: f.id, label: showHiddenCharacters(f.title) }))];
  if (selected && !options.some((o) => o.value === selected)) {
    options.push({ value: selected, label: folders ? 'Unknown folder' : failed ? 'Folders could not be loaded' : 'Loading folders…' });
  }
  return options;
}

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
      {/* Native selects: the browser's own list, by mouse, touch or keyboard, and none of the
          floating-ui a custom dropdown would bring to the dashboard's first load. */}
      <NativeSelect
        label="Folder"
        data={folderOptions(folders, foldersFailed, filters.folderId)}
        value={filters.folderId ?? ALL}
        onChange={(event) => update({ folder: event.currentTarget.value === ALL ? undefined : event.currentTarget.value })}
        disabled={foldersFailed}
        style={{ flex: '1 1 150px' }}
        maw={{ sm: 260 }}
      />
      <NativeSelect
        label="State"
        data={[{ value: ALL, label: 'All states' }, ...STATE_ORDER.map((s) => ({ value: s, label: STATE_LOOKS[s].word }))]}
        value={filters.state ?? ALL}
        onChange={(event) => update({ state: isHealthState(event.currentTarget.value) ? event.currentTarget.value : undefined })}
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
