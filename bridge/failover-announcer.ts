/**
 * Tells a participant moved to radio where to go: an SDS naming the talkgroup. The delivery
 * report (never the local OK) is what proves the radio path, so it also feeds the radio link.
 */

import { isoTime } from './clock.js';
import type { ConferenceEvent } from './events.js';
import type { ParticipantSpec, PathSnapshot } from './model.js';
import type { Clock, Logger, RadioTerminal, SdsOutcome } from './ports.js';

// SDS-TL text goes out as ISO 8859-1 (text coding scheme 1), so Swedish letters survive; keep it short.
const MAX_SDS_TEXT = 120;

export class FailoverAnnouncer {
  constructor(
    private readonly options: {
      participants: ReadonlyMap<string, ParticipantSpec>;
      terminals: readonly { terminal: RadioTerminal; talkgroup: string }[];
      conferenceName: (conferenceId: string) => string;
      onOutcome: (participantId: string, outcome: SdsOutcome) => void;
      onEvent: (event: ConferenceEvent) => void;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** Fire-and-forget: the announcement must never delay the failover itself. */
  announce(path: PathSnapshot): void {
    const participant = this.options.participants.get(path.participantId);
    const conferenceId = path.conferenceId;
    if (!participant?.radio || !conferenceId) return;
    const talkgroup = participant.radio.talkgroup;
    const choice = this.options.terminals.find((t) => t.talkgroup === talkgroup) ?? this.options.terminals[0];
    if (!choice) return;
    const text = failoverText(this.options.conferenceName(conferenceId), choice.talkgroup);
    const issi = participant.radio.issi;
    const log = this.options.logger.child({ participantId: participant.id, issi });
    void choice.terminal
      .sendSds(issi, text)
      .catch((error: unknown): SdsOutcome => {
        log.error({ err: error }, 'failover SDS could not be sent');
        return { delivered: false, fault: 'adapter-down', reason: String(error) };
      })
      .then((outcome) => {
        log.info({ outcome }, 'failover SDS outcome');
        this.options.onOutcome(participant.id, outcome);
        this.options.onEvent({
          conferenceId,
          type: 'failover-announced',
          at: isoTime(this.options.clock.now()),
          participantId: participant.id,
          path: 'radio',
          detail: outcome.delivered ? 'delivered' : `not delivered: ${outcome.fault}`,
          reason: text,
        });
      });
  }
}

export function failoverText(conferenceName: string, talkgroup: string): string {
  const text = `SAMBAND: Telefonlänken till ${conferenceName} bröts. Anslut på RAKEL talgrupp ${talkgroup}.`;
  return text.length <= MAX_SDS_TEXT
    ? text
    : `SAMBAND: Telefonlänken bröts. Anslut på RAKEL talgrupp ${talkgroup}.`;
}
