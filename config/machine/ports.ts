/**
 * Whether a listener could bind its port now: the only sure test is to bind it (and let go at
 * once), since "in use" depends on every other program on the machine.
 */
import { createServer } from 'node:net';

/** Null when host:port can be bound; else what stands in the way. Port 0 always binds. */
export function portProblem(host: string, port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(bindMessage(host, port, error)));
    // exclusive: a port held by a cluster worker of ours would otherwise look free.
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

function bindMessage(host: string, port: number, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (by another program, or a gateway already running)`;
    case 'EACCES':
      return `port ${port} on ${host} needs privileges this user does not have (ports below 1024)`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine, so nothing can listen on it`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${host} does not resolve to an address of this machine`;
    default:
      return `cannot listen on ${host}:${port}: ${error.code ?? error.message}`;
  }
}
