/**
 * The one pino logger of a running gateway, created in the composition root and injected
 * everywhere. Secrets and PINs are redacted wherever they appear in a logged object.
 */
import { pino } from 'pino';
import type { Logger } from '../bridge/ports.js';

export const REDACTED_PATHS = [
  'password',
  'passwordHash',
  'token',
  'tokenHash',
  'pin',
  'hostPinHash',
  'participantPinHash',
  'secret',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.tokenHash',
  '*.pin',
  '*.hostPinHash',
  '*.participantPinHash',
  '*.secret',
  'req.headers.authorization',
  'headers.authorization',
];

export interface LoggerOptions {
  level: string;
  /** Where log lines go; stdout by default. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger & { flush(): void } {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: false });
  return pino(
    {
      level: options.level,
      base: { service: 'samband' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination as pino.DestinationStream,
  );
}
