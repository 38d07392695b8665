import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { AuditPage, AuditQuery } from '@keyway/shared';
import { api } from '@/lib/api-client';

export type AuditFilters = Omit<AuditQuery, 'pageSize'>;

export const AUDIT_PAGE_SIZE = 50;

/** The query string of a filter set: the page's request and the CSV export use the same one. */
export function auditSearchParams(filters: Partial<AuditFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['action', 'actor', 'outcome', 'from', 'to'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

export const getAuditEvents = (filters: AuditFilters) => {
  const params = auditSearchParams(filters);
  params.set('page', String(filters.page));
  params.set('pageSize', String(AUDIT_PAGE_SIZE));
  return api.get<AuditPage>(`/audit?${params.toString()}`);
};

export const getAuditEventsQueryOptions = (filters: AuditFilters) =>
  queryOptions({ queryKey: ['audit', filters], queryFn: () => getAuditEvents(filters) });

export const useAuditEvents = (filters: AuditFilters) => useQuery({ ...getAuditEventsQueryOptions(filters), placeholderData: keepPreviousData });
