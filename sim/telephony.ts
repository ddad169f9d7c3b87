/**
 * SimTelephony: the Telephony port over simulated phones. It is an adapter, not a mock: the
 * core cannot tell it from the drachtio adapter, and both pass test/contracts/telephony.contract.ts.
 *
 * Behaviour worth knowing (also asserted by test/sim/telephony.test.ts):
 * - Toll-fraud guard: a call-out naming any number not configured for the participant is
 *   rejected before anything is dialled (ValidationError SAMBAND_ERR_NUMBER_NOT_CONFIGURED);
 *   an unknown participant is rejected with NotFoundError SAMBAND_ERR_UNKNOWN_PARTICIPANT.
 * - One call per participant per conference: a call-out while a call is ringing or connected
 *   returns that call's result (answered, or the pending hunt) and dials nothing new.
 * - An empty number list resolves {outcome:'failed', cause:'no-number'}.
 * - 'backend.status' is retained: every new listener immediately receives the current value
 *   ({available:true, reason:'simulator'} from construction, {available:false} after close).
 * - After close(), call-outs resolve {outcome:'failed', cause:'adapter-down'}; hangup is a no-op.
 * - recoverConference lists the connected calls it still has for a conference (a core restarted on
 *   the same simulator finds them); a call still ringing is not listed. Nothing after close().
 */
import { assertDiallable } from '../bridge/dial-guard.js';
import type {
  CallOutRequest,
  CallOutResult,
  Clock,
  Logger,
  RecoveredConference,
  Telephony,
  TelephonyEvents,
} from '../bridge/ports.js';
import { RetainedEmitter } from '../bridge/retained-emitter.js';
import type { Subscribable } from '../bridge/typed-emitter.js';
import type { TelephonyConfig } from '../config/schema.js';
import type { SimulationConfig } from './options.js';
import { SimPhoneNetwork, type SimPhoneSubscriber } from './phone-network.js';
import { SimCall, type SimCallTiming } from './sim-call.js';

export interface SimTelephonyOptions {
  /** ParticipantConfig[] fits as is; only id and phone numbers are used. */
  participants: readonly SimPhoneSubscriber[];
  telephony: Pick<TelephonyConfig, 'callTimeoutMs' | 'mediaTimeoutMs'>;
  simulation: SimulationConfig;
  clock: Clock;
  logger: Logger;
}

export class SimTelephony implements Telephony {
  /** The simulated far end: fault injection and the log of dialled numbers. */
  readonly network: SimPhoneNetwork;
  readonly #events: RetainedEmitter<TelephonyEvents>;
  readonly #calls = new Map<string, SimCall>();
  readonly #locked = new Set<string>();
  readonly #recordings = new Map<string, string>();
  readonly #timing: SimCallTiming;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #unsubscribe: (() => void)[];
  #closed = false;

