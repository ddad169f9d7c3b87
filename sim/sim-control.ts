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
  /** A subscriber's terminal sends an SDS text to a gateway radio's ISSI. */
  sendText(fromIssi: string, toIssi: string, text: string): void;
}

/** The simulated mobile network behind a `sim:` modem. */
export interface SimMobiles {
  send(from: string, text: string): void;
  setCoverage(number: string, inCoverage: boolean): void;
  inCoverage(number: string): boolean;
}

export interface SimControlParticipant {
  id: string;
  radio?: { issi: string } | undefined;
  sms?: readonly string[];
}

/** DTMF digits (RFC 4733 events 0–15). */
const DTMF = /^[0-9*#A-D]$/;

export function createSimControl(deps: {
  participants: readonly SimControlParticipant[];
  phones: SimPhoneNetwork;
  radio: SimRadioSwitch;
  sms?: SimMobiles | null;
  /** The gateway radio's ISSI an SDS reply goes to. */
  gatewayIssi?: string | null;
}): SimControl {
  const issiOf = new Map(deps.participants.map((p) => [p.id, p.radio?.issi ?? null] as const));
  const mobileOf = new Map(deps.participants.map((p) => [p.id, p.sms?.[0] ?? null] as const));
  const mobile = (participantId: string): string => {
    known(participantId);
    const number = mobileOf.get(participantId) ?? null;
    if (!deps.sms || number === null) {
      throw new NotFoundError(
        CoreErrorCodes.UNKNOWN_PARTICIPANT,
        deps.sms
          ? `participant "${participantId}" has no sms number configured`
          : 'no simulated modem: set callUp.sms.port to "sim:modem"',
      );
    }
    return number;
  };

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
    reply(participantId: string, via: 'sms' | 'sds', text: string): void {
      if (text.trim() === '') throw new ValidationError(SimErrorCodes.INVALID_STATE, 'an empty reply');
      if (via === 'sms') {
        deps.sms?.send(mobile(participantId), text);
        return;
      }
      const issi = known(participantId);
      if (issi === null || !deps.gatewayIssi) {
        throw new NotFoundError(
          CoreErrorCodes.UNKNOWN_PARTICIPANT,
          issi === null
            ? `participant "${participantId}" has no radio configured`
            : 'no gateway radio to reply to',
        );
      }
      deps.radio.sendText(issi, deps.gatewayIssi, text);
    },
    setMobileCoverage(participantId: string, inCoverage: boolean): void {
      deps.sms?.setCoverage(mobile(participantId), inCoverage);
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
