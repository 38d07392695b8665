import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';

const WINDOW_MS = 10;

/**
 * A batcher over a pretend table: each call of `write` is one transaction, kept in `transactions`
 * with its items. `hold` makes the next write wait until the test releases it.
 */
function batcher(options: Partial<WriteBatcherOptions<string, string>> = {}) {
  const transactions: string[][] = [];
  const stored: string[] = [];
  let held: Array<() => void> | undefined;
  const write = vi.fn(async (items: string[]) => {
    transactions.push([...items]);
    if (held) await new Promise<void>((release) => held!.push(release));
    stored.push(...items);
    return items.map((item) => `stored ${item}`);
  });
  const writes = new WriteBatcher<string, string>({ write, windowMs: WINDOW_MS, maxBatch: 100, ...options });
  return {
    writes,
    write,
    transactions,
    stored,
    hold() {
      held = [];
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const release of waiting) release();
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WriteBatcher', () => {
  it('writes what is added within the window in one transaction, and answers each caller with its own result', async () => {
    vi.useFakeTimers();
    const { writes, transactions } = batcher();
    const results = [writes.add('a'), writes.add('b'), writes.add('c')];
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 1);
    expect(transactions).toEqual([]);

    await vi.advanceTimersByTimeAsync(1);
    expect(transactions).toEqual([['a', 'b', 'c']]);
    await expect(Promise.all(results)).resolves.toEqual(['stored a', 'stored b', 'stored c']);
    expect(writes.stats()).toEqual({ items: 3, transactions: 1 });
  });

  it('starts a new window for what comes after a batch was written', async () => {
    vi.useFakeTimers();
    const { writes, transactions } = batcher();
    void writes.add('a');
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    void writes.add('b');
    void writes.add('c');
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    expect(transactions).toEqual([['a'], ['b', 'c']]);
  });

  it('writes a full batch without waiting for the window, and the rest after it', async () => {
    vi.useFakeTimers();
    const { writes, transactions } = batcher({ maxBatch: 2 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((item) => writes.add(item));
    await vi.advanceTimersByTimeAsync(0);
    expect(transactions).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    expect(transactions).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    await Promise.all(results);
  });

  it('writes an item added with addNow at once, together with and after what was queued before it', async () => {
    vi.useFakeTimers();
    const { writes, transactions } = batcher();
    const queued = writes.add('scheduled');
    // No timer moves: the window plays no part.
    await expect(writes.addNow('asked for')).resolves.toBe('stored asked for');
    await expect(queued).resolves.toBe('stored scheduled');
    expect(transactions).toEqual([['scheduled', 'asked for']]);
  });

  it('writes one batch at a time, in the order items came, while the next one gathers', async () => {
    vi.useFakeTimers();
    const { writes, transactions, stored, hold, release } = batcher();
    hold();
    const first = [writes.add('a'), writes.add('b')];
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    expect(transactions).toEqual([['a', 'b']]);

    // These arrive while a, b are still being committed; the window passes meanwhile too.
    const second = [writes.add('c'), writes.addNow('d'), writes.add('e')];
    await vi.advanceTimersByTimeAsync(5 * WINDOW_MS);
    expect(transactions).toEqual([['a', 'b']]);

    release();
    await Promise.all(first);
    await Promise.all(second);
    expect(transactions).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    expect(stored).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('writes what waited out its window behind a batch in flight as soon as that batch is done', async () => {
    vi.useFakeTimers();
    const { writes, transactions, hold, release } = batcher();
    hold();
    void writes.addNow('a');
    await vi.advanceTimersByTimeAsync(0);
    const later = writes.add('b');
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    release();
    await later;
    expect(transactions).toEqual([['a'], ['b']]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush writes what is queued without waiting for the window, and resolves once it is committed', async () => {
    vi.useFakeTimers();
    const { writes, stored } = batcher();
    void writes.add('a');
    void writes.add('b');
    await writes.flush();
    expect(stored).toEqual(['a', 'b']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush waits for the batch in flight and for what was queued behind it', async () => {
    vi.useFakeTimers();
    const { writes, stored, hold, release } = batcher();
    hold();
    void writes.addNow('a');
    await vi.advanceTimersByTimeAsync(0);
    void writes.add('b');
    let flushed = false;
    const flushing = writes.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).toBe(false);

    release();
    await flushing;
    expect(stored).toEqual(['a', 'b']);
  });

  it('when a batch fails, says so and writes its items one at a time: the one the database refuses fails alone', async () => {
    vi.useFakeTimers();
    const refused = new Error('CHECK constraint failed');
    const failures: Array<{ error: unknown; items: readonly string[] }> = [];
    const transactions: string[][] = [];
    const writes = new WriteBatcher<string, string>({
      windowMs: WINDOW_MS,
      maxBatch: 100,
      write: async (items) => {
        transactions.push([...items]);
        if (items.includes('bad')) throw refused;
        return items.map((item) => `stored ${item}`);
      },
      onBatchFailed: (error, items) => failures.push({ error, items }),
    });
    const results = ['a', 'bad', 'c'].map((item) => writes.add(item).then((value) => ({ value }), (error: unknown) => ({ error })));
    await vi.advanceTimersByTimeAsync(WINDOW_MS);

    expect(await Promise.all(results)).toEqual([{ value: 'stored a' }, { error: refused }, { value: 'stored c' }]);
    expect(failures).toEqual([{ error: refused, items: ['a', 'bad', 'c'] }]);
    expect(transactions).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    expect(writes.stats()).toEqual({ items: 2, transactions: 4 });
  });

  it('goes on writing after a failed write', async () => {
    vi.useFakeTimers();
    const { writes, write, stored } = batcher();
    write.mockRejectedValueOnce(new Error('disk I/O error'));
    await expect(writes.addNow('lost')).rejects.toThrow('disk I/O error');
    await expect(writes.addNow('next')).resolves.toBe('stored next');
    expect(stored).toEqual(['next']);
  });

  it('refuses a write that does not answer for every item', async () => {
    const writes = new WriteBatcher<string, string>({ windowMs: WINDOW_MS, maxBatch: 100, write: async () => [] });
    await expect(writes.addNow('a')).rejects.toThrow('a batch of 1 writes returned 0 results');
  });
});
