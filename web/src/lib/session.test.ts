import { describe, expect, it, vi } from 'vitest';
import type { SessionState } from '@keyway/shared';
import { ApiError } from './api-client';
import { createSessionStore } from './session';

const signedOut: SessionState = { user: null, setupRequired: false };
const alice: SessionState = { user: { id: 'u1', email: 'alice@example.com', role: 'admin' }, setupRequired: false };

/** A probe whose answers the test gives, one call at a time. */
function probe() {
  const calls: { resolve: (state: SessionState) => void; reject: (error: unknown) => void }[] = [];
  const fetchSession = vi.fn(() => new Promise<SessionState>((resolve, reject) => calls.push({ resolve, reject })));
  return { fetchSession, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the session store', () => {
  it('asks once when first watched, and everyone watching at the time shares the answer', async () => {
    const { fetchSession, calls } = probe();
    const store = createSessionStore({ fetchSession });
    expect(store.getSnapshot()).toMatchObject({ isPending: true, data: undefined });
    const seen = vi.fn();
    store.subscribe(seen);
    store.subscribe(() => {});
    void store.refresh();
    expect(fetchSession).toHaveBeenCalledOnce();

    calls[0]!.resolve(alice);
    await settle();
    expect(store.getSnapshot()).toEqual({ data: alice, error: null, isPending: false, isError: false });
    expect(seen).toHaveBeenCalled();
  });

  it('tries twice more, a second and two apart, when the server cannot be reached; then says so and keeps the last answer', async () => {
    const { fetchSession, calls } = probe();
    const sleep = vi.fn(async () => {});
    const store = createSessionStore({ fetchSession, sleep });
    store.set(alice);
    const refreshed = store.refresh();
    const unreachable = new ApiError(0, 'network_error', 'The console server could not be reached.');
    for (let i = 0; i < 3; i++) {
      await settle();
      calls[i]!.reject(unreachable);
    }
    await refreshed;
    expect(sleep.mock.calls).toEqual([[1000], [2000]]);
    expect(store.getSnapshot()).toEqual({ data: alice, error: unreachable, isPending: false, isError: true });
  });

  it('does not ask again when the server refused (4xx)', async () => {
    const { fetchSession, calls } = probe();
    const store = createSessionStore({ fetchSession, sleep: async () => {} });
    const refreshed = store.refresh();
    calls[0]!.reject(new ApiError(403, 'forbidden', 'No.'));
    await refreshed;
    expect(fetchSession).toHaveBeenCalledOnce();
    expect(store.getSnapshot()).toMatchObject({ isPending: false, isError: true });
  });

  it('keeps a sign-in or sign-out over the answer to a probe sent before it', async () => {
    const { fetchSession, calls } = probe();
    const store = createSessionStore({ fetchSession });
    const refreshed = store.refresh();
    store.set(alice);
    calls[0]!.resolve(signedOut);
    await refreshed;
    expect(store.getSnapshot().data).toEqual(alice);

    // The next probe is asked anew and its answer counts.
    const again = store.refresh();
    calls[1]!.resolve(signedOut);
    await again;
    expect(store.getSnapshot().data).toEqual(signedOut);
  });
});
