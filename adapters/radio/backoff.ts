/**
 * Capped exponential back-off between reopen attempts of a serial link (PEI terminal, SMS
 * modem): a cable pulled for a second comes back at once, one gone for hours is not hammered.
 */
export function reopenDelayMs(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}
