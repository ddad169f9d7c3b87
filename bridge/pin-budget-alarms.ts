/**
 * The telephony adapter's global PIN budget (issue 9) as an alarm: a spent budget means someone
 * is guessing dial-in PINs from many caller IDs, which a control room must hear of at once,
 * not find in the log afterwards.
 */
import { isoTime } from './clock.js';
import type { PinBudgetAlarm } from './events.js';
import type { PinBudgetStatus } from './ports.js';

export function pinBudgetAlarm(status: PinBudgetStatus, nowMs: number): PinBudgetAlarm {
  const until = isoTime(status.until);
  const budget = `${status.budget} wrong PINs within ${Math.round(status.windowMs / 1000)} s`;
  return status.spent
    ? {
        kind: 'pin-budget-spent',
        at: isoTime(nowMs),
        until,
        detail: `dial-in PIN budget spent (${budget} from all callers): until ${until} only participants' numbers may dial in`,
      }
    : {
        kind: 'pin-budget-cleared',
        at: isoTime(nowMs),
        until,
        detail: 'dial-in PIN budget restored: every trusted caller may dial in again',
      };
}
