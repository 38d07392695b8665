/**
 * Group commit for health results. On the default store every transaction ends in an fsync
 * (SQLite with synchronous=FULL), and better-sqlite3 makes it on the event loop: with a thousand
 * data sources that is a dozen or more a second, each one holding up requests and other checks,
 * and far longer while other programs keep the disk busy. Results that arrive within `windowMs`
 * of the first one waiting (or `maxBatch` of them) are written in one transaction instead.
 *
 * Each caller still waits for its own result to be committed, so a check is not done, and
 * shutdown does not let go of it, before what it measured is stored. Only one batch is written
 * at a time and items keep the order they came in: a later result for a data source never lands
 * before an earlier one, on PostgreSQL's pool of connections too.
 */

export interface WriteBatcherOptions<Item, Result> {
  /** Writes the items in one transaction, in order, and returns one result per item. */
  write: (items: Item[]) => Promise<Result[]>;
  /** How long the first item waits for others to join it. */
  windowMs: number;
  /** A batch this long is written without waiting for the window. */
  maxBatch: number;
  /** A batch of several failed; its items are about to be written one at a time. */
  onBatchFailed?: (error: unknown, items: readonly Item[]) => void;
}

interface Waiting<Item, Result> {
  item: Item;
  /** Added with addNow: someone waits for it. */
  now: boolean;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export class WriteBatcher<Item, Result> {
  private queue: Array<Waiting<Item, Result>> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The queue may be written at once: the window ended, it is full, or someone waits for it. */
  private due = false;
  private writing: Promise<void> | undefined;
  private counts = { items: 0, transactions: 0 };

  constructor(private readonly options: WriteBatcherOptions<Item, Result>) {
    if (!(options.windowMs >= 0)) throw new RangeError('windowMs must not be negative');
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
  }

  /** Resolves once the item is committed, with its result; rejects if it could not be written. */
  add(item: Item): Promise<Result> {
    return this.enqueue(item, false);
  }

  /** As add, without waiting for the window: written with what is queued before it, as soon as the batch in flight is done. */
  addNow(item: Item): Promise<Result> {
    return this.enqueue(item, true);
  }

  /** Writes whatever is queued now; resolves when it and the batch in flight are done, whether they succeeded or not. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.writing) {
      if (this.queue.length > 0) this.due = true;
      this.kick();
      await this.writing;
    }
  }

  /** Items written and the transactions it took (a failed batch counts, and so does each retry). */
  stats(): { items: number; transactions: number } {
    return { ...this.counts };
  }

  private enqueue(item: Item, now: boolean): Promise<Result> {
    const result = new Promise<Result>((resolve, reject) => this.queue.push({ item, now, resolve, reject }));
    if (now || this.queue.length >= this.options.maxBatch) this.due = true;
    this.kick();
    return result;
  }

  private kick(): void {
    if (this.queue.length === 0) return;
    if (!this.due) {
      // The window runs while a batch is being written too. Not unref'd: the process should not
      // exit with results still to be stored.
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.due = true;
        this.kick();
      }, this.options.windowMs);
      return;
    }
    if (this.writing) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.options.maxBatch);
    // What a full batch left behind gets a window of its own, unless it is full too or someone waits for it.
    this.due = this.queue.length >= this.options.maxBatch || this.queue.some((waiting) => waiting.now);
    this.writing = this.writeBatch(batch).finally(() => {
      this.writing = undefined;
      this.kick();
    });
  }

  private async writeBatch(batch: Array<Waiting<Item, Result>>): Promise<void> {
    try {
      const results = await this.write(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, i) => waiting.resolve(results[i]!));
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      this.report(error, batch);
    }
    // One item the database refuses must not take the others down with it: each on its own.
    for (const waiting of batch) {
      try {
        const [result] = await this.write([waiting.item]);
        waiting.resolve(result!);
      } catch (error) {
        waiting.reject(error);
      }
    }
  }

  private async write(items: Item[]): Promise<Result[]> {
    this.counts.transactions++;
    const results = await this.options.write(items);
    if (results.length !== items.length) throw new Error(`a batch of ${items.length} writes returned ${results.length} results`);
    this.counts.items += items.length;
    return results;
  }

  private report(error: unknown, batch: Array<Waiting<Item, Result>>): void {
    try {
      this.options.onBatchFailed?.(error, batch.map((waiting) => waiting.item));
    } catch {
      // The reporter failed; the items are still written one at a time.
    }
  }
}
