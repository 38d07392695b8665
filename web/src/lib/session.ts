import { useSyncExternalStore } from 'react';
import { can, type Permission, type SessionState } from '@keyway/shared';
import { api, ApiError } from './api-client';

/*
 * Who is signed in, held here rather than in React Query: the sign-in page reads it before the
 * console (and React Query with it) has loaded. It behaves as the query it replaces did: asked once
 * when first watched, asked again when the tab comes back or the network returns after a minute,
 * two retries a second and two seconds apart unless the server refused (4xx).
 */

export const getSession = () => api.get<SessionState>('/auth/session');

/** An answer older than this is asked again when the tab becomes visible or the browser comes back online. */
const STALE_MS = 60_000;
const RETRY_DELAYS_MS = [1000, 2000];

export interface SessionSnapshot {
  data: SessionState | undefined;
  /** Why the last probe failed; cleared by the next answer. */
  error: unknown;
  isPending: boolean;
  isError: boolean;
}

export interface SessionStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SessionSnapshot;
  /** Asks the server; callers at the same time share one request. */
  refresh(): Promise<void>;
  /** What a sign-in, setup or sign-out answered: no need to ask. */
  set(state: SessionState): void;
}

export function createSessionStore({
  fetchSession = getSession,
  sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  now = Date.now,
}: { fetchSession?: () => Promise<SessionState>; sleep?: (ms: number) => Promise<void>; now?: () => number } = {}): SessionStore {
  let snapshot: SessionSnapshot = { data: undefined, error: null, isPending: true, isError: false };
  let answeredAt = -Infinity;
  let inFlight: Promise<void> | undefined;
  // Bumped by set(): an answer to a probe sent before a sign-in or sign-out is out of date.
  let generation = 0;
  const listeners = new Set<() => void>();

  const publish = (next: SessionSnapshot) => {
    snapshot = next;
    for (const listener of listeners) listener();
  };

  const fetchWithRetries = async (): Promise<SessionState> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetchSession();
      } catch (error) {
        const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
        const delay = RETRY_DELAYS_MS[attempt];
        if (refused || delay === undefined) throw error;
        await sleep(delay);
      }
    }
  };

  const store: SessionStore = {
    subscribe(listener) {
      listeners.add(listener);
      if (snapshot.isPending && !inFlight) void store.refresh();
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    refresh() {
      inFlight ??= (async () => {
        const asked = generation;
        try {
          const data = await fetchWithRetries();
          if (asked !== generation) return;
          answeredAt = now();
          publish({ data, error: null, isPending: false, isError: false });
        } catch (error) {
          if (asked !== generation) return;
          // As React Query does: the last answer stays readable beside the error.
          publish({ data: snapshot.data, error, isPending: false, isError: true });
        } finally {
          inFlight = undefined;
        }
      })();
      return inFlight;
    },
    set(state) {
      generation++;
      answeredAt = now();
      publish({ data: state, error: null, isPending: false, isError: false });
    },
  };

  if (typeof window !== 'undefined') {
    const refreshIfStale = () => {
      if (listeners.size > 0 && document.visibilityState !== 'hidden' && now() - answeredAt > STALE_MS) void store.refresh();
    };
    document.addEventListener('visibilitychange', refreshIfStale);
    window.addEventListener('online', refreshIfStale);
  }
  return store;
}

const sessionStore = createSessionStore();

export function useSession(): SessionSnapshot & { refetch: () => Promise<void> } {
  const snapshot = useSyncExternalStore(sessionStore.subscribe, sessionStore.getSnapshot);
  return { ...snapshot, refetch: sessionStore.refresh };
}

/** Asks the server who is signed in, for instance after a request found the session over. */
export const refreshSession = (): Promise<void> => sessionStore.refresh();

/**
 * A new session (signed in, or signed out). Whatever the console fetched under the previous one,
 * perhaps another person's, goes with it: main.tsx gives each signed-in user a console of their own,
 * with its own query cache, and signed out there is none.
 */
export const replaceSession = (state: SessionState): void => sessionStore.set(state);

/**
 * Whether the signed-in person's role grants a permission, from the same table the server
 * enforces. It only decides what to show: the server refuses the rest regardless.
 */
export function useCan(permission: Permission): boolean {
  const session = useSession();
  return can(session.data?.user?.role, permission);
}

let notice: string | undefined;
/** Why the last session ended (an idle timeout, say), for the sign-in page to say once. */
export function setSessionNotice(message: string | undefined) {
  notice = message;
}
export function takeSessionNotice(): string | undefined {
  const message = notice;
  notice = undefined;
  return message;
}
