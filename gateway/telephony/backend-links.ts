/**
 * The two links the adapter lives on: drachtio-server's control connection (one Srf for the
 * adapter's lifetime, reconnected in place so dialogs and the INVITE route survive) and
 * FreeSWITCH's event socket (a fresh MediaServer after each reconnect). Reports availability
 * as one status: available only while both are up.
 */
import type { Clock, Logger } from '../../bridge/ports.js';
import type { TelephonyConfig } from '../../config/schema.js';
import type { DrachtioDriver, InviteHandler, MediaServerLike, MrfLike, SrfLike } from './drachtio-types.js';
import { TelephonyError, TelephonyErrorCodes } from './errors.js';
import { containDialogs, contained } from './library-guard.js';
import { LinkSupervisor, type LinkTimings } from './link-supervisor.js';
import { linkSecrets } from './settings.js';
import { withTimeout } from './timing.js';

export interface BackendStatus {
  available: boolean;
  reason: string;
}

export interface BackendLinksOptions {
  telephony: TelephonyConfig;
  driver: DrachtioDriver;
  clock: Clock;
  logger: Logger;
  onInvite: InviteHandler;
  onStatus: (status: BackendStatus) => void;
  /** FreeSWITCH went away or came back: conferences must be re-ensured on the new one. */
  onMediaServer: (ms: MediaServerLike | null) => void;
}

export class BackendLinks {
  readonly srf: SrfLike;
  readonly #mrf: MrfLike;
  readonly #drachtio: LinkSupervisor;
  readonly #freeswitch: LinkSupervisor;
  readonly #onStatus: (status: BackendStatus) => void;
  #ms: MediaServerLike | null = null;
  readonly #clock: Clock;
  readonly #waiters = new Set<() => void>();
  #reasons = { drachtio: 'connecting', freeswitch: 'connecting' };
  #closed = false;

