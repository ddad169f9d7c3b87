/**
 * The `agent` link: a participant's site agent publishes heartbeats over MQTT; the link is `up`
 * while they keep coming and `down` once none arrived for `heartbeatStaleMs`.
 */
import { isoTime } from './clock.js';
import type { AgentHeartbeat } from './heartbeat.js';
import type { LinkObservation } from './link-book.js';
import type { Clock, TimerHandle } from './ports.js';

export class AgentWatch {
  readonly #clock: Clock;
  readonly #staleMs: number;
  readonly #observe: (participantId: string, observation: LinkObservation) => void;
  readonly #timers = new Map<string, TimerHandle>();

  constructor(
    participants: readonly { id: string; agentUsername?: string }[],
    clock: Clock,
    staleMs: number,
    observe: (participantId: string, observation: LinkObservation) => void,
  ) {
    this.#clock = clock;
    this.#staleMs = staleMs;
    this.#observe = observe;
    for (const p of participants) {
      if (p.agentUsername) {
        observe(p.id, { state: 'unknown', reason: 'awaiting-heartbeat' });
        this.#armStale(p.id, 'no-heartbeat-since-start');
      } else {
        observe(p.id, { state: 'unknown', reason: 'no-agent-configured' });
      }
    }
  }

  heartbeat(participantId: string, heartbeat: AgentHeartbeat): void {
    this.#observe(participantId, {
      state: 'up',
      reason: 'heartbeat',
      metrics: {
        lastHeartbeat: isoTime(this.#clock.now()),
        battery: heartbeat.battery,
        powerSource: heartbeat.powerSource,
      },
    });
    this.#armStale(participantId, 'heartbeat-stale');
  }

  close(): void {
    for (const handle of this.#timers.values()) this.#clock.clearTimeout(handle);
    this.#timers.clear();
  }

  #armStale(participantId: string, reason: string): void {
    const existing = this.#timers.get(participantId);
    if (existing) this.#clock.clearTimeout(existing);
    this.#timers.set(
      participantId,
      this.#clock.setTimeout(() => {
        this.#timers.delete(participantId);
        this.#observe(participantId, { state: 'down', reason: `${reason}: none for ${this.#staleMs} ms` });
      }, this.#staleMs),
    );
  }
}
