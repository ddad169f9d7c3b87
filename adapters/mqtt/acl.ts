/**
 * Access control of the MQTT contract v1 (DESIGN.md §4) as pure functions of a principal and a
 * topic, so the policy is tested without a broker and could be reused for another broker.
 */
import { parseHeartbeat } from '../../bridge/heartbeat.js';
import type { Principal } from './principal.js';
import type { Topics } from './topics.js';

export type PublishDecision =
  /** `clearRetain`: accept, but do not let the broker keep the message as retained. */
  { allow: true; clearRetain: boolean } | { allow: false; reason: string };

export interface PublishRequest {
  topic: string;
  payload: Uint8Array | string;
  retain: boolean;
}

export function decidePublish(
  principal: Principal,
  request: PublishRequest,
  topics: Topics,
): PublishDecision {
  switch (principal.kind) {
    case 'gateway':
      return within(levels(request.topic), levels(topics.prefix))
        ? { allow: true, clearRetain: false }
        : { allow: false, reason: 'outside the topic prefix' };
    case 'agent': {
      if (request.topic !== topics.heartbeat(principal.participantId)) {
        return { allow: false, reason: 'agents publish only their own heartbeat' };
      }
      try {
        parseHeartbeat(request.payload);
      } catch (error) {
        return { allow: false, reason: error instanceof Error ? error.message : 'invalid heartbeat' };
      }
      // A retained heartbeat would be replayed to the gateway on every resubscribe and read as
      // a fresh sign of life from a site that may since have gone dark.
      return { allow: true, clearRetain: request.retain };
    }
    case 'dashboard':
    case 'anonymous':
      return { allow: false, reason: `${principal.kind} clients are read-only` };
  }
}

/**
 * Whether a principal may hold a subscription filter. A filter is granted only when every
 * topic it can ever match is readable, so a wildcard that reaches another participant's
 * subtree is refused as a whole rather than partially honoured.
 */
export function mayRead(principal: Principal, filter: string, topics: Topics): boolean {
  const filterLevels = levels(filter);
  switch (principal.kind) {
    case 'gateway':
    case 'dashboard':
    case 'anonymous':
      return within(filterLevels, levels(topics.prefix));
    case 'agent':
      return (
        filter === topics.gatewayStatus() ||
        within(filterLevels, levels(topics.participantRoot(principal.participantId)))
      );
  }
}

function levels(topic: string): string[] {
  return topic.split('/');
}

/**
 * True when every topic matching `filter` lies in the subtree `base` (which has no wildcards):
 * the filter must repeat `base` level by level literally. A `+` or `#` among those levels could
 * match a sibling subtree, so it does not count as equal. Beyond `base` anything goes.
 */
function within(filter: readonly string[], base: readonly string[]): boolean {
  if (filter.length < base.length) return false;
  return base.every((level, i) => filter[i] === level);
}
