import { SimpleGrid, VisuallyHidden } from '@mantine/core';
import type { HealthRow } from '@keyway/shared';
import { HealthTile, HealthTileSkeleton } from './health-tile';

const COLS = { base: 1, '560px': 2, '880px': 3, '1280px': 4 };

/** The tiles of one page; dimmed while the previous page's tiles stand in for the next. */
export function HealthTileGrid({ rows, now, stale }: { rows: HealthRow[]; now: number; stale: boolean }) {
  return (
    <section aria-label="Data source health" aria-busy={stale}>
      <SimpleGrid type="container" cols={COLS} spacing="md" style={{ opacity: stale ? 0.6 : 1, transition: 'opacity 150ms' }}>
        {rows.map((row) => (
          <HealthTile key={row.dataSourceId} row={row} now={now} />
        ))}
      </SimpleGrid>
    </section>
  );
}

export function HealthTileGridSkeleton() {
  return (
    <div role="status" aria-busy="true">
      <VisuallyHidden>Loading data sources</VisuallyHidden>
      <SimpleGrid type="container" cols={COLS} spacing="md">
        {Array.from({ length: 6 }, (_, i) => (
          <HealthTileSkeleton key={i} />
        ))}
      </SimpleGrid>
    </div>
  );
}