  constructor(options: BackendLinksOptions) {
    const { telephony, driver, clock, logger } = options;
    const secrets = linkSecrets(telephony);
    this.#onStatus = options.onStatus;
    this.#clock = clock;
    // Dialogs made safe before fsmrf is handed the Srf: its endpoint time-out drops a destroy().
    this.srf = containDialogs(driver.createSrf(), logger);
    this.srf.invite(contained(logger, 'srf INVITE handler', options.onInvite));
    this.#mrf = driver.createMrf(this.srf, logger);
    const t = telephony.timings;
    const timings: LinkTimings = {
      connectTimeoutMs: t.operationTimeoutMs,
      watchdogIntervalMs: t.watchdogIntervalMs,
      watchdogTimeoutMs: t.watchdogTimeoutMs,
      reconnectMinMs: t.reconnectMinMs,
      reconnectMaxMs: t.reconnectMaxMs,
    };
    const { drachtio, freeswitch } = telephony;

    this.#drachtio = new LinkSupervisor({
      name: 'drachtio',
      clock,
      logger,
      timings,
      onChange: (up, reason) => this.#changed('drachtio', up, reason),
      open: (lost) =>
        new Promise((resolve, reject) => {
          const srf = this.srf;
          const onConnect = contained(logger, 'srf connect', (err: Error | null) => {
            srf.removeListener('connect', onConnect);
            if (err) {
              shutSrf(srf);
              reject(err);
              return;
            }
            resolve({ probe: () => this.#probeDrachtio(), shut: () => shutSrf(srf) });
          });
          srf.removeAllListeners();
          srf.on('connect', onConnect);
          srf.on(
            'close',
            contained(logger, 'srf close', () => lost('drachtio control connection closed')),
          );
          srf.on(
            'error',
            contained(logger, 'srf error', (err: unknown) =>
              lost(`drachtio error: ${err instanceof Error ? err.message : String(err)}`),
            ),
          );
          srf.connect({
            host: drachtio.host,
            port: drachtio.port,
            secret: secrets.drachtio,
            reconnect: { maxAttempts: 1 },
          });
        }),
    });

    this.#freeswitch = new LinkSupervisor({
      name: 'freeswitch',
      clock,
      logger,
      timings,
      onChange: (up, reason) => this.#changed('freeswitch', up, reason),
      open: async (lost) => {
        const ms = await this.#mrf.connect({
          address: freeswitch.host,
          port: freeswitch.port,
          secret: secrets.freeswitch,
          listenAddress: freeswitch.listenAddress,
          listenPort: freeswitch.listenPort,
          advertisedAddress: freeswitch.advertisedAddress,
          profile: freeswitch.profile,
        });
        ms.on(
          'end',
          contained(logger, 'media server end', () => lost('FreeSWITCH event socket closed')),
        );
        // An unheard 'error' would throw out of the EventEmitter and take the process down.
        ms.on('error', (err) => logger.warn({ err: String(err) }, 'FreeSWITCH media server error'));
        this.#ms = ms;
        options.onMediaServer(ms);
        return {
          probe: async () => {
            const body = await ms.api('status');
            if (!/UP/.test(body)) throw new Error(`unexpected status reply: ${body.slice(0, 80)}`);
          },
          shut: () => {
            if (this.#ms === ms) {
              this.#ms = null;
              options.onMediaServer(null);
            }
            try {
              ms.disconnect();
            } catch {
              // already gone
            }
          },
        };
      },
    });
  }

  /** The MediaServer while FreeSWITCH's event socket is up. */
  get mediaServer(): MediaServerLike | null {
    return this.#freeswitch.up ? this.#ms : null;
  }

  get available(): boolean {
    return this.#drachtio.up && this.#freeswitch.up;
  }

  start(): void {
    this.#drachtio.start();
    this.#freeswitch.start();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#drachtio.close();
    this.#freeswitch.close();
    this.srf.removeAllListeners();
    this.srf.on('error', () => {});
  }

  /** An OPTIONS through drachtio-server to FreeSWITCH's SIP profile: proves the control link. */
  async #probeDrachtio(): Promise<void> {
    const target = this.#ms?.sip.ipv4.udp.address;
    if (!target) return;
    await this.srf.request(`sip:${target}`, { method: 'OPTIONS' });
  }

  /**
   * The FreeSWITCH connection once both links are up (at once if they are); rejects with
   * BACKEND_DOWN when they are not within `waitMs`, or the links are closed.
   */
  async whenAvailable(waitMs: number): Promise<MediaServerLike> {
    if (!this.available && !this.#closed) {
      let wake = () => {};
      const up = new Promise<void>((resolve) => {
        wake = resolve;
      });
      this.#waiters.add(wake);
      try {
        await withTimeout(this.#clock, up, waitMs, 'drachtio-server and FreeSWITCH').catch(() => {});
      } finally {
        this.#waiters.delete(wake);
      }
    }
    const ms = this.#closed ? null : this.mediaServer;
    if (!ms || !this.available) {
      throw new TelephonyError(
        TelephonyErrorCodes.BACKEND_DOWN,
        `drachtio-server and FreeSWITCH not both connected within ${waitMs} ms`,
      );
    }
    return ms;
  }

  #changed(link: 'drachtio' | 'freeswitch', up: boolean, reason: string): void {
    if (this.#closed) return;
    this.#reasons[link] = up ? 'connected' : reason;
    const available = this.available;
    if (available) for (const wake of this.#waiters) wake();
    const down = (['drachtio', 'freeswitch'] as const).filter((l) => this.#reasons[l] !== 'connected');
    this.#onStatus({
      available,
      reason: available ? 'connected' : down.map((l) => `${l}: ${this.#reasons[l]}`).join('; '),
    });
  }
}

function shutSrf(srf: SrfLike): void {
  try {
    srf.disconnect();
  } catch {
    // no connected socket
  }
}
