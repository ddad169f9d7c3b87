/** Test doubles for the sambandstest service: a participant directory and port variants. */
import type { ParticipantView } from '../../../bridge/core-api.js';
import { LINK_PATHS, type LinkPath, type LinkSnapshot, type ParticipantSpec } from '../../../bridge/model.js';
import type { Clock, SdsOutcome } from '../../../bridge/ports.js';
import { MemorySambandstestStore } from '../../../bridge/sambandstest/memory-store.js';
import type { ParticipantDirectory } from '../../../bridge/sambandstest/probes.js';
import type { SambandstestStore } from '../../../bridge/sambandstest/store.js';
import type { TrunkSource } from '../../../bridge/sambandstest/trunk-state.js';
import type { TrunkStatus } from '../../../bridge/trunk-status.js';
import { ScriptedRadio } from '../../support/scripted-ports.js';
import { trunkStatus } from '../../support/trunk-status.js';

export function spec(id: string, patch: Partial<ParticipantSpec> = {}): ParticipantSpec {
  return {
    id,
    name: `Tjänsteman ${id}`,
    organisation: `Org ${id}`,
    phoneNumbers: ['+46701740605'],
    radio: { issi: `24201${id.length.toString().padStart(2, '0')}` },
    priority: 1,
    ...patch,
  };
}

type Conference = ReturnType<ParticipantDirectory['conferences']>[number];

/** The carrier trunks as the core would report them; a test sets them between moments. */
export class FakeTrunks implements TrunkSource {
  statuses: TrunkStatus[] = [];
  usable = true;
  trunks(): TrunkStatus[] {
    return this.statuses;
  }
  trunksUsable(): boolean {
    return this.usable;
  }
}

export const TELIA_UP: TrunkStatus = trunkStatus('telia', { since: '2026-03-02T08:00:00.000Z' });

export class FakeDirectory implements ParticipantDirectory {
  readonly #views = new Map<string, ParticipantView>();
  live: Conference[] = [];

  constructor(specs: readonly ParticipantSpec[]) {
    for (const participant of specs) {
      const links = Object.fromEntries(
        LINK_PATHS.map((path) => [path, link(participant.id, path, 'unknown', 'no data yet')]),
      ) as Record<LinkPath, LinkSnapshot>;
      this.#views.set(participant.id, {
        participant,
        links,
        path: {
          participantId: participant.id,
          active: 'none',
          since: '2026-03-02T08:00:00.000Z',
          reason: 'idle',
          override: null,
          by: null,
          conferenceId: null,
        },
      });
    }
  }

  participants(): ParticipantView[] {
    return [...this.#views.values()];
  }

  conferences(): Conference[] {
    return this.live;
  }

  setLink(
    id: string,
    path: LinkPath,
    state: LinkSnapshot['state'],
    reason = '',
    metrics: LinkSnapshot['metrics'] = {},
  ): void {
    const view = this.#views.get(id);
    if (!view) throw new Error(`no participant ${id}`);
    view.links[path] = { ...link(id, path, state, reason), metrics };
  }

  /** Puts participants into a running conference with their phone connected. */
  connect(...ids: string[]): void {
    this.live = [
      { state: 'active', members: ids.map((participantId) => ({ participantId, phoneConnected: true })) },
    ];
  }
}

function link(
  participantId: string,
  path: LinkPath,
  state: LinkSnapshot['state'],
  reason: string,
): LinkSnapshot {
  return { participantId, path, state, since: '2026-03-02T08:00:00.000Z', reason, metrics: {} };
}

/** A terminal whose delivery reports take `latencyMs` on the clock; `never` holds them forever. */
export class TimedRadio extends ScriptedRadio {
  latencyMs = 400;
  never = false;
  inFlight = 0;
  maxInFlight = 0;
  outcomeFor: (issi: string) => SdsOutcome = () => ({ delivered: true, roundTripMs: this.latencyMs });

  constructor(private readonly clock: Clock) {
    super();
  }

  override async sendSds(toIssi: string, text: string): Promise<SdsOutcome> {
    this.sent.push({ to: toIssi, text });
    if (this.never) return new Promise<SdsOutcome>(() => {});
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise<void>((resolve) => this.clock.setTimeout(resolve, this.latencyMs));
    this.inFlight--;
    return this.outcomeFor(toIssi);
  }
}

/** Records the order of store writes (and anything else a test logs into `log`). */
export class RecordingStore extends MemorySambandstestStore implements SambandstestStore {
  constructor(readonly log: string[]) {
    super();
  }

  override async saveRun(...args: Parameters<SambandstestStore['saveRun']>): Promise<void> {
    this.log.push(`saveRun ${args[0].id}`);
    return super.saveRun(...args);
  }

  override async saveResult(...args: Parameters<SambandstestStore['saveResult']>): Promise<void> {
    this.log.push(`saveResult ${args[0].participantId}/${args[0].path}`);
    return super.saveResult(...args);
  }

  override async completeRun(...args: Parameters<SambandstestStore['completeRun']>): Promise<void> {
    this.log.push(`completeRun ${args[0]}`);
    return super.completeRun(...args);
  }
}
