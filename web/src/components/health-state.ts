import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconCircleX, IconPlayerPause, type Icon } from '@tabler/icons-react';
import { HEALTH_STATE_LABELS, type HealthState } from '@keyway/shared';

export interface StateLook {
  word: string;
  color: string;
  Icon: Icon;
}

/**
 * Every state has an icon, a word and a colour, shown together: never colour alone.
 *
 * The keys are the stored states, which keep Adobe Flow Service's names: `enabled` is shown as "Healthy"
 * (the last check passed) and `disabled` as "Paused" (an administrator stopped the checks; the data
 * source itself still works). The stored words stay, as the API and the database use them; the web
 * code says what it means through `isHealthy` and `checksPaused` below.
 */
export const STATE_LOOKS: Record<HealthState, StateLook> = {
  enabled: { word: HEALTH_STATE_LABELS.enabled, color: 'green', Icon: IconCircleCheck },
  degraded: { word: HEALTH_STATE_LABELS.degraded, color: 'orange', Icon: IconAlertTriangle },
  failing: { word: HEALTH_STATE_LABELS.failing, color: 'red', Icon: IconCircleX },
  initializing: { word: HEALTH_STATE_LABELS.initializing, color: 'gray', Icon: IconCircleDashed },
  disabled: { word: HEALTH_STATE_LABELS.disabled, color: 'gray', Icon: IconPlayerPause },
};

/** The order the dashboard lists states in: what needs attention first. */
export const STATE_ORDER: HealthState[] = ['failing', 'degraded', 'enabled', 'initializing', 'disabled'];

/** The last check passed: stored as `enabled`, shown as "Healthy". */
export const isHealthy = (state: HealthState) => state === 'enabled';

/** An administrator paused the checks: stored as `disabled`, shown as "Paused". */
export const checksPaused = (state: HealthState) => state === 'disabled';
