/**
 * One place that turns any thrown error into `{ "error": { "code", "message" } }` with the right status.
 * Core errors carry their meaning in their class; Fastify's own client errors (schema validation,
 * bad JSON, wrong media type, body too large) keep their 4xx status; anything else is a 500 whose
 * details are logged, never sent.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ConflictError,
  NotFoundError,
  PortError,
  SambandError,
  StorageUnavailableError,
  ValidationError,
} from '../../bridge/errors.js';
import type { Logger } from '../../bridge/ports.js';
import { ForbiddenError, HttpErrorCodes, UnauthorizedError } from './errors.js';

export interface ErrorBody {
  error: { code: string; message: string };
}

interface Mapped {
  status: number;
  code: string;
  message: string;
}

function statusOf(error: SambandError): number | null {
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof ValidationError) return 400;
  // The request was fine; the telephony back end behind the gateway failed to carry it out.
  if (error instanceof PortError) return 502;
  // The disk is full or the database cannot be opened now: say so, and that trying again may work.
  if (error instanceof StorageUnavailableError) return 503;
  return null;
}

function isFastifyClientError(error: unknown): error is FastifyError & { statusCode: number } {
  if (!(error instanceof Error)) return false;
  const status = (error as Partial<FastifyError>).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function mapError(error: unknown): Mapped | null {
  if (error instanceof SambandError) {
    const status = statusOf(error);
    return status === null ? null : { status, code: error.code, message: error.message };
  }
  if (isFastifyClientError(error)) {
    // Schema failures read "body/path must be equal to one of the allowed values"; keep that text.
    return { status: error.statusCode, code: HttpErrorCodes.BAD_REQUEST, message: error.message };
  }
  return null;
}

export function installErrorHandling(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = mapError(error);
    if (mapped) {
      if (mapped.status === 401) reply.header('www-authenticate', 'Bearer realm="samband"');
      logger.debug({ reqId: request.id, status: mapped.status, code: mapped.code }, 'request rejected');
      const body: ErrorBody = { error: { code: mapped.code, message: mapped.message } };
      return reply.code(mapped.status).send(body);
    }
    logger.error({ reqId: request.id, route: request.routeOptions.url, err: error }, 'request failed');
    const body: ErrorBody = {
      error: { code: HttpErrorCodes.INTERNAL, message: 'internal error; see the gateway log' },
    };
    return reply.code(500).send(body);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const body: ErrorBody = {
      error: { code: HttpErrorCodes.ROUTE_NOT_FOUND, message: `no route ${request.method} ${request.url}` },
    };
    return reply.code(404).send(body);
  });
}
