/**
 * The read ACL at every delivery, for the price of a map lookup. aedes asks `mayRead` once per
 * subscription, but a message can reach a client that no subscription decision of its own
 * covers: the queue of a persistent session (clean: false) is handed to whoever next connects
 * with that client id, and another principal may do so once the owner is gone. So each delivery
 * is checked against the receiving principal; `mayRead` is a pure function of principal and
 * topic, so each pair is decided once and the answer kept while the principal lives.
 */
import { mayRead } from './acl.js';
import type { Principal } from './principal.js';
import type { Topics } from './topics.js';

/**
 * Only the gateway publishes state and agents only their heartbeat, so the topics a client can
 * be sent are a few per participant; the bound is for safety, not for eviction policy.
 */
const MAX_DECISIONS_PER_PRINCIPAL = 10_000;

export class ReadDecisions {
  readonly #topics: Topics;
  readonly #onWithheld: (principal: Principal, topic: string) => void;
  readonly #decisions = new WeakMap<Principal, Map<string, boolean>>();

  /** `onWithheld` is told the first time a principal is refused a topic (not on every message). */
  constructor(topics: Topics, onWithheld: (principal: Principal, topic: string) => void) {
    this.#topics = topics;
    this.#onWithheld = onWithheld;
  }

  mayReceive(principal: Principal, topic: string): boolean {
    let decisions = this.#decisions.get(principal);
    if (!decisions) {
      decisions = new Map();
      this.#decisions.set(principal, decisions);
    }
    const known = decisions.get(topic);
    if (known !== undefined) return known;
    const allowed = mayRead(principal, topic, this.#topics);
    if (decisions.size >= MAX_DECISIONS_PER_PRINCIPAL) decisions.clear();
    decisions.set(topic, allowed);
    if (!allowed) this.#onWithheld(principal, topic);
    return allowed;
  }
}
