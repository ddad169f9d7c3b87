/**
 * The adapter's side of admission control: FreeSWITCH's load read from `status` while the event
 * socket is up, the Admission decision for each new call, and the log of it — one line when a
 * limit starts holding calls back and one when the queue has drained, not one per call nor one per
 * reading while a limit holds.
 */
import type { Clock, Logger } from '../../bridge/ports.js';
import type { TelephonyConfig } from '../../config/schema.js';
import { Admission, type AdmissionVerdict, type CapacityLimit } from './admission.js';
import type { MediaServerLike } from './drachtio-types.js';
import { MediaServerLoadPoller } from './media-server-load.js';

export interface CallAdmissionOptions {
  telephony: TelephonyConfig;
  clock: Clock;
  logger: Logger;
  /** Calls held now other than dial-ins still setting up (connected, guests, radio legs, call-out set-ups). */
  liveCalls(): number;
  /** Call-outs queued for admission now. */
  waiting(): number;
  /** New load figures arrived: queued call-outs may fit now. */
  onReading(): void;
}

export class CallAdmission {
  readonly #o: CallAdmissionOptions;
  readonly #load: MediaServerLoadPoller;
  readonly #admission: Admission;
  /** Dial-ins between INVITE and joining (they hold a FreeSWITCH channel already). */
  #dialInsInSetup = 0;
  #logged: CapacityLimit | null = null;

  constructor(options: CallAdmissionOptions) {
    this.#o = options;
    const { telephony, clock, logger } = options;
    this.#load = new MediaServerLoadPoller({
      clock,
      logger,
      intervalMs: telephony.capacity.statusIntervalMs,
      timeoutMs: telephony.timings.operationTimeoutMs,
      onReading: options.onReading,
    });
    this.#admission = new Admission({
      capacity: telephony.capacity,
      clock,
      load: () => this.#load.latest,
      liveCalls: () => options.liveCalls() + this.#dialInsInSetup,
    });
  }

  mediaServerChanged(ms: MediaServerLike | null): void {
    this.#load.mediaServerChanged(ms);
  }

  /** For the pacer: may the next queued call-out start now? */
  admitCallOut(): AdmissionVerdict {
    return this.#admit('call-out');
  }

  /** A dial-in admitted now counts until `setUp` settles. */
  admitDialIn(setUp: () => Promise<void>): AdmissionVerdict {
    const verdict = this.#admit('dial-in');
    if (verdict.admit) {
      this.#dialInsInSetup += 1;
      void setUp().finally(() => {
        this.#dialInsInSetup -= 1;
        this.#o.onReading();
      });
    }
    return verdict;
  }

  close(): void {
    this.#load.close();
  }

  #admit(kind: 'call-out' | 'dial-in'): AdmissionVerdict {
    const verdict = this.#admission.tryAdmit();
    const logger = this.#o.logger;
    if (!verdict.admit && verdict.limit !== this.#logged) {
      const { limit, reason, detail } = verdict;
      logger.warn({ limit, reason, detail, kind, waiting: this.#o.waiting() }, 'at capacity: new calls wait');
      this.#logged = limit;
    } else if (verdict.admit && this.#logged && this.#o.waiting() <= 1) {
      logger.info({ kind, heldBy: this.#logged }, 'capacity available again: no call waits');
      this.#logged = null;
    }
    return verdict;
  }
}
