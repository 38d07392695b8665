import { MutationCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

/** How often a list on screen asks again by itself, so a change made in another tab or by another person shows up. */
export const LIST_REFRESH_MS = 20_000;

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: {
      /** False for queries no change in the console can alter (the server's settings). */
      refreshAfterChanges?: boolean;
    };
  }
}

export function createQueryClient() {
  const queryClient: QueryClient = new QueryClient({
    mutationCache: new MutationCache({
      // A change shows in more places than its own screen (folder counts, health tiles, the audit
      // log), so every change, successful or not, marks all data stale: what is on screen asks
      // again at once, the rest when next shown. Awaited, so a mutation ends with fresh screens.
      onSettled: () => queryClient.invalidateQueries({ predicate: (query) => query.meta?.refreshAfterChanges !== false }),
    }),
    defaultOptions: {
      queries: {
        // Always ask again when a screen opens (the cached answer shows meanwhile): a list must
        // never show what it showed before a change made elsewhere.
        staleTime: 0,
        // A 4xx will not change by asking again.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
  return queryClient;
}
