/**
 * Radio-link health. A TETRA network tells a terminal nothing about other subscribers until
 * traffic flows, so a participant's radio link is learnt from evidence: its ISSI heard on the
 * talkgroup or in an SDS (up), an SDS delivery report (up) or failure (down), and the gateway's
 * own terminal being down (down for everyone, `adapter-down`).
 */

import type { Alarm } from './events.js';
import type { LinkObservation } from './link-book.js';
import type { ParticipantSpec, RadioStatus } from './model.js';
import type { Logger, RadioTerminal, SdsOutcome } from './ports.js';

export class RadioWatch {
  readonly #byIssi = new Map<string, string>();
  readonly #withRadio: string[];
  readonly #observe: (participantId: string, observation: LinkObservation) => void;
  readonly #onStatus: (status: RadioStatus) => void;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #terminalUp = new Map<string, boolean>();

  constructor(options: {
    participants: readonly ParticipantSpec[];
    terminals: readonly RadioTerminal[];
    observe: (participantId: string, observation: LinkObservation) => void;
    onStatus: (status: RadioStatus) => void;
    onEmergency: (alarm: Alarm) => void;
    logger: Logger;
  }) {
    this.#observe = options.observe;
    this.#onStatus = options.onStatus;
    this.#withRadio = options.participants.filter((p) => p.radio).map((p) => p.id);
    for (const p of options.participants) if (p.radio) this.#byIssi.set(p.radio.issi, p.id);
    for (const p of options.participants) {
      if (!p.radio) this.#observe(p.id, { state: 'down', reason: 'no-radio-configured' });
    }
    for (const terminal of options.terminals) {
      this.#unsubscribe.push(
        terminal.events.on('status', (status) => this.#terminalStatus(status)),
        terminal.events.on('emergency', (e) => {
          const participantId = this.#byIssi.get(e.issi) ?? null;
          options.logger.error({ radioId: terminal.id, emergency: e, participantId }, 'RADIO EMERGENCY');
          if (participantId) {
            this.#observe(participantId, {
              state: 'up',
              reason: `emergency-${e.via}`,
              metrics: { lastHeard: new Date(e.at).toISOString() },
            });
          }
          options.onEmergency({
            kind: 'radio-emergency',
            at: new Date(e.at).toISOString(),
            radioId: terminal.id,
            issi: e.issi,
            participantId,
            detail:
              e.via === 'call' ? `emergency call (priority ${e.priority})` : `emergency status ${e.status}`,
          });
        }),
        terminal.events.on('heard', (e) => {
          const pid = this.#byIssi.get(e.issi);
          if (pid)
            this.#observe(pid, {
              state: 'up',
              reason: `heard-${e.how}`,
              metrics: { lastHeard: new Date(e.at).toISOString() },
            });
          else options.logger.debug({ issi: e.issi }, 'heard an ISSI that is no participant');
        }),
      );
      this.#terminalStatus(terminal.status());
    }
    if (options.terminals.length === 0) {
      for (const pid of this.#withRadio)
        this.#observe(pid, { state: 'down', reason: 'no-gateway-radio-configured' });
    }
  }

  participantFor(issi: string): string | undefined {
    return this.#byIssi.get(issi);
  }

  /** Feeds an SDS delivery outcome for a participant into its radio link. */
  sdsOutcome(participantId: string, outcome: SdsOutcome): void {
    if (outcome.delivered) {
      this.#observe(participantId, {
        state: 'up',
        reason: 'sds-delivered',
        metrics: { sdsRoundTripMs: outcome.roundTripMs },
      });
    } else if (outcome.fault !== 'adapter-down') {
      this.#observe(participantId, { state: 'down', reason: `sds-failed: ${outcome.fault}` });
    }
  }

  close(): void {
    for (const off of this.#unsubscribe) off();
  }

  #terminalStatus(status: RadioStatus): void {
    this.#onStatus(status);
    const up = status.connected && status.registered;
    if (this.#terminalUp.get(status.radioId) === up) return;
    this.#terminalUp.set(status.radioId, up);
    const anyUp = [...this.#terminalUp.values()].some(Boolean);
    for (const pid of this.#withRadio) {
      this.#observe(
        pid,
        anyUp
          ? { state: 'unknown', reason: 'gateway-radio-ready' }
          : { state: 'down', reason: `adapter-down: ${status.reason}` },
      );
    }
  }
}
