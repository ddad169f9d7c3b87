import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../adapters/mqtt/principal.js';
import { ReadDecisions } from '../../../adapters/mqtt/read-decisions.js';
import { createTopics } from '../../../adapters/mqtt/topics.js';

const topics = createTopics('samband');
const agentA: Principal = { kind: 'agent', username: 'agent-a', participantId: 'a' };
const dashboard: Principal = { kind: 'dashboard', username: 'dash' };

describe('ReadDecisions', () => {
  it('lets an agent receive its own participant’s topics and the gateway status, nothing else', () => {
    const reads = new ReadDecisions(topics, () => {});
    expect(reads.mayReceive(agentA, topics.link('a', 'phone'))).toBe(true);
    expect(reads.mayReceive(agentA, topics.gatewayStatus())).toBe(true);
    expect(reads.mayReceive(agentA, topics.link('b', 'phone'))).toBe(false);
    expect(reads.mayReceive(agentA, topics.path('b'))).toBe(false);
    expect(reads.mayReceive(agentA, topics.conferenceState('weekly'))).toBe(false);
    expect(reads.mayReceive(dashboard, topics.link('b', 'phone'))).toBe(true);
    expect(reads.mayReceive(dashboard, '$SYS/broker/uptime')).toBe(false);
  });

  it('reports a refusal once per principal and topic, however many messages follow', () => {
    const withheld: string[] = [];
    const reads = new ReadDecisions(topics, (p, topic) => withheld.push(`${p.kind}:${topic}`));
    for (let i = 0; i < 5; i++) expect(reads.mayReceive(agentA, topics.path('b'))).toBe(false);
    expect(withheld).toEqual([`agent:${topics.path('b')}`]);
  });

  it('keeps decisions apart per principal', () => {
    const reads = new ReadDecisions(topics, () => {});
    const agentB: Principal = { kind: 'agent', username: 'agent-b', participantId: 'b' };
    expect(reads.mayReceive(agentB, topics.path('b'))).toBe(true);
    expect(reads.mayReceive(agentA, topics.path('b'))).toBe(false);
  });
});
