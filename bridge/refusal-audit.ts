/**
 * Host actions the core refuses (a conflict with the conference's state, a telephony failure)
 * are part of the host's record: who tried what, and why it did not happen. Each refusal is
 * emitted as a `refused` conference event with `by`; the error still goes to the caller.
 */
import { isoTime } from './clock.js';
import type { ConferenceEmit } from './conference-controller.js';
import { NotFoundError, SambandError } from './errors.js';
import type { Clock } from './ports.js';

export interface HostAction {
  /** What was asked, e.g. `mute`, `start recording`. */
  action: string;
  by: string;
  conferenceId?: string;
  participantId?: string;
}

export class RefusalAudit {
  readonly #emit: ConferenceEmit;
  readonly #clock: Clock;
  readonly #conferenceOf: (participantId: string) => string | null;

  constructor(emit: ConferenceEmit, clock: Clock, conferenceOf: (participantId: string) => string | null) {
    this.#emit = emit;
    this.#clock = clock;
    this.#conferenceOf = conferenceOf;
  }

  /** Runs `action`; a coded refusal is audited and rethrown. */
  async run<T>(what: HostAction, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      this.#refused(what, error);
      throw error;
    }
  }

  runSync<T>(what: HostAction, action: () => T): T {
    try {
      return action();
    } catch (error) {
      this.#refused(what, error);
      throw error;
    }
  }

  #refused(what: HostAction, error: unknown): void {
    // Programming errors are not refusals, and an unknown conference or participant has no
    // record to go in; both go to the caller only.
    if (!(error instanceof SambandError) || error instanceof NotFoundError) return;
    const conferenceId =
      what.conferenceId ?? (what.participantId ? this.#conferenceOf(what.participantId) : null);
    // Nothing runs that the refusal could be recorded in (e.g. mute outside any conference).
    if (!conferenceId) return;
    this.#emit('conference.event', {
      conferenceId,
      type: 'refused',
      at: isoTime(this.#clock.now()),
      ...(what.participantId ? { participantId: what.participantId } : {}),
      by: what.by,
      detail: what.action,
      reason: `${error.code}: ${error.message}`,
    });
  }
}
