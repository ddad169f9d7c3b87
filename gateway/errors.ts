import { SambandError } from '../bridge/errors.js';

export const GatewayErrorCodes = {
  SIM_REQUIRED: 'SAMBAND_ERR_SIM_REQUIRED',
  BACKEND_UNAVAILABLE: 'SAMBAND_ERR_BACKEND_UNAVAILABLE',
  SHUTDOWN_TIMEOUT: 'SAMBAND_ERR_SHUTDOWN_TIMEOUT',
} as const;

export class GatewayStartError extends SambandError {}
