import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HealthScheduler, type CheckOutcome, type SchedulerFault, type SchedulerOptions } from './scheduler';

const T0 = Date.UTC(2025, 0, 1);
const SEC = 1_000;
const MIN = 60 * SEC;

interface Start {
  id: string;
  dueAt: number;
  startedAt: number;
}

interface Fault {
  id: string;
  error: unknown;
  where: SchedulerFault;
}

function create(options: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'run'>): {
  scheduler: HealthScheduler;
  starts: Start[];
  faults: Fault[];
} {
  const starts: Start[] = [];
  const faults: Fault[] = [];
  const scheduler = new HealthScheduler({
    concurrency: 100,
    jitterRatio: 0,
    maxRetryAfterMs: 60 * MIN,
    onStart: (id, dueAt, startedAt) => starts.push({ id, dueAt, startedAt }),
    onInternalError: (id, error, where) => faults.push({ id, error, where }),
    ...options,
  });
  return { scheduler, starts, faults };
}

/** An outcome the scheduler cannot read: its settle step throws. */
function unreadableOutcome(error: Error): CheckOutcome {
  return Object.defineProperty({ ok: true }, 'retryAfterMs', {
    enumerable: true,
    get() {
      throw error;
    },
  }) as CheckOutcome;
}

/** Runs that stay pending until the test settles them. */
function manualRuns(): {
  run: ReturnType<typeof vi.fn<(id: string) => Promise<CheckOutcome>>>;
  calls: { id: string; at: number; resolve: (outcome: CheckOutcome) => void }[];
} {
  const calls: { id: string; at: number; resolve: (outcome: CheckOutcome) => void }[] = [];
  const run = vi.fn(
    (id: string) =>
      new Promise<CheckOutcome>((resolve) => {
        calls.push({ id, at: Date.now() - T0, resolve });
      }),
  );
  return { run, calls };
}

/** Runs that take `ms` of (fake) time. */
function timedRun(ms: number, outcome: () => CheckOutcome = () => ({ ok: true })): (id: string) => Promise<CheckOutcome> {
  return () => new Promise((resolve) => setTimeout(() => resolve(outcome()), ms));
}

