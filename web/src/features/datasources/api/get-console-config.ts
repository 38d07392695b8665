import { queryOptions, useQuery } from '@tanstack/react-query';
import { ConsoleConfigSchema, type ConsoleConfig } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const getConsoleConfig = (): Promise<ConsoleConfig> =>
  api.get<unknown>('/config').then((body) => ConsoleConfigSchema.parse(body));

// The server's settings change only with a restart: one fetch per page load is enough.
export const getConsoleConfigQueryOptions = () =>
  queryOptions({ queryKey: ['config'], queryFn: getConsoleConfig, staleTime: Infinity, meta: { refreshAfterChanges: false } });

export const useConsoleConfig = () => useQuery(getConsoleConfigQueryOptions());
