/**
 * The SDS outbox of one terminal (PEI.md "Do not send SDS while a call is active on a terminal
 * that cannot do both; queue and retry"). Messages are handed to the terminal one at a time in
 * FIFO order; once the terminal accepted one (local OK) the next goes, while the first waits
 * for its delivery report. While the terminal is busy — a call on a profile that cannot send
 * SDS during it, or AT+CMGS refused with a busy `+CME ERROR` — the head waits: it is retried
 * when the call ends and on a capped exponential back-off, and given up (`fault: 'busy'`) once
 * it has waited `maxWaitMs` since it was queued or made `maxAttempts` attempts. Users report
 * that a handful of retries is too few during long calls, so time is the bound that matters.
 */
import type { Clock, Logger, SdsOutcome, TimerHandle } from '../../bridge/ports.js';
import { RadioError, RadioErrorCodes } from './errors.js';
import type { SdsSubmission } from './sds-sender.js';

export interface SdsOutboxOptions {
  clock: Clock;
  logger: Logger;
  /** Hands one SDS to the terminal. */
  submit: (to: string, text: string) => Promise<SdsSubmission>;
  /** Why the terminal cannot take an SDS now (a call on a profile without SDS during calls), or null. */
  blockedBy: () => string | null;
  maxQueue: number;
  maxWaitMs: number;
  maxAttempts: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

interface Job {
  to: string;
  text: string;
  queuedAt: number;
  attempts: number;
  lastBusy: string | null;
  resolve: (outcome: SdsOutcome | Promise<SdsOutcome>) => void;
}

type Step = 'next' | 'wait';

export class SdsOutbox {
  readonly #o: SdsOutboxOptions;
  readonly #queue: Job[] = [];
  /** The head is being handed to the terminal. */
  #pumping = false;
  /** The head waits (back-off or the end of a call); `poke()` or the timer resumes it. */
  #timer: TimerHandle | null = null;
  #closed = false;

  constructor(options: SdsOutboxOptions) {
    this.#o = options;
  }

  get length(): number {
    return this.#queue.length;
  }

  /** Queues an SDS. @throws RadioError RADIO_ERR_SDS_QUEUE_FULL (as a rejection) when the outbox is full. */
  enqueue(to: string, text: string): Promise<SdsOutcome> {
    if (this.#closed) return Promise.reject(new RadioError(RadioErrorCodes.CLOSED, 'SDS outbox closed'));
    if (this.#queue.length >= this.#o.maxQueue) {
      const message = `SDS to ${to} not queued: ${this.#queue.length} messages already wait for the terminal`;
      return Promise.reject(new RadioError(RadioErrorCodes.SDS_QUEUE_FULL, message));
    }
    return new Promise<SdsOutcome>((resolve) => {
      this.#queue.push({ to, text, queuedAt: this.#o.clock.now(), attempts: 0, lastBusy: null, resolve });
      void this.#pump();
    });
  }

  /** The terminal may be free now (a call ended): retry the waiting head at once. */
  poke(): void {
    if (!this.#timer) return;
    this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
    void this.#pump();
  }

  /** Resolves every queued SDS with `fault` (link down). */
  failAll(fault: 'adapter-down' | 'busy', reason: string): void {
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
    for (const job of this.#queue.splice(0)) job.resolve({ delivered: false, fault, reason });
  }

  close(reason = 'terminal closed'): void {
    this.#closed = true;
    this.failAll('adapter-down', reason);
  }

  async #pump(): Promise<void> {
    if (this.#pumping || this.#timer || this.#closed) return;
    this.#pumping = true;
    try {
      for (let job = this.#queue[0]; job; job = this.#queue[0]) {
        if ((await this.#step(job)) === 'wait') return;
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #step(job: Job): Promise<Step> {
    const blockedBy = this.#o.blockedBy();
    if (blockedBy !== null) {
      job.lastBusy = blockedBy;
      return this.#waitOrGiveUp(job, this.#remaining(job));
    }
    job.attempts++;
    const result = await this.#o.submit(job.to, job.text).catch(
      (error: unknown): SdsSubmission => ({
        kind: 'failed',
        outcome: { delivered: false, fault: 'rejected', reason: String(error) },
      }),
    );
    if (this.#queue[0] !== job) return 'next'; // failed meanwhile (link down, close)
    if (result.kind === 'busy') {
      job.lastBusy = result.reason;
      const backoff = this.#o.retryInitialMs * 2 ** Math.min(job.attempts - 1, 30);
      const delay = Math.min(this.#o.retryMaxMs, backoff, this.#remaining(job));
      const exhausted = job.attempts >= this.#o.maxAttempts;
      return exhausted ? this.#giveUp(job) : this.#waitOrGiveUp(job, delay);
    }
    this.#queue.shift();
    job.resolve(result.kind === 'accepted' ? result.report : result.outcome);
    return 'next';
  }

  #remaining(job: Job): number {
    return job.queuedAt + this.#o.maxWaitMs - this.#o.clock.now();
  }

  #waitOrGiveUp(job: Job, delayMs: number): Step {
    if (this.#remaining(job) <= 0) return this.#giveUp(job);
    this.#o.logger.debug({ to: job.to, attempts: job.attempts, delayMs, why: job.lastBusy }, 'SDS waits');
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = null;
      void this.#pump();
    }, delayMs);
    return 'wait';
  }

  #giveUp(job: Job): Step {
    this.#queue.shift();
    const waitedS = Math.round((this.#o.clock.now() - job.queuedAt) / 1000);
    const reason =
      `terminal busy (${job.lastBusy ?? 'unknown'}): gave up after ${job.attempts} ` +
      `attempt${job.attempts === 1 ? '' : 's'} / ${waitedS} s`;
    this.#o.logger.warn({ to: job.to, attempts: job.attempts, waitedS }, 'SDS given up: terminal busy');
    job.resolve({ delivered: false, fault: 'busy', reason });
    return 'next';
  }
}
