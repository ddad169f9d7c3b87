/**
 * SimControl over the simulated phone and radio networks: the fault-injection surface behind
 * the HTTP `POST /api/sim/participants/:id/{phone|radio}` routes and the demo.
 */
import { CoreErrorCodes, NotFoundError, ValidationError } from '../bridge/errors.js';
import {
  SIM_PHONE_STATES,
  SIM_RADIO_STATES,
  type SimControl,
  type SimPhoneState,
  type SimRadioState,
} from '../bridge/sim-control-port.js';
import { SimErrorCodes } from './errors.js';
import type { SimPhoneNetwork } from './phone-network.js';

/** The radio side SimControl needs: subscriber terminals switched on and off by ISSI. */
export interface SimRadioSwitch {
  setReachable(issi: string, on: boolean): void;
  isReachable(issi: string): boolean;
}

export interface SimControlParticipant {
  id: string;
  radio?: { issi: string } | undefined;
}

/** DTMF digits (RFC 4733 events 0–15). */
const DTMF = /^[0-9*#A-D]$/;

export function createSimControl(deps: {
  participants: readonly SimControlParticipant[];
  phones: SimPhoneNetwork;
  radio: SimRadioSwitch;
}): SimControl {
  const issiOf = new Map(deps.participants.map((p) => [p.id, p.radio?.issi ?? null] as const));

  const known = (participantId: string): string | null => {
    const issi = issiOf.get(participantId);
    if (issi === undefined) {
      throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `unknown participant "${participantId}"`);
    }
    return issi;
  };

  return {
    setPhone(participantId: string, state: SimPhoneState): void {
      known(participantId);
      // The HTTP route passes user input through; reject what the type cannot promise.
      if (!SIM_PHONE_STATES.includes(state)) {
        throw new ValidationError(SimErrorCodes.INVALID_STATE, `unknown phone state "${String(state)}"`);
      }
      deps.phones.setState(participantId, state);
    },
    setRadio(participantId: string, state: SimRadioState): void {
      const issi = known(participantId);
      if (issi === null) {
        throw new NotFoundError(
          CoreErrorCodes.UNKNOWN_PARTICIPANT,
          `participant "${participantId}" has no radio configured`,
        );
      }
      if (!SIM_RADIO_STATES.includes(state)) {
        throw new ValidationError(SimErrorCodes.INVALID_STATE, `unknown radio state "${String(state)}"`);
      }
      deps.radio.setReachable(issi, state === 'up');
    },
    pressDigit(participantId: string, digit: string): void {
      known(participantId);
      if (!DTMF.test(digit)) {
        throw new ValidationError(
          SimErrorCodes.INVALID_DTMF,
          `"${digit}" is not a DTMF digit (0-9, *, #, A-D)`,
        );
      }
      deps.phones.pressDigit(participantId, digit);
    },
    setTalking(participantId: string, talking: boolean): void {
      known(participantId);
      deps.phones.setTalking(participantId, talking);
    },
    state(participantId: string): { phone: SimPhoneState; radio: SimRadioState | null } {
      const issi = known(participantId);
      return {
        phone: deps.phones.state(participantId),
        radio: issi === null ? null : deps.radio.isReachable(issi) ? 'up' : 'down',
      };
    },
  };
}
