import { useMutation } from '@tanstack/react-query';
import type { ApiKey } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const revokeApiKey = (id: string) => api.post<{ apiKey: ApiKey }>(`/api-keys/${encodeURIComponent(id)}/revoke`).then((r) => r.apiKey);

export const useRevokeApiKey = () => useMutation({ mutationFn: revokeApiKey });
