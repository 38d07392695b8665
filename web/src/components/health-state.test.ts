import { describe, expect, it } from 'vitest';
import { HEALTH_STATES } from '@keyway/shared';
import { checksPaused, isHealthy, STATE_LOOKS } from './health-state';

describe('health state names', () => {
  // The stored words are Flow Service's; the predicates must pick the states the console shows as these words.
  it('isHealthy and checksPaused hold for exactly the states shown as "Healthy" and "Paused"', () => {
    expect(HEALTH_STATES.filter(isHealthy).map((s) => STATE_LOOKS[s].word)).toEqual(['Healthy']);
    expect(HEALTH_STATES.filter(checksPaused).map((s) => STATE_LOOKS[s].word)).toEqual(['Paused']);
  });
});