function offsets(starts: readonly Start[], id?: string): number[] {
  return starts.filter((s) => id === undefined || s.id === id).map((s) => s.startedAt - T0);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function advanceTo(offsetMs: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(T0 + offsetMs - Date.now());
}

async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

/** stop() waits for runs in flight, whose completion here depends on fake time moving on. */
async function stopAndDrain(scheduler: HealthScheduler): Promise<void> {
  const stopping = scheduler.stop();
  await vi.runAllTimersAsync();
  await stopping;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('HealthScheduler', () => {
  it('keeps to the grid: the next due time is the previous one plus the interval, not completion plus the interval', async () => {
    const { scheduler, starts } = create({ run: timedRun(5 * SEC) });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(10 * MIN);
    await stopAndDrain(scheduler);

    expect(offsets(starts)).toEqual(Array.from({ length: 11 }, (_, k) => k * MIN));
    for (const s of starts) expect(s.startedAt).toBe(s.dueAt);
  });

  it('keeps many checks with different intervals and run times exactly on their grids', async () => {
    const random = mulberry32(7);
    const durations = new Map<string, number>();
    const { scheduler, starts } = create({
      // Enough slots that nothing queues; queueing delays are a separate property.
      concurrency: 200,
      jitterRatio: 1,
      random,
      run: (id) => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), durations.get(id))),
    });
    const intervals = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const intervalMs = (10 + Math.floor(random() * 290)) * SEC;
      intervals.set(`c${i}`, intervalMs);
      durations.set(`c${i}`, Math.floor(random() * intervalMs * 0.9));
      scheduler.upsert({ id: `c${i}`, intervalMs });
    }
    scheduler.start();
    await advanceTo(30 * MIN);
    await stopAndDrain(scheduler);

    for (const [id, intervalMs] of intervals) {
      const mine = starts.filter((s) => s.id === id);
      expect(mine.length).toBeGreaterThanOrEqual(6);
      for (const s of mine) expect(s.startedAt).toBe(s.dueAt);
      for (let k = 1; k < mine.length; k++) expect(mine[k]!.dueAt - mine[k - 1]!.dueAt).toBe(intervalMs);
    }
  });

  it('never runs one check twice at once and skips the slots it missed instead of catching up', async () => {
    let active = 0;
    let maxActive = 0;
    const { scheduler, starts } = create({
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 150 * SEC));
        active--;
        return { ok: true };
      },
    });
    scheduler.upsert({ id: 'slow', intervalMs: MIN });
    scheduler.start();
    await advanceTo(179 * SEC);
    // Finished at 150 s; slots 60 s and 120 s were missed and are not made up.
    expect(offsets(starts)).toEqual([0]);
    await advanceTo(400 * SEC);
    await stopAndDrain(scheduler);
    expect(offsets(starts)).toEqual([0, 180 * SEC, 360 * SEC]);
    expect(maxActive).toBe(1);
  });

  it('does not start a burst when a long-running check finally finishes', async () => {
    const { run, calls } = manualRuns();
    const { scheduler, starts } = create({ run });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(605 * SEC);
    expect(run).toHaveBeenCalledTimes(1);

    calls[0]!.resolve({ ok: true });
    await advanceTo(659 * SEC);
    expect(run).toHaveBeenCalledTimes(1);
    await advanceTo(660 * SEC);
    expect(run).toHaveBeenCalledTimes(2);
    expect(offsets(starts)).toEqual([0, 660 * SEC]);
  });

  it('runs at most `concurrency` checks at once, all of them eventually, queued in due order', async () => {
    const { run, calls } = manualRuns();
    // A permutation, so due order differs from insertion order.
    const fractions = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.0, 0.6, 0.4];
    let next = 0;
    const { scheduler, starts } = create({ run, concurrency: 3, jitterRatio: 0.1, random: () => fractions[next++]! });
    for (let i = 0; i < 10; i++) scheduler.upsert({ id: `c${i}`, intervalMs: MIN });
    scheduler.start();
    await advanceTo(6 * SEC);

    expect(scheduler.stats()).toEqual({ scheduled: 10, running: 3, queued: 7, started: 3 });
    let maxRunning = 0;
    for (let finished = 0; finished < 10; finished++) {
      maxRunning = Math.max(maxRunning, scheduler.stats().running);
      // calls are in start order, so this finishes the longest-running check.
      calls[finished]!.resolve({ ok: true });
      await flush();
    }
    await scheduler.stop();

    expect(maxRunning).toBe(3);
    expect(new Set(starts.map((s) => s.id)).size).toBe(10);
    const dueOrder = starts.map((s) => s.dueAt);
    expect(dueOrder).toEqual([...dueOrder].sort((a, b) => a - b));
    expect(starts.map((s) => s.id)).toEqual(['c7', 'c1', 'c5', 'c3', 'c9', 'c2', 'c8', 'c4', 'c6', 'c0']);
  });

  it('spreads the first runs of checks added together over [0, jitterRatio * interval)', async () => {
    const { scheduler, starts } = create({ run: async () => ({ ok: true }), jitterRatio: 1, random: mulberry32(42) });
    for (let i = 0; i < 100; i++) scheduler.upsert({ id: `c${i}`, intervalMs: MIN });
    scheduler.start();
    await advanceTo(MIN - 1);
    await scheduler.stop();

    const first = offsets(starts);
    expect(first).toHaveLength(100);
    const buckets = Array.from({ length: 10 }, () => 0);
    for (const t of first) {
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThan(MIN);
      buckets[Math.floor(t / (6 * SEC))]!++;
    }
    expect(Math.max(...buckets)).toBeLessThanOrEqual(16);
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(4);
  });

  it('spreads first runs with the default Math.random and honours a smaller jitterRatio', async () => {
    const wide = create({ run: async () => ({ ok: true }), jitterRatio: 1 });
    const narrow = create({ run: async () => ({ ok: true }), jitterRatio: 0.25 });
    for (let i = 0; i < 100; i++) {
      wide.scheduler.upsert({ id: `c${i}`, intervalMs: MIN });
      narrow.scheduler.upsert({ id: `c${i}`, intervalMs: MIN });
    }
    wide.scheduler.start();
    narrow.scheduler.start();
    await advanceTo(MIN - 1);
    await wide.scheduler.stop();
    await narrow.scheduler.stop();

    expect(offsets(wide.starts)).toHaveLength(100);
    const buckets = Array.from({ length: 10 }, () => 0);
    for (const t of offsets(wide.starts)) buckets[Math.floor(t / (6 * SEC))]!++;
    // Binomial(100, 0.1) per bucket: above 30 is astronomically unlikely unless runs bunch.
    expect(Math.max(...buckets)).toBeLessThanOrEqual(30);
    expect(offsets(narrow.starts)).toHaveLength(100);
    for (const t of offsets(narrow.starts)) expect(t).toBeLessThan(15 * SEC);
  });

  it('keeps a single timer however many checks are scheduled', () => {
    const { scheduler } = create({ run: async () => ({ ok: true }), jitterRatio: 1 });
    scheduler.start();
    for (let i = 0; i < 1_000; i++) scheduler.upsert({ id: `c${i}`, intervalMs: MIN });
    expect(vi.getTimerCount()).toBe(1);
    expect(scheduler.stats().scheduled).toBe(1_000);
  });

  it('keeps a failing check on its interval: only a hold in the outcome spaces it out', async () => {
    const { scheduler, starts } = create({ run: async () => ({ ok: false }) });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(4 * MIN);
    await scheduler.stop();
    expect(offsets(starts)).toEqual([0, MIN, 2 * MIN, 3 * MIN, 4 * MIN]);
  });

  it('honours a cooldown uncapped, and returns to the grid once an outcome no longer asks for one', async () => {
    // The circuit breaker's shape: open for 2 min, a failed trial opens it for 4, then a success.
    const outcomes: CheckOutcome[] = [{ ok: false, cooldownMs: 2 * MIN }, { ok: false, cooldownMs: 4 * MIN }, { ok: true }];
    const { scheduler, starts } = create({ run: async () => outcomes.shift() ?? { ok: true }, maxRetryAfterMs: MIN });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(8 * MIN);
    await scheduler.stop();
    expect(offsets(starts)).toEqual([0, 2 * MIN, 6 * MIN, 7 * MIN, 8 * MIN]);
  });

  it('takes the longer of Retry-After (capped) and the cooldown', async () => {
    const outcomes: CheckOutcome[] = [{ ok: false, retryAfterMs: 60 * MIN, cooldownMs: 2 * MIN }, { ok: false, retryAfterMs: 5 * MIN, cooldownMs: 2 * MIN }];
    const { scheduler, starts } = create({ run: async () => outcomes.shift() ?? { ok: true }, maxRetryAfterMs: 3 * MIN });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(7 * MIN);
    await scheduler.stop();
    expect(offsets(starts)).toEqual([0, 3 * MIN, 6 * MIN, 7 * MIN]);
  });

  it('a manual run that ends a hold brings the pending slot back to the grid; one that starts a hold pushes it out', async () => {
    const { run, calls } = manualRuns();
    const { scheduler, starts } = create({ run });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await flush();
    calls[0]!.resolve({ ok: false, cooldownMs: 10 * MIN });
    await flush();
    expect(scheduler.nextDueAt('a')! - T0).toBe(10 * MIN);

    await advanceTo(90 * SEC);
    const manual = scheduler.runNow('a');
    calls[1]!.resolve({ ok: true });
    await manual;
    expect(scheduler.nextDueAt('a')! - T0).toBe(2 * MIN);

    await advanceTo(100 * SEC);
    const again = scheduler.runNow('a');
    calls[2]!.resolve({ ok: false, cooldownMs: 5 * MIN });
    await again;
    expect(scheduler.nextDueAt('a')! - T0).toBe(400 * SEC);
    await scheduler.stop();
    expect(offsets(starts)).toEqual([0]);
  });

  it('honours Retry-After', async () => {
    const outcomes: CheckOutcome[] = [{ ok: false, retryAfterMs: 300 * SEC }];
    const { scheduler, starts } = create({ run: async () => outcomes.shift() ?? { ok: true }, maxRetryAfterMs: 10 * MIN });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(299 * SEC);
    expect(offsets(starts)).toEqual([0]);
    await advanceTo(360 * SEC);
    await scheduler.stop();
    expect(offsets(starts)).toEqual([0, 300 * SEC, 360 * SEC]);
  });

  it('caps Retry-After at maxRetryAfterMs and never lets it shorten the interval', async () => {
    const outcomes: CheckOutcome[] = [
      { ok: true, retryAfterMs: 24 * 60 * MIN },
      { ok: true, retryAfterMs: 1 * SEC },
    ];
    const { scheduler, starts } = create({ run: async () => outcomes.shift() ?? { ok: true }, maxRetryAfterMs: 10 * MIN });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(12 * MIN);
    await scheduler.stop();
    expect(offsets(starts)).toEqual([0, 10 * MIN, 11 * MIN, 12 * MIN]);
  });

  it('treats a throwing or rejecting run() as a failure, reports it, and keeps going', async () => {
    const syncError = new Error('sync boom');
    const asyncError = new Error('async boom');
    const run = vi
      .fn<(id: string) => Promise<CheckOutcome>>()
      .mockImplementationOnce(() => {
        throw syncError;
      })
      .mockImplementationOnce(() => Promise.reject(asyncError))
      .mockImplementation(async () => ({ ok: true }));
    // Even a broken error reporter must not stop the schedule; what it throws is reported in turn.
    const loggerDown = new Error('logger down');
    const onError = vi.fn(() => {
      throw loggerDown;
    });
    const { scheduler, starts, faults } = create({ run, onError });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(5 * MIN);
    await scheduler.stop();

    expect(onError.mock.calls).toEqual([
      ['a', syncError],
      ['a', asyncError],
    ]);
    expect(faults).toEqual([
      { id: 'a', error: loggerDown, where: 'onError' },
      { id: 'a', error: loggerDown, where: 'onError' },
    ]);
    // Failures without a hold keep the interval.
    expect(offsets(starts)).toEqual([0, MIN, 2 * MIN, 3 * MIN, 4 * MIN, 5 * MIN]);
  });

  it('reports its own failure to reschedule after a scheduled run, and keeps the check: it runs again one interval later', async () => {
    const settleError = new Error('cannot read retryAfterMs');
    const outcomes: CheckOutcome[] = [unreadableOutcome(settleError)];
    const { scheduler, starts, faults } = create({ run: timedRun(5 * SEC, () => outcomes.shift() ?? { ok: true }) });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(10 * SEC);

    expect(faults).toEqual([{ id: 'a', error: settleError, where: 'settle' }]);
    expect(scheduler.has('a')).toBe(true);
    // One interval from the end of the run that could not be settled, then on that grid.
    expect(scheduler.nextDueAt('a')! - T0).toBe(65 * SEC);
    await advanceTo(3 * MIN);
    await stopAndDrain(scheduler);
    expect(offsets(starts)).toEqual([0, 65 * SEC, 125 * SEC]);
    expect(faults).toHaveLength(1);
  });

  it('reports its own failure to settle a runNow, and keeps the slot that run stood in for', async () => {
    const settleError = new Error('cannot read retryAfterMs');
    const { run, calls } = manualRuns();
    const { scheduler, starts, faults } = create({ run });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await flush();
    calls[0]!.resolve({ ok: true });

    // The runNow spans the 60 s slot, which it stands in for; settling it throws.
    await advanceTo(50 * SEC);
    const manual = scheduler.runNow('a');
    await advanceTo(70 * SEC);
    calls[1]!.resolve(unreadableOutcome(settleError));
    await manual;

    expect(faults).toEqual([{ id: 'a', error: settleError, where: 'settle' }]);
    expect(scheduler.nextDueAt('a')! - T0).toBe(130 * SEC);
    await advanceTo(130 * SEC);
    calls[2]!.resolve({ ok: true });
    await scheduler.stop();
    expect(offsets(starts)).toEqual([0, 130 * SEC]);
  });

  it('reports a throwing onStart once per start, and one reporter that throws too is dropped without recursion', async () => {
    const startError = new Error('drift meter broken');
    const onInternalError = vi.fn(() => {
      throw new Error('reporter broken');
    });
    const run = vi.fn(async (): Promise<CheckOutcome> => ({ ok: true }));
    const { scheduler } = create({
      run,
      onStart: () => {
        throw startError;
      },
      onInternalError,
    });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(2 * MIN);
    await scheduler.stop();

    expect(run).toHaveBeenCalledTimes(3);
    expect(onInternalError.mock.calls).toEqual([
      ['a', startError, 'onStart'],
      ['a', startError, 'onStart'],
      ['a', startError, 'onStart'],
    ]);
  });

  it('lets a check removed mid-run finish without rescheduling it', async () => {
    const { run, calls } = manualRuns();
    const { scheduler } = create({ run });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await flush();
    expect(scheduler.stats().running).toBe(1);

    scheduler.remove('a');
    expect(scheduler.has('a')).toBe(false);
    calls[0]!.resolve({ ok: true });
    await advanceTo(60 * MIN);
    expect(run).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(scheduler.stats()).toEqual({ scheduled: 0, running: 0, queued: 0, started: 1 });
  });

  it('does not start a second run when a check is removed and added back while running', async () => {
    const { run, calls } = manualRuns();
    const { scheduler } = create({ run });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await flush();
    scheduler.remove('a');
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    await advanceTo(150 * SEC);
    expect(run).toHaveBeenCalledTimes(1);

    calls[0]!.resolve({ ok: true });
    await advanceTo(180 * SEC);
    expect(calls.map((c) => c.at)).toEqual([0, 180 * SEC]);
  });

  it('changes the spacing on upsert: shorter at once, longer after the pending run, phase kept', async () => {
    const { scheduler, starts } = create({ run: async () => ({ ok: true }) });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await advanceTo(70 * SEC);
    scheduler.upsert({ id: 'a', intervalMs: 30 * SEC });
    await advanceTo(160 * SEC);
    scheduler.upsert({ id: 'a', intervalMs: 120 * SEC });
    await advanceTo(420 * SEC);
    await scheduler.stop();
    expect(offsets(starts)).toEqual([0, 60, 90, 120, 150, 180, 300, 420].map((s) => s * SEC));
  });

  it('applies a shorter interval without waiting out the old one, on the check phase', async () => {
    const { scheduler, starts } = create({ run: async () => ({ ok: true }) });
    scheduler.upsert({ id: 'a', intervalMs: 60 * MIN });
    scheduler.start();
    await advanceTo(1_000 * SEC);
    scheduler.upsert({ id: 'a', intervalMs: 5 * MIN });
    await advanceTo(1_500 * SEC);
    await scheduler.stop();
    // Slots 300, 600 and 900 s on the new spacing have passed; the first one not yet passed is 1200 s.
    expect(offsets(starts)).toEqual([0, 1_200 * SEC, 1_500 * SEC]);
  });

  it('rescales a pending jittered first run when the interval shrinks', async () => {
    const { scheduler, starts } = create({ run: async () => ({ ok: true }), jitterRatio: 1, random: () => 0.5 });
    scheduler.upsert({ id: 'a', intervalMs: 60 * MIN });
    scheduler.start();
    await advanceTo(10 * SEC);
    scheduler.upsert({ id: 'a', intervalMs: 10 * MIN });
    await advanceTo(20 * MIN);
    await scheduler.stop();
    expect(offsets(starts)).toEqual([5 * MIN, 15 * MIN]);
  });

  it('stop() waits for running checks, and no timer fires afterwards', async () => {
    const { run, calls } = manualRuns();
    const { scheduler } = create({ run });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.upsert({ id: 'b', intervalMs: 30 * SEC });
    scheduler.start();
    scheduler.start();
    await flush();
    expect(run).toHaveBeenCalledTimes(2);
    calls[1]!.resolve({ ok: true });
    await flush();

    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await advanceTo(10 * SEC);
    expect(stopped).toBe(false);
    calls[0]!.resolve({ ok: true });
    await stopping;
    expect(stopped).toBe(true);
    expect(vi.getTimerCount()).toBe(0);

    await advanceTo(60 * MIN);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('stop() also waits for a run a person starts while it drains, and starts no scheduled run', async () => {
    const { run, calls } = manualRuns();
    const { scheduler } = create({ run });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.upsert({ id: 'b', intervalMs: MIN });
    scheduler.start();
    await flush();
    calls[1]!.resolve({ ok: true });
    await flush();

    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    const manual = scheduler.runNow('b');
    calls[0]!.resolve({ ok: true });
    await advanceTo(5 * MIN);
    expect(stopped).toBe(false);
    calls[2]!.resolve({ ok: true });
    await manual;
    await stopping;
    expect(run.mock.calls.map(([id]) => id)).toEqual(['a', 'b', 'b']);
  });

  it('tells run() whether a due slot or runNow started it', async () => {
    const triggers: string[] = [];
    const { scheduler } = create({
      run: async (_id, trigger) => {
        triggers.push(trigger);
        return { ok: true };
      },
    });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await flush();
    await scheduler.runNow('a');
    await scheduler.stop();
    expect(triggers).toEqual(['scheduled', 'manual']);
  });

  it('can be started again after stop()', async () => {
    const { scheduler, starts } = create({ run: async () => ({ ok: true }) });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await flush();
    await scheduler.stop();
    await advanceTo(150 * SEC);
    scheduler.start();
    await advanceTo(3 * MIN);
    await scheduler.stop();
    // One overdue run on restart, then back on the grid.
    expect(offsets(starts)).toEqual([0, 150 * SEC, 3 * MIN]);
    expect(starts[1]!.dueAt - T0).toBe(MIN);
  });

  it('runNow while the check is running shares its outcome instead of starting a second run', async () => {
    const { run, calls } = manualRuns();
    const { scheduler } = create({ run });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await flush();

    const first = scheduler.runNow('a');
    const second = scheduler.runNow('a');
    expect(run).toHaveBeenCalledTimes(1);
    const outcome: CheckOutcome = { ok: false, retryAfterMs: 5 * SEC };
    calls[0]!.resolve(outcome);
    await expect(first).resolves.toBe(outcome);
    await expect(second).resolves.toBe(outcome);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runNow runs at once, leaves the phase alone, and covers a slot that falls due meanwhile', async () => {
    const { run, calls } = manualRuns();
    const { scheduler, starts } = create({ run });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    scheduler.start();
    await flush();
    calls[0]!.resolve({ ok: true });

    await advanceTo(30 * SEC);
    const manual = scheduler.runNow('a');
    expect(run).toHaveBeenCalledTimes(2);
    calls[1]!.resolve({ ok: true });
    await expect(manual).resolves.toEqual({ ok: true });

    await advanceTo(60 * SEC);
    expect(calls.map((c) => c.at)).toEqual([0, 30 * SEC, 60 * SEC]);
    calls[2]!.resolve({ ok: true });

    // A manual run spanning the 120 s slot stands in for it.
    await advanceTo(110 * SEC);
    const spanning = scheduler.runNow('a');
    await advanceTo(130 * SEC);
    expect(run).toHaveBeenCalledTimes(4);
    calls[3]!.resolve({ ok: true });
    await spanning;
    await advanceTo(180 * SEC);
    calls[4]?.resolve({ ok: true });
    await scheduler.stop();
    expect(calls.map((c) => c.at)).toEqual([0, 30, 60, 110, 180].map((s) => s * SEC));
    expect(offsets(starts)).toEqual([0, 60 * SEC, 180 * SEC]);
  });

  it('runNow resolves failures from a throwing run() as { ok: false } and rejects unknown ids', async () => {
    const onError = vi.fn();
    const { scheduler } = create({
      run: () => Promise.reject(new Error('down')),
      onError,
    });
    scheduler.upsert({ id: 'a', intervalMs: MIN });
    await expect(scheduler.runNow('a')).resolves.toEqual({ ok: false });
    expect(onError).toHaveBeenCalledTimes(1);
    await expect(scheduler.runNow('nope')).rejects.toThrow(/Unknown check/);
  });

  it('rejects invalid options and intervals', () => {
    const run = async (): Promise<CheckOutcome> => ({ ok: true });
    expect(() => create({ run, concurrency: 0 })).toThrow(RangeError);
    expect(() => create({ run, jitterRatio: 1.5 })).toThrow(RangeError);
    const { scheduler } = create({ run });
    expect(() => scheduler.upsert({ id: 'a', intervalMs: 0 })).toThrow(RangeError);
    expect(() => scheduler.upsert({ id: 'a', intervalMs: Number.NaN })).toThrow(RangeError);
  });

  it('bridges intervals longer than the maximum setTimeout delay', async () => {
    const { scheduler, starts } = create({ run: async () => ({ ok: true }) });
    const intervalMs = 40 * 24 * 60 * MIN; // 40 days, above 2^31-1 ms
    scheduler.upsert({ id: 'a', intervalMs });
    scheduler.start();
    await advanceTo(intervalMs - 1);
    expect(offsets(starts)).toEqual([0]);
    await advanceTo(intervalMs);
    await scheduler.stop();
    expect(offsets(starts)).toEqual([0, intervalMs]);
  });
});
