import type { HealthRow } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { useHealthRowMutation } from './health-mutation';

/** Checks the data source now, out of its schedule. */
export const runCheck = (dataSourceId: string) =>
  api.post<{ row: HealthRow }>(`/health/${encodeURIComponent(dataSourceId)}/check`).then((r) => r.row);

export const useRunCheck = () => useHealthRowMutation(runCheck);
