import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MqttErrorCodes } from '../../../adapters/mqtt/errors.js';
import { createTopics } from '../../../adapters/mqtt/topics.js';

describe('createTopics', () => {
  const t = createTopics('samband');

  it('builds every v1 topic under the prefix', () => {
    expect(t.gatewayStatus()).toBe('samband/v1/gateway/status');
    expect(t.link('p1', 'radio')).toBe('samband/v1/participants/p1/links/radio');
    expect(t.path('p1')).toBe('samband/v1/participants/p1/path');
    expect(t.heartbeat('p1')).toBe('samband/v1/participants/p1/heartbeat');
    expect(t.heartbeatFilter()).toBe('samband/v1/participants/+/heartbeat');
    expect(t.conferenceState('c1')).toBe('samband/v1/conferences/c1/state');
    expect(t.conferenceEvents('c1')).toBe('samband/v1/conferences/c1/events');
    expect(t.radioStatus('r1')).toBe('samband/v1/radios/r1/status');
    expect(t.sambandstestRun('run-7')).toBe('samband/v1/sambandstest/runs/run-7');
    expect(t.sambandstestResult('run-7', 'p1', 'agent')).toBe(
      'samband/v1/sambandstest/runs/run-7/results/p1/agent',
    );
  });

  it('honours a multi-level prefix', () => {
    expect(createTopics('county/ab').link('p', 'phone')).toBe('county/ab/v1/participants/p/links/phone');
    expect(createTopics('county/ab').parseHeartbeat('county/ab/v1/participants/p/heartbeat')).toBe('p');
  });

  it.each(['a/b', '+', '#', '', 'x\u0000'])('refuses %j as an id', (bad) => {
    expect(() => t.heartbeat(bad)).toThrow(
      expect.objectContaining({ code: MqttErrorCodes.INVALID_TOPIC_LEVEL }),
    );
  });

  it('parses the participant out of a heartbeat topic and nothing else', () => {
    expect(t.parseHeartbeat('samband/v1/participants/p-9/heartbeat')).toBe('p-9');
    for (const other of [
      'samband/v1/participants/p/path',
      'samband/v1/participants//heartbeat',
      'samband/v1/participants/p/heartbeat/x',
      'other/v1/participants/p/heartbeat',
      'samband/v2/participants/p/heartbeat',
      'samband/v1/participants/heartbeat',
    ]) {
      expect(t.parseHeartbeat(other), other).toBeNull();
    }
  });

  it('round-trips any valid id through heartbeat() and parseHeartbeat()', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,63}$/),
        (pid) => t.parseHeartbeat(t.heartbeat(pid)) === pid,
      ),
    );
  });
});
