import type { HealthRow } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { useHealthRowMutation } from './health-mutation';

/** Stops scheduled checks; the data source shows as Paused. */
export const pauseChecks = (dataSourceId: string) =>
  api.post<{ row: HealthRow }>(`/health/${encodeURIComponent(dataSourceId)}/pause`).then((r) => r.row);

export const usePauseChecks = () => useHealthRowMutation(pauseChecks);
