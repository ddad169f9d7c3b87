/** Every default of the PEI terminal in one object (units in names), and its event map. */
import type { RadioTerminalEvents } from '../../bridge/ports.js';
import type { GroupCallEvents } from './group-call.js';

export interface TerminalTimings {
  /** Per-command time-out of the AT channel. */
  commandTimeoutMs: number;
  /** Send a plain `AT` after this much silence from the terminal. */
  keepAliveIdleMs: number;
  /** No answer to the keep-alive within this means the link is down. */
  keepAliveTimeoutMs: number;
  /** How often AT+CSQ? / AT+CREG? are read. */
  healthPollMs: number;
  /** Wait this long for the network's delivery report after AT+CMGS. */
  sdsReportTimeoutMs: number;
  /** On terminals that cannot send SDS during a call: how long a send waits for the call to end. */
  sdsCallWaitMs: number;
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
  keepAliveIdleMs: 10_000,
  keepAliveTimeoutMs: 2000,
  healthPollMs: 30_000,
  sdsReportTimeoutMs: 30_000,
  sdsCallWaitMs: 120_000,
  setupTimeoutMs: 5000,
  grantTimeoutMs: 3000,
  txTimeoutMs: 60_000,
  reconnectInitialMs: 500,
  reconnectMaxMs: 30_000,
  maxLineBytes: 1024,
  maxQueue: 32,
};

export interface PeiRadioTerminalEvents extends Omit<RadioTerminalEvents, 'floor'>, GroupCallEvents {
  /** A status SDS (16-bit value) was received. */
  'sds.status': { from: string; value: number };
}
