import { useMutation } from '@tanstack/react-query';
import type { ApiKeyCreated, ApiKeyCreateInput } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const createApiKey = (input: ApiKeyCreateInput) => api.post<ApiKeyCreated>('/api-keys', input);

/**
 * The answer holds the key itself, once. It is never put in the query cache, and with gcTime 0
 * the mutation that carried it is dropped as soon as the dialog showing it lets go (reset on close).
 */
export const useCreateApiKey = () => useMutation({ mutationFn: createApiKey, gcTime: 0 });
