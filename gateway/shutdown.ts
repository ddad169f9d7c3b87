/**
 * Graceful shutdown on SIGTERM/SIGINT: stop everything (the MQTT status goes `offline`), and
 * never take longer than the configured time — a hung adapter must not keep a gateway half-alive.
 */
import type { Logger } from '../bridge/ports.js';

export function installShutdown(options: {
  stop: () => Promise<void>;
  timeoutMs: number;
  logger: Logger & { flush?: () => void };
  exit?: (code: number) => void;
}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    options.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, 'shutdown timed out; exiting anyway');
      options.logger.flush?.();
      exit(1);
    }, options.timeoutMs);
    options
      .stop()
      .then(() => {
        clearTimeout(timer);
        options.logger.info({}, 'stopped');
        options.logger.flush?.();
        exit(0);
      })
      .catch((err: unknown) => {
        clearTimeout(timer);
        options.logger.error({ err }, 'shutdown failed');
        options.logger.flush?.();
        exit(1);
      });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
