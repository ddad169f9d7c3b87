/**
 * Turns what the telephony adapter reports (calls connecting, ending, RTP figures, media
 * time-outs, the back end going away) into phone-link observations. Phone participants have no
 * MQTT client: this is the only source of their link health.
 */
import type { LinkObservation } from './link-book.js';
import type { CallOutcome } from './model.js';
import { classifyPhoneQuality, type PhoneQualitySettings } from './phone-quality.js';
import type { Clock, Logger, Telephony } from './ports.js';
import { QualityReport } from './quality-report.js';
import { QualityWindow } from './quality-window.js';
import { isTestCall } from './sambandstest/probes.js';
import type { TrunkWatch } from './trunk-status.js';

export type PhoneObserver = (participantId: string, observation: LinkObservation) => void;

export class PhoneLinkMonitor {
  readonly #observe: PhoneObserver;
  /** What was last passed on for each link: quality samples that add nothing are held back. */
  readonly #reported = new QualityReport();
  readonly #limits: PhoneQualitySettings;
  readonly #clock: Clock;
  readonly #unsubscribe: (() => void)[];
  /** Connected calls, each with the sliding window its quality is judged over. */
  readonly #connected = new Map<string, QualityWindow>();
  /** Calls the gateway itself hung up: their end is not a link failure. */
  readonly #expectedEnds = new Set<string>();
  #backendAvailable = true;
  /** No carrier trunk is usable: every call through them is counted as lost (issue 9). */
  #trunksDown = false;

  constructor(
    telephony: Telephony,
    participantIds: readonly string[],
    limits: PhoneQualitySettings,
    observe: PhoneObserver,
    logger: Logger,
    clock: Clock,
    trunks?: TrunkWatch,
  ) {
    this.#observe = (participantId, observation) => {
      this.#reported.reported(participantId, observation, clock.now());
      observe(participantId, observation);
    };
    this.#limits = limits;
    this.#clock = clock;
    const known = new Set(participantIds);
    const guard =
      <T extends { participantId: string; conferenceId: string }>(handler: (e: T) => void) =>
      (event: T) => {
        // A sambandstest call is judged by the test itself; it must not make the live phone link
        // look up and then down (its planned hang-up would otherwise count as a drop).
        if (isTestCall(event.conferenceId)) return;
        if (known.has(event.participantId)) handler(event);
        else logger.warn({ event }, 'telephony event for an unknown participant ignored');
      };
    const events = telephony.events;
    this.#unsubscribe = [
      events.on(
        'call.connected',
        guard((e) => {
          this.#connected.set(e.participantId, new QualityWindow(limits.windowMs));
          this.#observe(e.participantId, { state: 'up', reason: 'call-connected' });
        }),
      ),
      events.on(
        'call.ended',
        guard((e) => {
          this.#connected.delete(e.participantId);
          if (this.#expectedEnds.delete(e.participantId)) {
            this.#observe(e.participantId, { state: 'unknown', reason: `call-closed: ${e.cause}` });
          } else {
            this.#observe(e.participantId, { state: 'down', reason: `call-ended: ${e.cause}` });
          }
        }),
      ),
      events.on(
        'call.media-timeout',
        guard((e) =>
          this.#observe(e.participantId, { state: 'down', reason: `media-timeout: ${e.silentForMs} ms` }),
        ),
      ),
      events.on(
        'call.quality',
        guard((e) => {
          const metrics = this.#connected.get(e.participantId)?.add(this.#clock.now(), e.counters);
          if (!metrics || this.#trunksDown) return;
          const observation = { ...classifyPhoneQuality(metrics, this.#limits), metrics };
          if (this.#reported.adds(e.participantId, observation, this.#clock.now())) {
            this.#observe(e.participantId, observation);
          }
        }),
      ),
      events.on('trunks.status', (report) => {
        trunks?.report(report);
        const down = !report.usable;
        if (down === this.#trunksDown) return;
        this.#trunksDown = down;
        // Down at once, not after each call's media time-out; back up (then the failback rule's
        // stable period) for the calls that are still there when a trunk is usable again.
        for (const id of this.#connected.keys()) {
          this.#observe(
            id,
            down ? { state: 'down', reason: 'trunks-down' } : { state: 'up', reason: 'trunks-up' },
          );
        }
      }),
      events.on('backend.status', (e) => {
        if (e.available === this.#backendAvailable) return;
        this.#backendAvailable = e.available;
        if (e.available) return;
        // Without the back end we cannot know whether calls still carry audio.
        for (const id of this.#connected.keys()) {
          this.#observe(id, { state: 'unknown', reason: `telephony-unavailable: ${e.reason}` });
        }
      }),
    ];
  }

  /** The gateway is about to hang this participant up on purpose. */
  expectEnd(participantId: string): void {
    if (this.#connected.has(participantId)) this.#expectedEnds.add(participantId);
  }

  /** The planned hang-up failed: a later end of this call is a real failure again. */
  cancelExpectedEnd(participantId: string): void {
    this.#expectedEnds.delete(participantId);
  }

  /**
   * A call that survived a gateway restart and the adapter adopted (Telephony.recoverConference):
   * connected as if 'call.connected' had arrived; its end arrives as a normal 'call.ended'.
   */
  recovered(participantId: string): void {
    this.#connected.set(participantId, new QualityWindow(this.#limits.windowMs));
    this.#observe(participantId, { state: 'up', reason: 'call-recovered' });
  }

  /** A call-out that was not answered. */
  callFailed(participantId: string, outcome: CallOutcome, cause?: string): void {
    this.#observe(participantId, { state: 'down', reason: `call-${outcome}${cause ? `: ${cause}` : ''}` });
  }

  isConnected(participantId: string): boolean {
    return this.#connected.has(participantId);
  }

  close(): void {
    for (const off of this.#unsubscribe) off();
  }
}
