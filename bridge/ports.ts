/**
 * The core's ports (DESIGN.md §2). The domain core depends on these interfaces only;
 * adapters (gateway/, adapters/, sim/) implement them.
 */

import type { CallOutcome, RadioStatus, RtpCounters } from './model.js';
import type { TrunksReport } from './trunk-status.js';
import type { Subscribable } from './typed-emitter.js';

// ---------------------------------------------------------------- Clock
/** Opaque timer handle; only the clock that made it can clear it. */
export type TimerHandle = { readonly __timer: unique symbol };

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

// ---------------------------------------------------------------- Logger
/** The subset of pino the product uses; log objects, never concatenated strings. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

// ---------------------------------------------------------------- Telephony
export interface CallOutRequest {
  conferenceId: string;
  participantId: string;
  /** Ordered numbers to try (primary first). Only numbers from the configuration. */
  numbers: string[];
}

export interface CallOutResult {
  outcome: CallOutcome;
  /** The number that answered, or the last one tried. */
  number: string | null;
  cause?: string;
}

export interface TelephonyEvents {
  /** A participant's call is connected and in the conference (answered call-out or dial-in). */
  'call.connected': { conferenceId: string; participantId: string; number: string | null };
  /**
   * The call ended for any reason (hang-up, drop, media time-out, shutdown). Exactly once after each
   * 'call.connected'; a call-out that never connected reports only through its CallOutResult.
   */
  'call.ended': { conferenceId: string; participantId: string; cause: string };
  /**
   * RTP counters of a connected call (totals since its RTP session began): one sample when it
   * joins the conference, then one every few seconds. The core judges the change between samples.
   */
  'call.quality': { conferenceId: string; participantId: string; counters: RtpCounters };
  /** Media stopped arriving for the configured time-out; the call is considered lost. */
  'call.media-timeout': { conferenceId: string; participantId: string; silentForMs: number };
  'call.dtmf': { conferenceId: string; participantId: string; digit: string };
  /**
   * A call-out is held back by admission control (the media server or the gateway is at
   * capacity): `reason` names what is full; null once the call is being placed after all. The
   * call-out's promise stays pending meanwhile — it waits, it has not failed.
   */
  'call.waiting': { conferenceId: string; participantId: string; reason: string | null };
  /** Voice activity of a participant's phone leg (conference talking events). Never the radio leg. */
  'call.talking': { conferenceId: string; participantId: string; talking: boolean };
  /** The telephony back end became (un)available. Retained: a new listener receives the current value. */
  'backend.status': { available: boolean; reason: string };
  /** Carrier trunk health (issue 9), on every change; retained. Never emitted without trunks. */
  'trunks.status': TrunksReport;
  /**
   * The global budget of wrong dial-in PINs (issue 9) was spent — only configured participants'
   * numbers may key a PIN until `until` — or that lock ended. Once per change.
   */
  'dial-in.pin-budget': PinBudgetStatus;
}

export interface PinBudgetStatus {
  spent: boolean;
  /** Epoch ms: when the lock ends (spent) or ended. */
  until: number;
  /** Wrong PINs from all callers within `windowMs` that spend the budget. */
  budget: number;
  windowMs: number;
}

/** Host controls on a running conference (DESIGN.md §3: mute, remove, lock, record). */
export interface ConferenceControls {
  /** Mutes or unmutes a participant's phone leg (no-op without a connected call). */
  setMuted(conferenceId: string, participantId: string, muted: boolean): Promise<void>;
  /** A locked conference admits no new dial-ins; call-outs by the gateway still join. */
  setLocked(conferenceId: string, locked: boolean): Promise<void>;
  /** Starts recording the conference mix to `file` (a path on the media server). */
  startRecording(conferenceId: string, file: string): Promise<void>;
  stopRecording(conferenceId: string): Promise<void>;
}

export interface Telephony extends ConferenceControls {
  readonly events: Subscribable<TelephonyEvents>;
  /** Call a participant out and join it to the conference; resolves when answered or given up. */
  callOut(request: CallOutRequest): Promise<CallOutResult>;
  /** Hang up a participant's call in a conference (no-op if none). */
  hangup(conferenceId: string, participantId: string): Promise<void>;
  /**
   * After a gateway restart: what of the conference survived on the media server, adopted by
   * this adapter. Each recovered member's call counts as connected, so its later end produces
   * exactly one 'call.ended', and hangup/mute act on it; no 'call.connected' is emitted for them.
   * `recordingTo` is the file the room is still being recorded to (null: no recording survived).
   * An adapter that cannot adopt surviving calls leaves this out: the core then redials every
   * member of a resumed conference.
   */
  recoverConference?(conferenceId: string): Promise<RecoveredConference>;
  close(): Promise<void>;
}

