/**
 * Connection states, named as Adobe Experience Platform's Flow Service names them, plus what an
 * administrator needs besides: `degraded` and `failing` tell "the API is unwell" from "we cannot
 * even get a token". Without zod (health.schema.ts has the schemas): the dashboard's first load
 * reads these.
 */
export const HEALTH_STATES = ['initializing', 'enabled', 'degraded', 'failing', 'disabled'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export const isHealthState = (value: unknown): value is HealthState => (HEALTH_STATES as readonly unknown[]).includes(value);

/** The words the console shows for each state (never colour alone). */
export const HEALTH_STATE_LABELS: Record<HealthState, string> = {
  initializing: 'Not checked yet',
  enabled: 'Healthy',
  degraded: 'Degraded',
  failing: 'Failing',
  disabled: 'Paused',
};
