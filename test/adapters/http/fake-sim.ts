/** A SimControl that records what it was asked to do, with in-memory fault state. */
import { CoreErrorCodes, NotFoundError } from '../../../bridge/errors.js';
import type { SimControl, SimPhoneState, SimRadioState } from '../../../bridge/sim-control-port.js';

export type SimCall =
  | { method: 'setPhone'; participantId: string; state: SimPhoneState }
  | { method: 'setRadio'; participantId: string; state: SimRadioState }
  | { method: 'pressDigit'; participantId: string; digit: string }
  | { method: 'setTalking'; participantId: string; talking: boolean }
  | { method: 'reply'; participantId: string; via: 'sms' | 'sds'; text: string }
  | { method: 'setMobileCoverage'; participantId: string; inCoverage: boolean };

export class FakeSim implements SimControl {
  readonly calls: SimCall[] = [];
  readonly #state = new Map<string, { phone: SimPhoneState; radio: SimRadioState | null }>();

  constructor(participantIds: string[] = ['p1', 'p2']) {
    for (const id of participantIds) this.#state.set(id, { phone: 'up', radio: 'up' });
  }

  setPhone(participantId: string, state: SimPhoneState): void {
    this.calls.push({ method: 'setPhone', participantId, state });
    this.#get(participantId).phone = state;
  }

  setRadio(participantId: string, state: SimRadioState): void {
    this.calls.push({ method: 'setRadio', participantId, state });
    this.#get(participantId).radio = state;
  }

  pressDigit(participantId: string, digit: string): void {
    this.calls.push({ method: 'pressDigit', participantId, digit });
    this.#get(participantId);
  }

  setTalking(participantId: string, talking: boolean): void {
    this.calls.push({ method: 'setTalking', participantId, talking });
    this.#get(participantId);
  }

  reply(participantId: string, via: 'sms' | 'sds', text: string): void {
    this.#get(participantId);
    this.calls.push({ method: 'reply', participantId, via, text });
  }

  setMobileCoverage(participantId: string, inCoverage: boolean): void {
    this.#get(participantId);
    this.calls.push({ method: 'setMobileCoverage', participantId, inCoverage });
  }

  state(participantId: string): { phone: SimPhoneState; radio: SimRadioState | null } {
    return { ...this.#get(participantId) };
  }

  #get(participantId: string): { phone: SimPhoneState; radio: SimRadioState | null } {
    const state = this.#state.get(participantId);
    if (!state)
      throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `unknown participant "${participantId}"`);
    return state;
  }
}
