import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decidePublish, mayRead } from '../../../adapters/mqtt/acl.js';
import type { Principal } from '../../../adapters/mqtt/principal.js';
import { createTopics } from '../../../adapters/mqtt/topics.js';

const topics = createTopics('samband');
const agentA: Principal = { kind: 'agent', username: 'agent-a', participantId: 'a' };
const gateway: Principal = { kind: 'gateway', username: 'samband-gateway' };
const dashboard: Principal = { kind: 'dashboard', username: 'dash' };
const publish = (topic: string, payload = '{}', retain = false) => ({ topic, payload, retain });

/** MQTT 3.1.1 §4.7 topic matching, written independently of the ACL to check it against. */
function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

describe('decidePublish', () => {
  it('lets the gateway publish under the prefix only', () => {
    expect(decidePublish(gateway, publish('samband/v1/participants/b/links/phone'), topics).allow).toBe(true);
    expect(decidePublish(gateway, publish('elsewhere/x'), topics).allow).toBe(false);
    expect(decidePublish(gateway, publish('sambandX/v1'), topics).allow).toBe(false);
  });

  it('lets an agent publish only a valid heartbeat of its own participant, never retained', () => {
    expect(decidePublish(agentA, publish(topics.heartbeat('a'), '{"battery":5}'), topics)).toEqual({
      allow: true,
      clearRetain: false,
    });
    expect(decidePublish(agentA, publish(topics.heartbeat('a'), '{}', true), topics)).toEqual({
      allow: true,
      clearRetain: true,
    });
    expect(decidePublish(agentA, publish(topics.heartbeat('b')), topics).allow).toBe(false);
    expect(decidePublish(agentA, publish(topics.link('a', 'agent')), topics).allow).toBe(false);
    const malformed = decidePublish(agentA, publish(topics.heartbeat('a'), '{"extra":1}'), topics);
    expect(malformed).toEqual({ allow: false, reason: expect.stringContaining('unknown field "extra"') });
  });

  it('refuses every publish from dashboards and anonymous clients', () => {
    expect(decidePublish(dashboard, publish(topics.heartbeat('a')), topics).allow).toBe(false);
    expect(decidePublish({ kind: 'anonymous' }, publish(topics.heartbeat('a')), topics).allow).toBe(false);
  });
});

describe('mayRead', () => {
  it('lets readers see everything under the prefix and nothing outside it', () => {
    for (const reader of [gateway, dashboard, { kind: 'anonymous' } as const]) {
      expect(mayRead(reader, 'samband/v1/#', topics)).toBe(true);
      expect(mayRead(reader, 'samband/#', topics)).toBe(true);
      expect(mayRead(reader, '#', topics)).toBe(false);
      expect(mayRead(reader, '+/v1/#', topics)).toBe(false);
      expect(mayRead(reader, '$SYS/#', topics)).toBe(false);
    }
  });

  it('confines an agent to its own subtree and the gateway status', () => {
    expect(mayRead(agentA, 'samband/v1/participants/a/#', topics)).toBe(true);
    expect(mayRead(agentA, 'samband/v1/participants/a/links/+', topics)).toBe(true);
    expect(mayRead(agentA, 'samband/v1/gateway/status', topics)).toBe(true);
    expect(mayRead(agentA, 'samband/v1/gateway/#', topics)).toBe(false);
    expect(mayRead(agentA, 'samband/v1/participants/+/heartbeat', topics)).toBe(false);
    expect(mayRead(agentA, 'samband/v1/participants/b/path', topics)).toBe(false);
  });

  it('never grants an agent a filter that matches another participant’s topic', () => {
    const level = fc.constantFrom(
      'samband',
      'v1',
      'participants',
      'a',
      'b',
      'links',
      'path',
      'heartbeat',
      '+',
    );
    const filter = fc
      .tuple(fc.array(level, { minLength: 1, maxLength: 6 }), fc.boolean())
      .map(([levels, hash]) => [...levels, ...(hash ? ['#'] : [])].join('/'));
    const othersTopics = ['phone', 'radio', 'agent']
      .map((p) => topics.link('b', p as 'phone'))
      .concat(topics.path('b'), topics.heartbeat('b'));
    fc.assert(
      fc.property(filter, (f) => !mayRead(agentA, f, topics) || othersTopics.every((t) => !matches(f, t))),
      { numRuns: 2000 },
    );
  });
});
