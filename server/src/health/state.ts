import type { HealthError, HealthState } from '@keyway/shared';
import type { ConnectionTestFailure } from '@keyway/shared';

export type CheckOutcomeState = Extract<HealthState, 'enabled' | 'degraded' | 'failing'>;

export interface ClassifiedCheck {
  outcome: CheckOutcomeState;
  /** One sentence, shown beside the state. */
  reason: string;
  error: HealthError | null;
}

/**
 * failing: no token (the connection cannot work at all); degraded: a token, but the API fails or
 * is slower than the threshold; enabled (Healthy): both steps fine and fast enough.
 */
export function classifyCheck(input: { failure?: ConnectionTestFailure; totalMs: number; degradedLatencyMs: number }): ClassifiedCheck {
  const { failure, totalMs, degradedLatencyMs } = input;
  if (failure) {
    const error: HealthError = {
      step: failure.step,
      kind: failure.kind,
      httpStatus: failure.httpStatus,
      error: failure.error,
      message: failure.message,
      hint: failure.hint,
    };
    return { outcome: failure.step === 'token' ? 'failing' : 'degraded', reason: failure.message, error };
  }
  if (totalMs > degradedLatencyMs) {
    return {
      outcome: 'degraded',
      reason: `The check took ${Math.round(totalMs)} ms, slower than the ${degradedLatencyMs} ms threshold.`,
      error: null,
    };
  }
  return { outcome: 'enabled', reason: 'Token request and API call succeeded.', error: null };
}