export interface RecoveredMember {
  participantId: string;
}

export interface RecoveredConference {
  members: RecoveredMember[];
  recordingTo: string | null;
}

// ---------------------------------------------------------------- Radio
export type SdsOutcome =
  | { delivered: true; roundTripMs: number }
  | { delivered: false; reason: string; fault: RadioFault };

export type RadioFault = 'no-coverage' | 'terminal-off' | 'busy' | 'rejected' | 'timeout' | 'adapter-down';

export interface RadioTerminalEvents {
  status: RadioStatus;
  /** A subscriber was heard (talking on the talkgroup, or sending an SDS/status). */
  heard: { issi: string; at: number; how: 'voice' | 'sds' | 'status' };
  /** An SDS text received from a subscriber. */
  'sds.received': { from: string; text: string };
  /**
   * Who holds the talkgroup's floor: the gateway itself (`self`), another subscriber
   * (`talkerIssi`), or nobody (both empty).
   */
  floor: { talkerIssi: string | null; self: boolean; reason: string };
  /**
   * A subscriber signalled an emergency: an emergency-priority call (TETRA priority 15) or an
   * emergency status. An MCPTT adapter maps its emergency alert onto `via: 'call'`.
   */
  emergency:
    | { via: 'call'; issi: string; at: number; cci: number; priority: number }
    | { via: 'status'; issi: string; at: number; status: number };
}

/**
 * One TETRA terminal (or any future MCPTT client) at the gateway. Voice is carried elsewhere
 * (the terminal's accessory audio joins the conference as a SIP leg); this port is control only.
 */
export interface RadioTerminal {
  readonly id: string;
  readonly events: Subscribable<RadioTerminalEvents>;
  status(): RadioStatus;
  /**
   * Send an SDS text; resolves only on the network's delivery report (or failure), never on the
   * local OK. May reject when the terminal's outbox is full (RADIO_ERR_SDS_QUEUE_FULL).
   */
  sendSds(toIssi: string, text: string): Promise<SdsOutcome>;
  /** Sets up the group call on the terminal's talkgroup, or returns the one already up. */
  setupGroupCall(): Promise<number>;
  /** Transmit demand (PTT press); resolves once the network granted the floor, rejects otherwise. */
  pttPress(): Promise<void>;
  /** PTT release; never leaves the terminal keyed, even when the terminal refuses the command. */
  pttRelease(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- SMS
/** `too-long`: the text needs more SMS than are sent for one message; refused whole, never cut. */
export type SmsFault = 'no-network' | 'rejected' | 'timeout' | 'adapter-down' | 'invalid-number' | 'too-long';

/**
 * `delivered`: the network's status report said so (3GPP TS 23.040 TP-Status 0); `sent`: the
 * network accepted it (a message reference came back) but no report arrived within the wait;
 * `failed`: it was refused or never left. `parts`: how many SMS the text took.
 */
export type SmsOutcome =
  | { state: 'delivered' | 'sent'; parts: number }
  | { state: 'failed'; fault: SmsFault; reason: string; parts: number };

/** Said while a message waits: the modem vanished and the message is sent again once it is back. */
export interface SmsProgress {
  /** Which attempt comes next (2 = the first resend). */
  attempt: number;
  /** At most this many attempts before the message fails. */
  of: number;
  reason: string;
}

export interface SmsSenderEvents {
  /** A text received from a phone (a reply to the call-up, or anything else). */
  'sms.received': { from: string; text: string };
}

/** A GSM/LTE modem (or any SMS gateway) the gateway sends text messages through (issue 12). */
export interface SmsSender {
  readonly id: string;
  readonly events: Subscribable<SmsSenderEvents>;
  /**
   * Sends `text` to an E.164 number; resolves with the outcome, never rejects for a refused
   * message. `onRetry` is told each time the message waits for a vanished modem to come back.
   */
  sendSms(to: string, text: string, onRetry?: (progress: SmsProgress) => void): Promise<SmsOutcome>;
  close(): Promise<void>;
}
