/**
 * Fault injection a simulator offers (HTTP `POST /api/sim/participants/:id/{phone|radio}`): a port,
 * so the HTTP adapter depends on this interface and never on the simulator (sim/ implements it).
 */
export const SIM_PHONE_STATES = ['up', 'down', 'degraded', 'busy', 'no-answer'] as const;
export type SimPhoneState = (typeof SIM_PHONE_STATES)[number];
export const SIM_RADIO_STATES = ['up', 'down'] as const;
export type SimRadioState = (typeof SIM_RADIO_STATES)[number];

export interface SimControl {
  /** @throws NotFoundError for an unknown participant */
  setPhone(participantId: string, state: SimPhoneState): void;
  /** @throws NotFoundError for an unknown participant or one without a radio */
  setRadio(participantId: string, state: SimRadioState): void;
  /**
   * Press a DTMF digit (0-9 * # A-D) on the participant's simulated phone.
   * @throws NotFoundError for an unknown participant, ValidationError for a non-DTMF digit
   */
  pressDigit(participantId: string, digit: string): void;
  /** The person at the participant's simulated phone starts or stops talking (conference voice activity). */
  setTalking(participantId: string, talking: boolean): void;
  /**
   * The participant answers from its mobile (SMS to the gateway's modem) or radio (SDS to the
   * gateway's first radio): a call-up reply ("1", "2", or text).
   * @throws NotFoundError for an unknown participant, or one without a mobile / radio, or no simulated modem
   */
  reply(participantId: string, via: 'sms' | 'sds', text: string): void;
  /** The participant's mobile leaves (false) or re-enters (true) coverage; SMS wait for it. */
  setMobileCoverage(participantId: string, inCoverage: boolean): void;
  state(participantId: string): { phone: SimPhoneState; radio: SimRadioState | null };
}
