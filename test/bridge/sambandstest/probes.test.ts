import { describe, expect, it } from 'vitest';
import type { LinkPath, ParticipantSpec } from '../../../bridge/model.js';
import type { TargetResult } from '../../../bridge/sambandstest/model.js';
import { answerAfter, type Rig, rig, TIMEOUT_MS } from './harness.js';
import { spec } from './support.js';

async function resultOf(r: Rig, path: LinkPath, script: () => void = () => {}): Promise<TargetResult> {
  const pending = r.runToEnd({ paths: [path] });
  script();
  const { summary } = await pending;
  const record = await r.store.getRun(summary.runId);
  const result = record?.results[0];
  if (!result) throw new Error('no result');
  return result;
}

function one(patch: Partial<ParticipantSpec> = {}): Rig {
  return rig([spec('polisen', patch)]);
}

describe('phone path', () => {
  it('answered (acknowledged) → ok with the time to answer', async () => {
    const r = one();
    answerAfter(r, () => 2000);
    expect(await resultOf(r, 'phone')).toMatchObject({ status: 'ok', fault: null, timeToAnswerMs: 2000 });
  });

  it('busy → failed / busy', async () => {
    const r = one();
    answerAfter(r, () => null);
    const result = resultOf(r, 'phone');
    await r.clock.advanceAsync(10);
    r.telephony.fail('polisen', 'busy');
    expect(await result).toMatchObject({ status: 'failed', fault: 'busy' });
  });

  it('never answered → no-answer / timeout after the target time-out, and the call is cancelled', async () => {
    const r = one();
    const result = await resultOf(r, 'phone');
    expect(result).toMatchObject({
      status: 'no-answer',
      fault: 'timeout',
      detail: `no answer within ${TIMEOUT_MS} ms`,
    });
    expect(r.telephony.hangups).toEqual(['polisen']);
  });

  it('a call-out that throws → failed / error with the code', async () => {
    const r = one();
    r.telephony.callOut = async () => {
      throw Object.assign(new Error('refusing to dial'), { code: 'SAMBAND_ERR_NUMBER_NOT_CONFIGURED' });
    };
    expect(await resultOf(r, 'phone')).toMatchObject({ status: 'failed', fault: 'error' });
  });

  it('no number configured → skipped / no-number, nobody called', async () => {
    const r = one({ phoneNumbers: [] });
    expect(await resultOf(r, 'phone')).toMatchObject({ status: 'skipped', fault: 'no-number' });
    expect(r.telephony.callLog).toEqual([]);
  });

  it('connected in a running conference with the phone link up → ok, not called again', async () => {
    const r = one();
    r.directory.connect('polisen');
    r.directory.setLink('polisen', 'phone', 'up', 'call-connected', { mos: 4.3 });
    expect(await resultOf(r, 'phone')).toMatchObject({
      status: 'ok',
      detail: 'verified by live conference call',
      mos: 4.3,
      timeToAnswerMs: null,
    });
    expect(r.telephony.callLog).toEqual([]);
  });

  it('a degraded live call still proves the path, and says so', async () => {
    const r = one();
    r.directory.connect('polisen');
    r.directory.setLink('polisen', 'phone', 'degraded', 'mos 3.1');
    expect((await resultOf(r, 'phone')).detail).toBe('verified by live conference call (degraded: mos 3.1)');
  });

  it('in the conference but the link is down → called', async () => {
    const r = one();
    r.directory.connect('polisen');
    r.directory.setLink('polisen', 'phone', 'down', 'media-timeout');
    answerAfter(r, () => 1000);
    expect(await resultOf(r, 'phone')).toMatchObject({
      status: 'ok',
      detail: 'answered and acknowledged (+46701740605)',
    });
    expect(r.telephony.callLog).toHaveLength(1);
  });
});

describe('radio path', () => {
  it('delivered → ok with the round trip and the gateway terminal RSSI', async () => {
    const r = one();
    r.radio.latencyMs = 450;
    r.radio.outcomeFor = () => ({ delivered: true, roundTripMs: 450 });
    const result = await resultOf(r, 'radio');
    expect(result).toMatchObject({ status: 'ok', timeToAnswerMs: 450, rssiDbm: -75 });
    expect(r.radio.sent[0]?.text).toContain('Sambandstest run-1');
  });

  it('terminal off → no-answer / terminal-off', async () => {
    const r = one();
    r.radio.outcomeFor = () => ({ delivered: false, fault: 'terminal-off', reason: 'target did not answer' });
    expect(await resultOf(r, 'radio')).toMatchObject({
      status: 'no-answer',
      fault: 'terminal-off',
      rssiDbm: -75,
    });
  });

  it('no delivery report in time → no-answer / timeout', async () => {
    const r = one();
    r.radio.never = true;
    expect(await resultOf(r, 'radio')).toMatchObject({ status: 'no-answer', fault: 'timeout' });
  });

  it('the terminal throws → failed / adapter-down', async () => {
    const r = one();
    r.radio.sendSds = async () => {
      throw new Error('port closed');
    };
    expect(await resultOf(r, 'radio')).toMatchObject({
      status: 'failed',
      fault: 'adapter-down',
      detail: 'port closed',
    });
  });

  it('no ISSI configured → skipped / no-radio', async () => {
    const r = one({ radio: undefined });
    expect(await resultOf(r, 'radio')).toMatchObject({ status: 'skipped', fault: 'no-radio' });
  });

  it('no gateway terminal → failed / adapter-down', async () => {
    const r = rig([spec('polisen')], { radios: [] });
    expect(await resultOf(r, 'radio')).toMatchObject({ status: 'failed', fault: 'adapter-down' });
  });
});

describe('agent path', () => {
  it('fresh heartbeat → ok', async () => {
    const r = one({ agentUsername: 'agent-polisen' });
    r.directory.setLink('polisen', 'agent', 'up', 'heartbeat', { lastHeartbeat: '2026-03-02T08:29:30.000Z' });
    expect(await resultOf(r, 'agent')).toMatchObject({
      status: 'ok',
      detail: 'heartbeat fresh (last 2026-03-02T08:29:30.000Z)',
    });
  });

  it('stale heartbeat → no-answer / no-heartbeat with the reason', async () => {
    const r = one({ agentUsername: 'agent-polisen' });
    r.directory.setLink('polisen', 'agent', 'down', 'heartbeat-stale: 95 s');
    expect(await resultOf(r, 'agent')).toMatchObject({
      status: 'no-answer',
      fault: 'no-heartbeat',
      detail: 'agent link down: heartbeat-stale: 95 s',
    });
  });

  it('no agent configured → skipped / no-agent', async () => {
    expect(await resultOf(one(), 'agent')).toMatchObject({ status: 'skipped', fault: 'no-agent' });
  });
});
