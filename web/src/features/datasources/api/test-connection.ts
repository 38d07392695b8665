import { useMutation } from '@tanstack/react-query';
import type { ConnectionTestRequest, ConnectionTestResult } from '@keyway/shared';
import { api } from '@/lib/api-client';

/** Sends the wizard's unsaved values; the BFF does the token exchange and keeps the token. */
export const testConnection = (input: ConnectionTestRequest) =>
  api.post<{ result: ConnectionTestResult }>('/datasources/test', input).then((r) => r.result);

export const useTestConnection = () => useMutation({ mutationFn: testConnection });

/** Tests a saved data source as stored and records the outcome as its status. */
export const useTestSavedDataSource = () =>
  useMutation({
    mutationFn: (id: string) =>
      api.post<{ result: ConnectionTestResult }>(`/datasources/${encodeURIComponent(id)}/test`).then((r) => r.result),
  });
