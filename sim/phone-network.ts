/**
 * The simulated phone world behind SimTelephony: one phone per participant with a fault state
 * set by SimControl, and a log of every number dialled. It is the "far end" a real adapter
 * would reach over SIP, so tests can check what was dialled exactly as sipp would see INVITEs.
 */
import { CoreErrorCodes, NotFoundError } from '../bridge/errors.js';
import type { SimPhoneState } from '../bridge/sim-control-port.js';
import { TypedEmitter } from '../bridge/typed-emitter.js';
import { createRandom, deriveSeed, type Random } from './random.js';

export interface SimPhoneSubscriber {
  id: string;
  /** The participant's configured numbers, primary first (the toll-fraud allow-list). */
  phone: readonly string[];
}

export interface SimPhoneNetworkEvents {
  state: { participantId: string; state: SimPhoneState; previous: SimPhoneState };
  dtmf: { participantId: string; digit: string };
  talking: { participantId: string; talking: boolean };
}

/** What a call needs to know about the phone it rings. */
export interface SimPhoneLine {
  readonly participantId: string;
  readonly numbers: readonly string[];
  /** This phone's own stream, so its delays do not depend on other participants' calls. */
  readonly random: Random;
  state(): SimPhoneState;
}

/** Bounds the dial log: a long-running demo must not grow memory without limit. */
const MAX_DIAL_LOG = 1000;

export class SimPhoneNetwork {
  readonly events = new TypedEmitter<SimPhoneNetworkEvents>();
  readonly #lines = new Map<string, { line: SimPhoneLine; state: SimPhoneState }>();
  readonly #dialled: { participantId: string; number: string }[] = [];

  constructor(subscribers: readonly SimPhoneSubscriber[], seed: number) {
    for (const subscriber of subscribers) {
      const entry: { line: SimPhoneLine; state: SimPhoneState } = {
        state: 'up',
        line: {
          participantId: subscriber.id,
          numbers: [...subscriber.phone],
          random: createRandom(deriveSeed(seed, `phone:${subscriber.id}`)),
          state: () => entry.state,
        },
      };
      this.#lines.set(subscriber.id, entry);
    }
  }

  line(participantId: string): SimPhoneLine | undefined {
    return this.#lines.get(participantId)?.line;
  }

  /** @throws NotFoundError for an unknown participant */
  state(participantId: string): SimPhoneState {
    return this.#entry(participantId).state;
  }

  /** @throws NotFoundError for an unknown participant */
  setState(participantId: string, state: SimPhoneState): void {
    const entry = this.#entry(participantId);
    const previous = entry.state;
    entry.state = state;
    this.events.emit('state', { participantId, state, previous });
  }

  /** @throws NotFoundError for an unknown participant */
  pressDigit(participantId: string, digit: string): void {
    this.#entry(participantId);
    this.events.emit('dtmf', { participantId, digit });
  }

  /** The person at this phone starts or stops talking. @throws NotFoundError for an unknown participant */
  setTalking(participantId: string, talking: boolean): void {
    this.#entry(participantId);
    this.events.emit('talking', { participantId, talking });
  }

  /** Record that the gateway dialled a number (called by the adapter for every attempt). */
  recordDial(participantId: string, number: string): void {
    this.#dialled.push({ participantId, number });
    if (this.#dialled.length > MAX_DIAL_LOG) this.#dialled.shift();
  }

  /** Every number dialled so far (most recent last, bounded). */
  dialled(): { participantId: string; number: string }[] {
    return this.#dialled.map((d) => ({ ...d }));
  }

  close(): void {
    this.events.removeAllListeners();
  }

  #entry(participantId: string): { line: SimPhoneLine; state: SimPhoneState } {
    const entry = this.#lines.get(participantId);
    if (!entry) {
      throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `unknown participant "${participantId}"`);
    }
    return entry;
  }
}
