import type { ConnectionTestFailure } from '@keyway/shared';

/**
 * What a check learnt about the endpoints it called:
 * - `success`: both steps worked;
 * - `answered`: an endpoint gave a definite answer (401, invalid_client, a 404, HTML instead of a
 *   token, a response too large, a refused address): fast, and checking again costs one request;
 * - `unavailable`: no usable answer: a network error, a timeout, or HTTP 5xx / 429 (the provider
 *   says it cannot serve now). These are what hold a check slot for a whole timeout, so only they
 *   count towards opening the circuit.
 */
export type CheckEvidence = 'success' | 'answered' | 'unavailable';

export function evidenceOf(failure: Pick<ConnectionTestFailure, 'kind' | 'httpStatus'> | undefined): CheckEvidence {
  if (!failure) return 'success';
  if (failure.kind === 'network' || failure.kind === 'timeout') return 'unavailable';
  const status = failure.httpStatus;
  if (status !== undefined && (status >= 500 || status === 429)) return 'unavailable';
  return 'answered';
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface Circuit {
  /** closed: checks run on their interval; open: scheduled checks wait until `openUntil`; half-open: the next check is the trial. */
  state: CircuitState;
  /** Checks in a row that found the endpoint unavailable. */
  failures: number;
  /** Set while open or half-open: when scheduled checks may use the network again. */
  openUntil?: number;
}

export interface CircuitBreakerOptions {
  /** This many unavailable checks in a row open the circuit. */
  threshold: number;
  /** The k-th opening in a row lasts interval × 2^k, at least one interval and at most this (or the interval, when longer). */
  maxCooldownMs: number;
  now?: () => number;
}

export interface CircuitChange {
  circuit: Circuit;
  /** This check opened the circuit, or a failed trial opened it again. */
  opened: boolean;
  /** This check closed a circuit that had been open. */
  closed: boolean;
}

interface Entry {
  failures: number;
  /** Openings in a row; 0 while closed. */
  opens: number;
  openUntil: number;
}

const CLOSED: Circuit = { state: 'closed', failures: 0 };

/**
 * One circuit per data source, in memory: a restart closes them all, which costs at most
 * `threshold` checks per dead endpoint to find out again.
 *
 * Only the timing lives here. The scheduler keeps each data source on its interval grid and is
 * told, with each outcome, how long to stay away (`cooldownMs`, beside the provider's Retry-After);
 * while a circuit is open its data source has no due check at all, so it neither touches the
 * network nor holds a concurrency slot. When the cooldown ends, the check that falls due is the
 * trial (half-open): an answer of any kind closes the circuit, another unavailable result opens it
 * again for twice as long. A check run by a person is a real check whatever the circuit says, and
 * counts as a trial.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Entry>();
  private readonly threshold: number;
  private readonly maxCooldownMs: number;
  private readonly now: () => number;

  constructor(options: CircuitBreakerOptions) {
    if (!(options.threshold >= 1)) throw new RangeError('threshold must be at least 1');
    if (!(options.maxCooldownMs > 0)) throw new RangeError('maxCooldownMs must be positive');
    this.threshold = options.threshold;
    this.maxCooldownMs = options.maxCooldownMs;
    this.now = options.now ?? Date.now;
  }

  get(id: string): Circuit {
    const entry = this.circuits.get(id);
    return entry ? this.present(entry) : CLOSED;
  }

  /** Whether a scheduled check may call out now; a person's check always may. */
  allows(id: string): boolean {
    return this.get(id).state !== 'open';
  }

  record(id: string, evidence: CheckEvidence, intervalMs: number): CircuitChange {
    const entry = this.circuits.get(id);
    if (evidence !== 'unavailable') {
      this.circuits.delete(id);
      return { circuit: CLOSED, opened: false, closed: (entry?.opens ?? 0) > 0 };
    }
    const now = this.now();
    const current = entry ?? { failures: 0, opens: 0, openUntil: 0 };
    current.failures += 1;
    this.circuits.set(id, current);
    let opened = false;
    if (current.opens > 0 && now < current.openUntil) {
      // A person's check while open found nothing new: the cooldown stands as it was.
    } else if (current.opens > 0 || current.failures >= this.threshold) {
      current.opens += 1;
      current.openUntil = now + this.cooldownMs(current.opens, intervalMs);
      opened = true;
    }
    return { circuit: this.present(current), opened, closed: false };
  }

  /** A saved, paused, resumed or deleted data source starts afresh. */
  reset(id: string): void {
    this.circuits.delete(id);
  }

  /** How many circuits are open or waiting for their trial. */
  stats(): { open: number; halfOpen: number } {
    let open = 0;
    let halfOpen = 0;
    for (const entry of this.circuits.values()) {
      const state = this.present(entry).state;
      if (state === 'open') open++;
      else if (state === 'half-open') halfOpen++;
    }
    return { open, halfOpen };
  }

  private cooldownMs(opens: number, intervalMs: number): number {
    // Exponent capped so absurd counts cannot overflow to Infinity.
    const grown = intervalMs * 2 ** Math.min(opens, 52);
    return Math.max(intervalMs, Math.min(grown, this.maxCooldownMs));
  }

  private present(entry: Entry): Circuit {
    if (entry.opens === 0) return { state: 'closed', failures: entry.failures };
    return { state: this.now() < entry.openUntil ? 'open' : 'half-open', failures: entry.failures, openUntil: entry.openUntil };
  }
}

/** The sentence added to a data source's state reason while its circuit is open. */
export function circuitOpenNote(circuit: Circuit): string {
  if (circuit.state !== 'open' || circuit.openUntil === undefined) return '';
  const until = new Date(circuit.openUntil).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
  return (
    `Circuit open until ${until}: ${circuit.failures} checks in a row got no usable answer (network error, timeout or HTTP 5xx/429), ` +
    'so scheduled checks wait until then; Run check now still checks.'
  );
}
