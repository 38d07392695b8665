import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { HealthRow } from '@keyway/shared';
import { healthKeys } from './health-query-keys';

/**
 * The four row-returning actions share this: the answer is the row as it now is, so every cached
 * list and detail showing that row takes it at once; then every query is asked again (lib/react-query.ts).
 */
export function useHealthRowMutation<TVariables>(mutationFn: (variables: TVariables) => Promise<HealthRow>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (row) => {
      queryClient.setQueriesData<{ rows?: HealthRow[]; row?: HealthRow }>({ queryKey: healthKeys.all }, (old) => {
        if (!old) return old;
        if (old.rows) return { ...old, rows: old.rows.map((r) => (r.dataSourceId === row.dataSourceId ? row : r)) };
        if (old.row?.dataSourceId === row.dataSourceId) return { ...old, row };
        return old;
      });
    },
  });
}
