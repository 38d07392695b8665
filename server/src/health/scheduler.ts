/**
 * In-process scheduler for periodic checks. It knows nothing about what a check does: the caller
 * supplies `run(id, trigger)` and says through the outcome how long to stay away: the provider's
 * Retry-After, and the caller's own cooldown (the health monitor's circuit breaker). Without
 * either, a check runs on its interval whether it succeeded or not.
 *
 * One timer serves the whole scheduler, armed for the earliest due check, so thousands of checks
 * cost one pending timer plus a heap entry each.
 */

import { MinHeap, type HeapNode } from './min-heap';

export interface ScheduledCheck {
  id: string;
  intervalMs: number;
}

export interface CheckOutcome {
  /** Whether the check succeeded; for the caller, as the timing follows only the two fields below. */
  ok: boolean;
  /** From a Retry-After header, already converted to ms (seconds or HTTP date); capped by the scheduler. */
  retryAfterMs?: number;
  /** Scheduled runs wait at least this long after this one (an open circuit); the caller bounds it. */
  cooldownMs?: number;
}

/** `scheduled`: a due slot; `manual`: runNow, for a person or a save. */
export type CheckTrigger = 'scheduled' | 'manual';

/**
 * Where a failure that is not the check's own happened: `settle`, the scheduler's bookkeeping
 * after a run (the check is then put back one interval from the run's end, so it stays on the
 * schedule); `onStart` or `onError`, the caller's callback threw.
 */
export type SchedulerFault = 'settle' | 'onStart' | 'onError';

export interface SchedulerOptions {
  run: (id: string, trigger: CheckTrigger) => Promise<CheckOutcome>;
  /** At most this many checks at once; the rest wait in due order. */
  concurrency: number;
  /** The first run of each check is placed at a random point in [0, jitterRatio * interval) from when it was added, so checks added together do not bunch. 0..1. */
  jitterRatio: number;
  /** Retry-After is honoured up to this. */
  maxRetryAfterMs: number;
  now?: () => number;
  random?: () => number;
  /** Reports when each scheduled check started against when it was due (for drift measurement). */
  onStart?: (id: string, dueAt: number, startedAt: number) => void;
  /** Errors thrown by run() are reported here, and the run counts as { ok: false }; the scheduler never stops because of one. */
  onError?: (id: string, error: unknown) => void;
  /** Failures of the scheduler itself and exceptions from onStart or onError, each reported once; if this throws as well, that is dropped. */
  onInternalError: (id: string, error: unknown, where: SchedulerFault) => void;
}

export interface SchedulerStats {
  /** Checks currently registered. */
  scheduled: number;
  /** Runs in flight, scheduled and runNow alike (a removed check still running is included). */
  running: number;
  /** Checks that are due but wait for a free slot. */
  queued: number;
  /** Runs started since construction, scheduled and runNow alike. */
  started: number;
}

/** setTimeout treats larger delays as 1 ms; longer waits are bridged by re-arming. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

interface Entry {
  id: string;
  intervalMs: number;
  addedAt: number;
  /** Kept so an interval change before the first run can keep the check's place in the spread. */
  jitterFraction: number;
  /** Due time of the last scheduled slot that ran; undefined until the first one. */
  anchor: number | undefined;
  dueAt: number;
  /** From the latest outcome: Retry-After or cooldown, as an absolute time. */
  notBefore: number;
  /** Bumped whenever the entry's heap node goes stale, which makes deletion from the heap lazy. */
  version: number;
  inHeap: boolean;
  running: Promise<CheckOutcome> | undefined;
  /** A slot fell due while a runNow was in flight; that run stands in for it. */
  slotCoveredByManualRun: boolean;
}

