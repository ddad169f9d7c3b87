/**
 * Server-sent events: every DomainEvent is relayed to each open stream as
 * `event: <name>\ndata: <json>\n\n`. Each stream owns its core subscriptions and its keep-alive
 * interval and releases both when the client goes away, when it falls too far behind, or when
 * the server closes (`closeAll`, so that `app.close()` is not held open by endless responses).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DOMAIN_EVENT_NAMES, type DomainEvents } from '../../bridge/events.js';
import type { Logger } from '../../bridge/ports.js';
import type { Subscribable } from '../../bridge/typed-emitter.js';

export { DOMAIN_EVENT_NAMES };

export interface SseOptions {
  /** Comment sent on idle streams so proxies and NAT do not drop them. */
  keepAliveMs: number;
  /** A client this far behind (bytes queued in the socket) is dropped rather than buffered forever. */
  maxBufferedBytes: number;
}

export const SSE_DEFAULTS: SseOptions = { keepAliveMs: 15_000, maxBufferedBytes: 1024 * 1024 };

export interface SseHub {
  /** Takes over the reply and streams events until the client disconnects. */
  open(request: FastifyRequest, reply: FastifyReply): void;
  /** Number of open streams (for tests and diagnostics). */
  size(): number;
  closeAll(): void;
}

export function frame(event: string, data: unknown): string {
  // JSON.stringify never emits raw newlines, so one `data:` line always suffices.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createSseHub(
  events: Subscribable<DomainEvents>,
  logger: Logger,
  options: SseOptions,
): SseHub {
  const streams = new Map<ServerResponse, () => void>();

  function open(request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    const res = reply.raw;
    const log = logger.child({ reqId: request.id });
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Stops nginx-style proxies from buffering the stream.
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');

    let unsubscribe: (() => void)[] = [];
    let keepAlive: NodeJS.Timeout | undefined;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      clearInterval(keepAlive);
      for (const off of unsubscribe) off();
      streams.delete(res);
      log.debug({ open: streams.size }, 'event stream closed');
    };

    const send = (chunk: string): void => {
      if (released) return;
      if (res.writableLength > options.maxBufferedBytes) {
        log.warn({ bufferedBytes: res.writableLength }, 'event stream client too slow; dropping it');
        // Release now: 'close' only follows destroy() on a later tick, and more events may come first.
        release();
        res.destroy();
        return;
      }
      res.write(chunk);
    };

    unsubscribe = DOMAIN_EVENT_NAMES.map((name) =>
      events.on(name, (payload: DomainEvents[typeof name]) => send(frame(name, payload))),
    );
    keepAlive = setInterval(() => send(': keep-alive\n\n'), options.keepAliveMs);
    streams.set(res, release);
    res.on('close', release);
    log.debug({ open: streams.size }, 'event stream opened');
  }

  return {
    open,
    size: () => streams.size,
    closeAll: () => {
      for (const [res, release] of [...streams]) {
        release();
        res.end();
      }
    },
  };
}
