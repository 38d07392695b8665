import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiKey } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { LIST_REFRESH_MS } from '@/lib/react-query';

export const getApiKeys = () => api.get<{ apiKeys: ApiKey[] }>('/api-keys').then((r) => r.apiKeys);

export const getApiKeysQueryOptions = () => queryOptions({ queryKey: ['api-keys'], queryFn: getApiKeys });

// Refreshed like the other lists, so "Last used" moves while the page is open.
export const useApiKeys = () => useQuery({ ...getApiKeysQueryOptions(), refetchInterval: LIST_REFRESH_MS });
