import type { HealthRow } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { useHealthRowMutation } from './health-mutation';

/** Starts scheduled checks again. */
export const resumeChecks = (dataSourceId: string) =>
  api.post<{ row: HealthRow }>(`/health/${encodeURIComponent(dataSourceId)}/resume`).then((r) => r.row);

export const useResumeChecks = () => useHealthRowMutation(resumeChecks);
