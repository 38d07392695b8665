import { useSearchParams } from 'react-router';
import { isHealthState } from '@keyway/shared';
import type { HealthListFilters } from '../api/health-query-keys';

const PAGE_SIZE = 24;

export type DashboardFilterChanges = Partial<Record<'folder' | 'state' | 'q' | 'page', string | undefined>>;

/** Filters live in the address (?folder=&state=&q=&page=), so reload, back and shared links keep them. */
export function useDashboardFilters() {
  const [params, setParams] = useSearchParams();
  const state = params.get('state');
  const filters: HealthListFilters = {
    folderId: params.get('folder') ?? undefined,
    state: isHealthState(state) ? state : undefined,
    search: params.get('q')?.trim() || undefined,
    page: Math.max(1, Math.floor(Number(params.get('page'))) || 1),
    pageSize: PAGE_SIZE,
  };
  /** Changing any filter goes back to page 1. */
  const update = (changes: DashboardFilterChanges) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (!('page' in changes)) next.delete('page');
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: !('page' in changes) },
    );
  return { filters, update };
}
