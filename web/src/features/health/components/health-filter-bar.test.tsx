import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Folder } from '@keyway/shared';
import { HealthFilterBar } from './health-filter-bar';

const FOLDERS: Folder[] = [{ id: 'f-1', name: 'sales', title: 'Sales', dataSourceCount: 2, createdAt: '2026-01-01T00:00:00.000Z' }];

/** The Folder select's options, as [value, label, selected]. */
function folderOptions(props: { folders: Folder[] | undefined; failed?: boolean; folderId?: string }) {
  const markup = renderToStaticMarkup(
    <MantineProvider>
      <HealthFilterBar
        filters={{ folderId: props.folderId, page: 1, pageSize: 24 }}
        update={() => {}}
        searchText=""
        onSearchText={() => {}}
        onClear={() => {}}
        folders={props.folders}
        foldersFailed={props.failed ?? false}
        hidden={false}
      />
    </MantineProvider>,
  );
  const folderSelect = /<select[^>]*>([\s\S]*?)<\/select>/.exec(markup.slice(markup.indexOf('>Folder<')))!;
  return [...folderSelect[1]!.matchAll(/<option value="([^"]*)"([^>]*)>([^<]*)<\/option>/g)].map(([, value, attrs, label]) => [value, label, attrs!.includes('selected')]);
}

describe('HealthFilterBar', () => {
  it('offers all folders, then each, with the one in the address chosen', () => {
    expect(folderOptions({ folders: FOLDERS, folderId: 'f-1' })).toEqual([
      ['all', 'All folders', false],
      ['f-1', 'Sales', true],
    ]);
    expect(folderOptions({ folders: FOLDERS })).toEqual([
      ['all', 'All folders', true],
      ['f-1', 'Sales', false],
    ]);
  });

  it('never shows "All folders" for a folder in the address that it cannot name', () => {
    expect(folderOptions({ folders: undefined, folderId: 'f-1' }).at(-1)).toEqual(['f-1', 'Loading folders…', true]);
    expect(folderOptions({ folders: undefined, failed: true, folderId: 'f-1' }).at(-1)).toEqual(['f-1', 'Folders could not be loaded', true]);
    expect(folderOptions({ folders: FOLDERS, folderId: 'gone' }).at(-1)).toEqual(['gone', 'Unknown folder', true]);
  });
});
