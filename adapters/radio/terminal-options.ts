/** Every default of the PEI terminal in one object (units in names), and its event map. */
import type { RadioTerminalEvents } from '../../bridge/ports.js';
import type { GroupCallEvents } from './group-call.js';

export interface TerminalTimings {
  /** Per-command time-out of the AT channel. */
  commandTimeoutMs: number;
  /** After a command time-out: the line must stay free of final results this long after the sync probe's answer. */
  syncQuietMs: number;
  /** Send a plain `AT` after this much silence from the terminal. */
  keepAliveIdleMs: number;
  /** No answer to the keep-alive within this means the link is down. */
  keepAliveTimeoutMs: number;
  /** How often AT+CSQ? / AT+CREG? are read. */
  healthPollMs: number;
  /** Wait this long for the network's delivery report after AT+CMGS. */
  sdsReportTimeoutMs: number;
  /**
   * Longest an SDS waits for a busy terminal (a call on a profile that cannot send SDS during
   * it, or AT+CMGS answered with a busy `+CME ERROR`) before it is reported failed ('busy').
   * Bounded by time rather than attempts: long calls outlast any small retry count.
   */
  sdsCallWaitMs: number;
  /** First back-off between AT+CMGS attempts refused as busy; doubles up to sdsBusyRetryMaxMs. */
  sdsBusyRetryInitialMs: number;
  sdsBusyRetryMaxMs: number;
  /** Safety bound on AT+CMGS attempts per SDS (the time bound above normally ends it first). */
  sdsBusyMaxAttempts: number;
  /** SDS waiting to be handed to the terminal; a send beyond this fails with RADIO_ERR_SDS_QUEUE_FULL. */
  sdsQueueMax: number;
  setupTimeoutMs: number;
  grantTimeoutMs: number;
  /** Longest single transmission (PTT) before the adapter releases the floor itself. */
  txTimeoutMs: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  maxLineBytes: number;
  maxQueue: number;
}

export const TERMINAL_DEFAULTS: TerminalTimings = {
  commandTimeoutMs: 2000,
  syncQuietMs: 100,
  keepAliveIdleMs: 10_000,
  keepAliveTimeoutMs: 2000,
  healthPollMs: 30_000,
  sdsReportTimeoutMs: 30_000,
  sdsCallWaitMs: 120_000,
  sdsBusyRetryInitialMs: 2000,
  sdsBusyRetryMaxMs: 15_000,
  sdsBusyMaxAttempts: 50,
  sdsQueueMax: 16,
  setupTimeoutMs: 5000,
  grantTimeoutMs: 3000,
  txTimeoutMs: 60_000,
  reconnectInitialMs: 500,
  reconnectMaxMs: 30_000,
  maxLineBytes: 1024,
  maxQueue: 32,
};

/** An emergency signalled by a subscriber: an emergency-priority call or an emergency status. */
export type EmergencySignal =
  | { via: 'call'; issi: string; cci: number; priority: number }
  | { via: 'status'; issi: string; status: number };
export type EmergencyEvent = EmergencySignal & { at: number };

export interface PeiRadioTerminalEvents extends Omit<RadioTerminalEvents, 'floor'>, GroupCallEvents {
  /** A status SDS (16-bit value) was received. */
  'sds.status': { from: string; value: number };
  /** A subscriber signalled an emergency (see TerminalProfile.emergencyCallPriority / emergencyStatusValues). */
  emergency: EmergencyEvent;
}
