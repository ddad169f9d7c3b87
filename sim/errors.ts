/** Errors raised only by the simulator's fault-injection surface; codes are stable. */
export const SimErrorCodes = {
  INVALID_DTMF: 'SAMBAND_ERR_SIM_INVALID_DTMF',
  INVALID_STATE: 'SAMBAND_ERR_SIM_INVALID_STATE',
} as const;
export type SimErrorCode = (typeof SimErrorCodes)[keyof typeof SimErrorCodes];