/** A heap node goes stale when its entry's version moves on; stale nodes are skipped and dropped. */
interface SlotNode extends HeapNode {
  version: number;
  entry: Entry;
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive finite number`);
}

/** First time at or after `now` that is `base` plus a whole number of intervals: missed slots are skipped, the phase is kept. */
function firstSlotFrom(base: number, intervalMs: number, now: number): number {
  if (base >= now) return base;
  return base + Math.ceil((now - base) / intervalMs) * intervalMs;
}

export class HealthScheduler {
  private readonly runCheck: (id: string, trigger: CheckTrigger) => Promise<CheckOutcome>;
  private readonly concurrency: number;
  private readonly jitterRatio: number;
  private readonly maxRetryAfterMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly onStart: ((id: string, dueAt: number, startedAt: number) => void) | undefined;
  private readonly onError: ((id: string, error: unknown) => void) | undefined;
  private readonly onInternalError: (id: string, error: unknown, where: SchedulerFault) => void;

  private readonly entries = new Map<string, Entry>();
  /** Separate from `entries` so a removed check that is still running keeps its slot and blocks a duplicate. */
  private readonly inFlight = new Map<string, Entry>();
  private readonly heap = new MinHeap<SlotNode>();
  private seq = 0;
  private startedCount = 0;
  private active = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDueAt = Number.POSITIVE_INFINITY;

  constructor(options: SchedulerOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError('concurrency must be a positive integer');
    }
    if (!(options.jitterRatio >= 0 && options.jitterRatio <= 1)) throw new RangeError('jitterRatio must be within 0..1');
    if (!(options.maxRetryAfterMs >= 0)) throw new RangeError('maxRetryAfterMs must not be negative');
    this.runCheck = options.run;
    this.concurrency = options.concurrency;
    this.jitterRatio = options.jitterRatio;
    this.maxRetryAfterMs = options.maxRetryAfterMs;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.onStart = options.onStart;
    this.onError = options.onError;
    this.onInternalError = options.onInternalError;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.dispatch();
  }

  /** No scheduled check starts after this; resolves once every run in flight, runNow ones too (even those started meanwhile), has finished. */
  async stop(): Promise<void> {
    this.active = false;
    this.clearTimer();
    while (this.inFlight.size > 0) {
      const running = [...this.inFlight.values()].map((entry) => entry.running);
      await Promise.allSettled(running);
    }
  }

  upsert(check: ScheduledCheck): void {
    assertPositive('intervalMs', check.intervalMs);
    const now = this.now();
    let entry = this.entries.get(check.id);
    if (entry === undefined) {
      const revived = this.inFlight.get(check.id);
      if (revived !== undefined) {
        // Removed while running and added back: reuse the entry so its completion reschedules it,
        // rather than scheduling a second copy that could start alongside the first.
        revived.intervalMs = check.intervalMs;
        this.entries.set(check.id, revived);
        return;
      }
      const jitterFraction = this.random();
      entry = {
        id: check.id,
        intervalMs: check.intervalMs,
        addedAt: now,
        jitterFraction,
        anchor: undefined,
        dueAt: 0,
        notBefore: Number.NEGATIVE_INFINITY,
        version: 0,
        inHeap: false,
        running: undefined,
        slotCoveredByManualRun: false,
      };
      this.entries.set(check.id, entry);
      this.schedule(entry, this.firstDue(entry));
      this.arm();
      return;
    }

    if (entry.intervalMs === check.intervalMs) return;
    entry.intervalMs = check.intervalMs;
    // A running check picks the new interval up when it completes.
    if (!entry.inHeap) return;
    const candidate = entry.anchor === undefined ? this.firstDue(entry) : this.nextDue(entry, entry.anchor, now);
    // Only ever earlier: a longer interval should not postpone a run that is already pending.
    if (candidate < entry.dueAt) {
      this.schedule(entry, candidate);
      this.arm();
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    this.entries.delete(id);
    this.unschedule(entry);
    this.compactIfStale();
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  runNow(id: string): Promise<CheckOutcome> {
    const running = this.inFlight.get(id)?.running;
    if (running !== undefined) return running;
    const entry = this.entries.get(id);
    if (entry === undefined) return Promise.reject(new Error(`Unknown check: ${id}`));
    // Starts at once, past the concurrency limit: a person is waiting for this answer, while
    // scheduled checks can afford to queue (they do count it as a busy slot).
    return this.launch(entry, 'manual', (outcome, completedAt) => this.afterManualRun(entry, outcome, completedAt));
  }

  /** When the check's next scheduled run is due; undefined when it is not scheduled (removed, or running without a pending slot). */
  nextDueAt(id: string): number | undefined {
    const entry = this.entries.get(id);
    return entry?.inHeap ? entry.dueAt : undefined;
  }

  stats(): SchedulerStats {
    const now = this.now();
    let queued = 0;
    // O(n), but stats are read rarely and this keeps the hot path free of extra bookkeeping.
    for (const node of this.heap.values()) {
      if (this.isLive(node) && node.dueAt <= now && node.entry.running === undefined) queued++;
    }
    return { scheduled: this.entries.size, running: this.inFlight.size, queued, started: this.startedCount };
  }

  private firstDue(entry: Entry): number {
    return entry.addedAt + Math.floor(entry.jitterFraction * this.jitterRatio * entry.intervalMs);
  }

  /** Counted from the slot's due time, not from completion, so run time does not accumulate as drift. */
  private nextDue(entry: Entry, slotDueAt: number, now: number): number {
    const next = firstSlotFrom(slotDueAt + entry.intervalMs, entry.intervalMs, now);
    return Math.max(next, entry.notBefore);
  }

  /** The latest outcome decides: a hold it does not repeat is over (the provider answered again, the circuit closed). */
  private noteHold(entry: Entry, outcome: CheckOutcome, completedAt: number): void {
    const positive = (ms: number | undefined) => (ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : 0);
    const holdMs = Math.max(Math.min(positive(outcome.retryAfterMs), this.maxRetryAfterMs), positive(outcome.cooldownMs));
    // Relative to the response, as the header is.
    entry.notBefore = holdMs > 0 ? completedAt + holdMs : Number.NEGATIVE_INFINITY;
  }

  private schedule(entry: Entry, dueAt: number): void {
    entry.version++;
    entry.dueAt = dueAt;
    entry.inHeap = true;
    this.heap.push({ dueAt, seq: this.seq++, version: entry.version, entry });
    this.compactIfStale();
  }

  private unschedule(entry: Entry): void {
    entry.version++;
    entry.inHeap = false;
  }

  private isLive(node: SlotNode): boolean {
    return node.version === node.entry.version && this.entries.get(node.entry.id) === node.entry;
  }

  private peekLive(): SlotNode | undefined {
    for (;;) {
      const top = this.heap.peek();
      if (top === undefined || this.isLive(top)) return top;
      this.heap.pop();
    }
  }

  /** Stale nodes normally drain as they reach the top; this bounds memory when many far-future ones pile up. */
  private compactIfStale(): void {
    if (this.heap.size <= 2 * this.entries.size + 64) return;
    const live = this.heap.values().filter((node) => this.isLive(node));
    this.heap.clear();
    for (const node of live) this.heap.push(node);
  }

  private dispatch(): void {
    if (!this.active) return;
    const now = this.now();
    while (this.inFlight.size < this.concurrency) {
      const top = this.peekLive();
      if (top === undefined || top.dueAt > now) break;
      this.heap.pop();
      const entry = top.entry;
      entry.inHeap = false;
      if (entry.running !== undefined) {
        // Only a runNow can be in flight here; it answers for this slot instead of a second run.
        entry.slotCoveredByManualRun = true;
        continue;
      }
      this.runCallback(entry.id, 'onStart', () => this.onStart?.(entry.id, top.dueAt, now));
      void this.launch(entry, 'scheduled', (outcome, completedAt) => this.afterScheduledRun(entry, top.dueAt, outcome, completedAt));
    }
    this.arm();
  }

  private launch(entry: Entry, trigger: CheckTrigger, settle: (outcome: CheckOutcome, completedAt: number) => void): Promise<CheckOutcome> {
    let pending: Promise<CheckOutcome>;
    try {
      pending = Promise.resolve(this.runCheck(entry.id, trigger));
    } catch (error) {
      pending = Promise.reject(error);
    }
    const running = pending
      .catch((error: unknown): CheckOutcome => {
        this.runCallback(entry.id, 'onError', () => this.onError?.(entry.id, error));
        return { ok: false };
      })
      .then((outcome) => {
        entry.running = undefined;
        this.inFlight.delete(entry.id);
        const completedAt = this.now();
        try {
          settle(outcome, completedAt);
        } catch (error) {
          this.report(entry.id, error, 'settle');
          this.keepScheduled(entry, completedAt);
        }
        this.dispatch();
        return outcome;
      });
    entry.running = running;
    this.inFlight.set(entry.id, entry);
    this.startedCount++;
    return running;
  }

  private afterScheduledRun(entry: Entry, slotDueAt: number, outcome: CheckOutcome, completedAt: number): void {
    if (this.entries.get(entry.id) !== entry) return;
    entry.anchor = slotDueAt;
    this.noteHold(entry, outcome, completedAt);
    this.schedule(entry, this.nextDue(entry, slotDueAt, completedAt));
  }

  /** Leaves the phase alone; only the hold (Retry-After, cooldown) it reports moves the pending slot. */
  private afterManualRun(entry: Entry, outcome: CheckOutcome, completedAt: number): void {
    if (this.entries.get(entry.id) !== entry) return;
    this.noteHold(entry, outcome, completedAt);
    if (entry.slotCoveredByManualRun) {
      entry.slotCoveredByManualRun = false;
      entry.anchor = entry.dueAt;
      this.schedule(entry, this.nextDue(entry, entry.dueAt, completedAt));
    } else if (!entry.inHeap) {
      // Removed and added back while this run was in flight, which dropped its pending slot.
      const next = entry.anchor === undefined ? this.firstDue(entry) : this.nextDue(entry, entry.anchor, completedAt);
      this.schedule(entry, Math.max(next, entry.notBefore));
    } else {
      const next = entry.anchor === undefined ? Math.max(this.firstDue(entry), entry.notBefore) : this.nextDue(entry, entry.anchor, completedAt);
      // Later when this run asked for a hold; back to the grid when it ended one (a pending slot
      // still in the future that is later than the grid); an overdue slot waiting for a free
      // concurrency slot keeps its place.
      if (entry.dueAt < entry.notBefore || (entry.dueAt > completedAt && entry.dueAt > next)) this.schedule(entry, next);
    }
  }

  /** After a settle that threw: a check still registered but without a pending slot goes back one interval from now, rather than leaving the schedule. */
  private keepScheduled(entry: Entry, completedAt: number): void {
    if (this.entries.get(entry.id) !== entry) return;
    entry.slotCoveredByManualRun = false;
    if (!entry.inHeap) this.schedule(entry, completedAt + entry.intervalMs);
  }

  private arm(): void {
    if (!this.active) return;
    // A completing run calls dispatch, so a full scheduler needs no timer.
    const top = this.inFlight.size < this.concurrency ? this.peekLive() : undefined;
    if (top === undefined) {
      this.clearTimer();
      return;
    }
    if (this.timer !== undefined && this.timerDueAt <= top.dueAt) return;
    this.clearTimer();
    const now = this.now();
    const delay = Math.min(Math.max(top.dueAt - now, 0), MAX_TIMER_DELAY_MS);
    this.timerDueAt = now + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDueAt = Number.POSITIVE_INFINITY;
      this.dispatch();
    }, delay);
    // A pending check must not keep the process alive on shutdown.
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = Number.POSITIVE_INFINITY;
  }

  /** Callbacks belong to the caller; a bug there must not stop the schedule, and is reported instead. */
  private runCallback(id: string, where: 'onStart' | 'onError', fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.report(id, error, where);
    }
  }

  private report(id: string, error: unknown, where: SchedulerFault): void {
    try {
      this.onInternalError(id, error, where);
    } catch {
      // The reporter itself failed: there is nowhere left to report to, and the schedule goes on.
    }
  }
}
