import type { z } from 'zod';
import type { HealthRow, HealthSettingsSchema } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { useHealthRowMutation } from './health-mutation';

export type HealthSettings = z.infer<typeof HealthSettingsSchema>;

export const updateHealthSettings = ({ dataSourceId, ...settings }: HealthSettings & { dataSourceId: string }) =>
  api.put<{ row: HealthRow }>(`/health/${encodeURIComponent(dataSourceId)}/settings`, settings).then((r) => r.row);

/** Saves how often the server checks the data source. */
export const useUpdateHealthSettings = () => useHealthRowMutation(updateHealthSettings);
