/**
 * Port doubles that a test scripts step by step (answer this call, drop that one). They
 * implement the real port interfaces, so the core under test cannot tell them from adapters.
 */
import type { RadioStatus, RtpCounters } from '../../bridge/model.js';
import type {
  CallOutRequest,
  CallOutResult,
  RadioTerminal,
  RadioTerminalEvents,
  RecoveredConference,
  SdsOutcome,
  Telephony,
  TelephonyEvents,
} from '../../bridge/ports.js';
import { TypedEmitter } from '../../bridge/typed-emitter.js';

interface PendingCall {
  request: CallOutRequest;
  resolve: (result: CallOutResult) => void;
}

export class ScriptedTelephony implements Telephony {
  readonly events = new TypedEmitter<TelephonyEvents>();
  readonly pending = new Map<string, PendingCall>();
  readonly callLog: CallOutRequest[] = [];
  readonly hangups: string[] = [];
  readonly connected = new Map<string, string>();
  /**
   * Every call the core made on this port, in order, e.g. 'lock vk', 'recover vk', 'call-out kraft',
   * 'hangup regionen', 'mute polisen', 'record vk /rec/x.wav' (a call a test mocked out is missing).
   */
  readonly portCalls: string[] = [];

  callOut(request: CallOutRequest): Promise<CallOutResult> {
    this.portCalls.push(`call-out ${request.participantId}`);
    this.callLog.push(request);
    return new Promise((resolve) => this.pending.set(request.participantId, { request, resolve }));
  }

  answer(participantId: string): void {
    const call = this.#take(participantId);
    const number = call.request.numbers[0] ?? null;
    this.connected.set(participantId, call.request.conferenceId);
    this.events.emit('call.connected', { conferenceId: call.request.conferenceId, participantId, number });
    call.resolve({ outcome: 'answered', number });
  }

  fail(participantId: string, outcome: 'busy' | 'no-answer' | 'failed' | 'rejected' = 'no-answer'): void {
    const call = this.#take(participantId);
    call.resolve({ outcome, number: call.request.numbers.at(-1) ?? null });
  }

  drop(participantId: string, cause = 'network'): void {
    const conferenceId = this.connected.get(participantId);
    if (!conferenceId) throw new Error(`no connected call for ${participantId}`);
    this.connected.delete(participantId);
    this.events.emit('call.ended', { conferenceId, participantId, cause });
  }

  /** One sample of a call's RTP counters (totals since its RTP session began). */
  quality(participantId: string, counters: RtpCounters): void {
    const conferenceId = this.connected.get(participantId) ?? 'unknown';
    this.events.emit('call.quality', { conferenceId, participantId, counters });
  }

  /**
   * Calls that survived a gateway restart: recoverConference reports them and they count as
   * connected here (drop() and hangup() end them), as a real adapter adopts them.
   */
  survive(conferenceId: string, ...participantIds: string[]): void {
    for (const pid of participantIds) this.connected.set(pid, conferenceId);
  }

  /** Conferences recoverConference was asked about, in order. */
  readonly recoveries: string[] = [];

  /** The file a surviving room is still recorded to, per conference (survive() leaves none). */
  readonly survivingRecordings = new Map<string, string>();

  async recoverConference(conferenceId: string): Promise<RecoveredConference> {
    this.portCalls.push(`recover ${conferenceId}`);
    this.recoveries.push(conferenceId);
    const members = [...this.connected.entries()]
      .filter(([, cid]) => cid === conferenceId)
      .map(([participantId]) => ({ participantId }));
    return { members, recordingTo: this.survivingRecordings.get(conferenceId) ?? null };
  }

  async hangup(conferenceId: string, participantId: string): Promise<void> {
    this.portCalls.push(`hangup ${participantId}`);
    this.hangups.push(participantId);
    const pending = this.pending.get(participantId);
    if (pending) {
      this.pending.delete(participantId);
      pending.resolve({ outcome: 'failed', number: null, cause: 'cancelled' });
    }
    if (this.connected.delete(participantId)) {
      this.events.emit('call.ended', { conferenceId, participantId, cause: 'hangup' });
    }
  }

  /** Host controls asked for, in order, e.g. 'mute polisen', 'lock vk', 'record vk /tmp/x.wav'. */
  readonly controls: string[] = [];

  async setMuted(_conferenceId: string, participantId: string, muted: boolean): Promise<void> {
    this.#control(`${muted ? 'mute' : 'unmute'} ${participantId}`);
  }

  async setLocked(conferenceId: string, locked: boolean): Promise<void> {
    this.#control(`${locked ? 'lock' : 'unlock'} ${conferenceId}`);
  }

  async startRecording(conferenceId: string, file: string): Promise<void> {
    this.#control(`record ${conferenceId} ${file}`);
  }

  async stopRecording(conferenceId: string): Promise<void> {
    this.#control(`stop-recording ${conferenceId}`);
  }

  async close(): Promise<void> {}

  #control(entry: string): void {
    this.controls.push(entry);
    this.portCalls.push(entry);
  }

  #take(participantId: string): PendingCall {
    const call = this.pending.get(participantId);
    if (!call) throw new Error(`no pending call for ${participantId}`);
    this.pending.delete(participantId);
    return call;
  }
}

export class ScriptedRadio implements RadioTerminal {
  readonly events = new TypedEmitter<RadioTerminalEvents>();
  readonly sent: { to: string; text: string }[] = [];
  /** ISSIs whose terminals are off: SDS to them fails. */
  readonly unreachable = new Set<string>();
  #status: RadioStatus;

  constructor(readonly id = 'rakel-1') {
    this.#status = {
      radioId: id,
      port: 'scripted',
      connected: true,
      mode: 'TMO',
      talkgroup: '9101',
      registered: true,
      rssiDbm: -75,
      reason: 'ok',
    };
  }

  status(): RadioStatus {
    return this.#status;
  }

  setStatus(patch: Partial<RadioStatus>): void {
    this.#status = { ...this.#status, ...patch };
    this.events.emit('status', this.#status);
  }

  /** PTT operations in order, e.g. ['setup', 'press', 'release']. */
  readonly ptt: string[] = [];
  /** When set, the next pttPress is refused (floor denied). */
  denyNextPress = false;

  async setupGroupCall(): Promise<number> {
    this.ptt.push('setup');
    return 1;
  }

  async pttPress(): Promise<void> {
    this.ptt.push('press');
    if (this.denyNextPress) {
      this.denyNextPress = false;
      throw new Error('floor denied');
    }
  }

  async pttRelease(): Promise<void> {
    this.ptt.push('release');
  }

  /** A subscriber sends an emergency status. */
  emergencyFrom(issi: string): void {
    this.events.emit('emergency', { via: 'status', issi, at: Date.parse('2026-11-28T09:00:00Z'), status: 0 });
  }

  /** Another subscriber takes or leaves the talkgroup. */
  subscriberTalks(issi: string | null): void {
    this.events.emit('floor', { talkerIssi: issi, self: false, reason: issi ? 'talking' : 'ceased' });
  }

  async sendSds(toIssi: string, text: string): Promise<SdsOutcome> {
    this.sent.push({ to: toIssi, text });
    return this.unreachable.has(toIssi)
      ? { delivered: false, fault: 'terminal-off', reason: 'target did not answer' }
      : { delivered: true, roundTripMs: 400 };
  }

  async close(): Promise<void> {}
}
