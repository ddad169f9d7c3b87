/** A minimal SSE client over a real socket for tests: collects the raw text and can hang up. */
import { type IncomingMessage, request } from 'node:http';

export interface SseClient {
  response: IncomingMessage;
  /** Everything received so far. */
  text(): string;
  /** Resolves once the received text contains `needle`. */
  waitFor(needle: string): Promise<void>;
  ended: Promise<void>;
  /** Hangs up abruptly, like a closed browser tab. */
  destroy(): void;
}

export function connectSse(port: number, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers }, (response) => {
      let received = '';
      const waiters: { needle: string; resolve: () => void }[] = [];
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        received += chunk;
        for (const waiter of waiters.filter((w) => received.includes(w.needle))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      });
      const ended = new Promise<void>((done) => {
        response.on('end', done);
        response.on('close', done);
      });
      resolve({
        response,
        text: () => received,
        waitFor: (needle) =>
          received.includes(needle)
            ? Promise.resolve()
            : new Promise((done) => waiters.push({ needle, resolve: done })),
        ended,
        destroy: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
