/** Modem timings for tests on real time: reopen quickly, give up on a gone modem within a second. */
import type { SmsModemTimings } from '../../../../adapters/sms/modem.js';

export const FAST_MODEM: Partial<SmsModemTimings> = {
  reconnectInitialMs: 20,
  reconnectMaxMs: 100,
  linkWaitMs: 1_000,
  reportWaitMs: 2_000,
};
