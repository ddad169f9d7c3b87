/**
 * Prometheus metrics for the gateway, in a registry owned by this HTTP server (never prom-client's
 * global one, so several servers or tests in one process never collide). Gauges and counters are
 * fed from the core's event stream; `close()` unsubscribes.
 */

import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { GatewayCore } from '../../bridge/core-api.js';
import type { DomainEvents } from '../../bridge/events.js';
import type { ConferenceSnapshot } from '../../bridge/model.js';
import { CONFERENCE_STATES, LINK_STATES, type LinkSnapshot, type PathSnapshot } from '../../bridge/model.js';
import type { StoreHealthSnapshot } from '../../bridge/store-health.js';
import { TRUNK_STATES, type TrunkStatus } from '../../bridge/trunk-status.js';
import type { LoginThrottleCounts } from '../auth/login-counts.js';

const ACTIVE_PATHS = ['phone', 'radio', 'none'] as const;
/** Reasons are free text from the core; cap distinct label values so a chatty reason cannot grow memory. */
const MAX_REASON_LABELS = 50;

let processRegistry: Registry | null = null;

/**
 * Default process metrics describe the process, not a server, and prom-client starts an event-loop
 * monitor and a GC observer each time they are collected, with no way to stop them. So they are
 * collected once per process into a private registry and shared into every server's registry.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface HttpMetrics {
  readonly contentType: string;
  render(): Promise<string>;
  countRequest(route: string, status: number): void;
  close(): void;
}

export function createHttpMetrics(core: GatewayCore, loginThrottled?: LoginThrottleCounts): HttpMetrics {
  const own = new Registry();
  const registers = [own];

  const linkState = new Gauge({
    name: 'samband_link_state',
    help: 'Link state per participant and path: 1 for the current state, 0 for the others.',
    labelNames: ['participant', 'path', 'state'] as const,
    registers,
  });
  const activePath = new Gauge({
    name: 'samband_active_path',
    help: 'Voice path carrying the participant: 1 for the active one (none = not carried).',
    labelNames: ['participant', 'path'] as const,
    registers,
  });
  const pathChanges = new Counter({
    name: 'samband_path_changes_total',
    help: 'Active-path transitions (failover, failback, overrides) by target path and reason.',
    labelNames: ['to', 'reason'] as const,
    registers,
  });
  const conferenceState = new Gauge({
    name: 'samband_conference_state',
    help: 'Conference state: 1 for the current state, 0 for the others.',
    labelNames: ['conference', 'state'] as const,
    registers,
  });
  const storeOk = new Gauge({
    name: 'samband_store_ok',
    help: 'Whether the gateway store takes writes: 1 yes, 0 no (a full disk; writes are kept and retried).',
    registers,
  });
  const storePending = new Gauge({
    name: 'samband_store_pending_writes',
    help: 'Writes kept in memory because the store refused them.',
    registers,
  });
  const setStore = (health: StoreHealthSnapshot): void => {
    storeOk.set(health.ok ? 1 : 0);
    storePending.set(health.pendingWrites);
  };
  setStore(core.storeHealth());
  const httpRequests = new Counter({
    name: 'samband_http_requests_total',
    help: 'HTTP requests answered, by route template and status code.',
    labelNames: ['route', 'status'] as const,
    registers,
  });

  new Counter({
    name: 'samband_login_throttled_total',
    help: 'Login attempts with wrong credentials slowed (held back) or refused (no check slot), by front door.',
    labelNames: ['protocol', 'outcome'] as const,
    registers,
    // Read at scrape time: the doors count into a tally that exists before this registry does.
    collect() {
      this.reset();
      for (const c of loginThrottled?.counts() ?? [])
        this.inc({ protocol: c.door, outcome: c.outcome }, c.count);
    },
  });

  // Metric objects are shared, not copied, so the merged registry always reads current values.
  const trunkState = new Gauge({
    name: 'samband_trunk_state',
    help: 'Carrier trunk health (OPTIONS keep-alive): 1 for the current state, 0 for the others.',
    labelNames: ['trunk', 'state'] as const,
    registers,
  });
  const trunkRegistered = new Gauge({
    name: 'samband_trunk_registered',
    help: 'Carrier trunk registration: 1 registered, 0 not (absent: the trunk does not register).',
    labelNames: ['trunk'] as const,
    registers,
  });
  const setTrunk = (trunk: TrunkStatus): void => {
    for (const state of TRUNK_STATES)
      trunkState.set({ trunk: trunk.id, state }, state === trunk.state ? 1 : 0);
    if (trunk.registration !== 'none') {
      trunkRegistered.set({ trunk: trunk.id }, trunk.registration === 'registered' ? 1 : 0);
    }
  };
  for (const trunk of core.trunks()) setTrunk(trunk);

  const registry = Registry.merge([processMetrics(), own]);

  const reasons = new Set<string>();
  const reasonLabel = (reason: string): string => {
    if (reasons.has(reason)) return reason;
    if (reasons.size >= MAX_REASON_LABELS) return 'other';
    reasons.add(reason);
    return reason;
  };

  const setLink = (link: LinkSnapshot): void => {
    for (const state of LINK_STATES) {
      linkState.set(
        { participant: link.participantId, path: link.path, state },
        state === link.state ? 1 : 0,
      );
    }
  };
  const setPath = (path: PathSnapshot): void => {
    for (const candidate of ACTIVE_PATHS) {
      activePath.set({ participant: path.participantId, path: candidate }, candidate === path.active ? 1 : 0);
    }
  };
  const setConference = (conference: ConferenceSnapshot): void => {
    for (const state of CONFERENCE_STATES) {
      conferenceState.set({ conference: conference.id, state }, state === conference.state ? 1 : 0);
    }
  };

  // Seed from the current snapshot so every series exists before the first event.
  for (const view of core.participants()) {
    for (const link of Object.values(view.links)) setLink(link);
    setPath(view.path);
  }
  for (const conference of core.conferences()) setConference(conference);

  const onPath = ({ path }: DomainEvents['path.changed']): void => {
    setPath(path);
    pathChanges.inc({ to: path.active, reason: reasonLabel(path.reason) });
  };
  const unsubscribe = [
    core.events.on('link.changed', ({ link }) => setLink(link)),
    core.events.on('path.changed', onPath),
    core.events.on('conference.changed', ({ conference }) => setConference(conference)),
    core.events.on('store.health', ({ health }) => setStore(health)),
    core.events.on('trunk.changed', ({ trunk }) => setTrunk(trunk)),
  ];

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    countRequest: (route, status) => httpRequests.inc({ route, status: String(status) }),
    close: () => {
      for (const off of unsubscribe.splice(0)) off();
    },
  };
}