  constructor(options: SimTelephonyOptions) {
    this.#clock = options.clock;
    this.#logger = options.logger.child({ component: 'sim-telephony' });
    this.#events = new RetainedEmitter((event, error) =>
      this.#logger.error({ event, err: error }, 'telephony listener threw'),
    );
    const { phones } = options.simulation;
    this.#timing = {
      answerDelayMinMs: Math.min(phones.answerDelayMinMs, phones.answerDelayMaxMs),
      answerDelayMaxMs: Math.max(phones.answerDelayMinMs, phones.answerDelayMaxMs),
      qualityIntervalMs: phones.qualityIntervalMs,
      callTimeoutMs: options.telephony.callTimeoutMs,
      mediaTimeoutMs: options.telephony.mediaTimeoutMs,
    };
    this.network = new SimPhoneNetwork(options.participants, options.simulation.seed);
    this.#unsubscribe = [
      this.network.events.on('state', ({ participantId, state }) =>
        this.#callsOf(participantId).forEach((call) => {
          call.phoneChanged(state);
        }),
      ),
      this.network.events.on('dtmf', ({ participantId, digit }) =>
        this.#callsOf(participantId).forEach((call) => {
          call.digit(digit);
        }),
      ),
      this.network.events.on('talking', ({ participantId, talking }) =>
        this.#callsOf(participantId).forEach((call) => {
          call.talking(talking);
        }),
      ),
    ];
    this.#events.retain('backend.status', { available: true, reason: 'simulator' });
  }

  get events(): Subscribable<TelephonyEvents> {
    return this.#events;
  }

  async callOut(request: CallOutRequest): Promise<CallOutResult> {
    const { conferenceId, participantId, numbers } = request;
    const line = this.network.line(participantId);
    assertDiallable(request, line?.numbers, this.#logger);
    if (!line) return { outcome: 'failed', number: null, cause: 'unknown-participant' };
    if (this.#closed) return { outcome: 'failed', number: null, cause: 'adapter-down' };
    const key = callKey(conferenceId, participantId);
    const existing = this.#calls.get(key);
    if (existing) return existing.result;
    if (numbers.length === 0) return { outcome: 'failed', number: null, cause: 'no-number' };

    const call = new SimCall(
      {
        conferenceId,
        line,
        clock: this.#clock,
        timing: this.#timing,
        logger: this.#logger.child({ conferenceId, participantId }),
        emit: (event, payload) => this.#events.emit(event, payload),
        dialled: (number) => this.network.recordDial(participantId, number),
        finished: () => {
          if (this.#calls.get(key) === call) this.#calls.delete(key);
        },
      },
      [...numbers],
    );
    this.#calls.set(key, call);
    return call.result;
  }

  async hangup(conferenceId: string, participantId: string): Promise<void> {
    this.#calls.get(callKey(conferenceId, participantId))?.hangup('hangup');
  }

  async recoverConference(conferenceId: string): Promise<RecoveredConference> {
    if (this.#closed) return { members: [], recordingTo: null };
    const members = [...this.#calls.entries()]
      .filter(
        ([key, call]) => call.phase === 'connected' && key === callKey(conferenceId, call.participantId),
      )
      .map(([, call]) => ({ participantId: call.participantId }));
    return { members, recordingTo: this.#recordings.get(conferenceId) ?? null };
  }

  async setMuted(conferenceId: string, participantId: string, muted: boolean): Promise<void> {
    const call = this.#calls.get(callKey(conferenceId, participantId));
    if (!call) return;
    if (muted) call.talking(false);
    call.muted = muted;
  }

  async setLocked(conferenceId: string, locked: boolean): Promise<void> {
    // The simulator has no dial-in, so a lock only needs remembering for state().
    if (locked) this.#locked.add(conferenceId);
    else this.#locked.delete(conferenceId);
  }

  async startRecording(conferenceId: string, file: string): Promise<void> {
    this.#recordings.set(conferenceId, file);
  }

  async stopRecording(conferenceId: string): Promise<void> {
    this.#recordings.delete(conferenceId);
  }

  /** What the simulated media server is doing for a conference (for tests and the demo). */
  conferenceState(conferenceId: string): { locked: boolean; recordingTo: string | null } {
    return {
      locked: this.#locked.has(conferenceId),
      recordingTo: this.#recordings.get(conferenceId) ?? null,
    };
  }

  isMuted(conferenceId: string, participantId: string): boolean {
    return this.#calls.get(callKey(conferenceId, participantId))?.muted ?? false;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of [...this.#calls.values()]) call.hangup('shutdown');
    this.#calls.clear();
    for (const off of this.#unsubscribe) off();
    this.network.close();
    this.#events.retain('backend.status', { available: false, reason: 'closed' });
    this.#events.removeAllListeners();
  }

  #callsOf(participantId: string): SimCall[] {
    return [...this.#calls.values()].filter((call) => call.participantId === participantId);
  }
}

function callKey(conferenceId: string, participantId: string): string {
  return JSON.stringify([conferenceId, participantId]);
}
