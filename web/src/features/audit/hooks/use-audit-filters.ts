import { useSearchParams } from 'react-router';
import { AuditQuerySchema } from '@keyway/shared';
import type { AuditFilters } from '../api/get-audit-events';

const FILTER_KEYS = ['action', 'actor', 'outcome', 'from', 'to'] as const;

/**
 * The Audit log's filters live in the address (?action=&actor=&outcome=&from=&to=&page=), so reload,
 * back and shared links keep them. `params` holds what was typed, `filters` what the server is asked.
 */
export function useAuditFilters() {
  const [params, setParams] = useSearchParams();
  const raw = Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? undefined]).filter(([, v]) => v));
  const parsed = AuditQuerySchema.safeParse({ ...raw, page: params.get('page') ?? 1 });
  const fieldErrors = parsed.success ? {} : parsed.error.flatten().fieldErrors;
  const filters: AuditFilters = parsed.success ? parsed.data : { page: 1 };

  /** Changing any filter goes back to page 1. */
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  const filtering = FILTER_KEYS.some((key) => params.get(key));

  return { params, valid: parsed.success, fieldErrors, filters, filtering, update, clear };
}

export type AuditFilterState = ReturnType<typeof useAuditFilters>;
