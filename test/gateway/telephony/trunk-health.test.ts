import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../support/capture-logger.js';
import { ALPHA, callOutAlpha, DIAL_IN_NUMBER, type Fixture, fixture, telephonyConfig } from './fixture.js';

const A = 'trunk-a.example.se:5060';
const B = 'trunk-b.example.se:5060';

const config = (a: Record<string, unknown> = {}) =>
  telephonyConfig({
    sip: {
      callerId: DIAL_IN_NUMBER,
      trunks: [
        { id: 'a', host: 'trunk-a.example.se', keepAliveIntervalMs: 10_000, keepAliveTimeoutMs: 2_000, ...a },
        {
          id: 'b',
          host: 'trunk-b.example.se',
          keepAliveIntervalMs: 10_000,
          keepAliveTimeoutMs: 2_000,
          order: 1,
        },
      ],
    },
  });

describe('trunk health (OPTIONS keep-alive)', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.telephony.close();
  });
  const latest = () => f.log.of('trunks.status').at(-1);
  const stateOf = (id: string) => latest()?.trunks.find((t) => t.id === id)?.state;
  const callOut = () => callOutAlpha(f);

  it('reports every trunk unknown at first, then up with the round trip once OPTIONS is answered', async () => {
    f = await fixture({ trunks: [A, B], config: config() });
    expect(f.log.of('trunks.status')[0]?.trunks.map((t) => t.state)).toEqual(['unknown', 'unknown']);
    await f.advance(1_500);
    expect(latest()).toMatchObject({
      usable: true,
      trunks: [
        { id: 'a', state: 'up' },
        { id: 'b', state: 'up' },
      ],
    });
    expect(latest()?.trunks[0]?.rttMs).toBeGreaterThan(0);
    expect(f.backend.trunk(A).options[0]?.uri).toBe(`sip:${A}`);
  });

  it('answers a challenged OPTIONS with the trunk credentials', async () => {
    f = await fixture({ trunks: [A, B], config: config({ username: 'u', password: 'p' }) });
    Object.assign(f.backend.trunk(A), { challenge: 407, credentials: { username: 'u', password: 'p' } });
    await f.advance(1_500);
    expect(f.backend.trunk(A).options[0]?.answeredWith).toBe('Proxy-Authorization');
    expect(stateOf('a')).toBe('up');
  });

  it('a silent trunk is down after keepAliveFailures probes; call-outs skip it at once', async () => {
    f = await fixture({ trunks: [A, B], config: config() });
    await f.advance(1_500);
    f.backend.trunk(A).state = 'silent';
    await f.advance(10_000 + 2_500);
    expect(stateOf('a')).toBe('up'); // one failure is not enough
    // The next probe goes keepAliveIntervalMs after the last one ended, and waits its time-out.
    await f.advance(12_000);
    expect(latest()?.trunks[0]).toMatchObject({ state: 'down', reason: 'timeout' });
    expect(latest()?.usable).toBe(true);
    const result = await callOut();
    expect(result.outcome).toBe('answered');
    expect(f.backend.trunk(A).invites).toEqual([]);
    expect(f.backend.trunk(B).invites).toHaveLength(1);
  });

  it('a trunk that stays down warns up to the verdict and when it is back, not every interval between', async () => {
    const { logger, entries } = captureLogger();
    f = await fixture({ trunks: [A, B], config: config(), logger });
    await f.advance(1_500);
    f.backend.trunk(A).state = 'silent';
    // Ten failed probes (each 10 s apart plus its 2 s time-out).
    await f.advance(10 * 12_000);
    const keepAliveLines = () =>
      entries.filter((e) => e.msg?.startsWith('trunk') && (e.obj as { trunk?: string }).trunk === 'a');
    expect(keepAliveLines().map((e) => e.msg)).toEqual([
      'trunk keep-alive failed',
      'trunk keep-alive failed: trunk down',
    ]);
    f.backend.trunk(A).state = 'up';
    await f.advance(12_000);
    expect(keepAliveLines().at(-1)?.msg).toBe('trunk answers keep-alives again: up');
    expect(keepAliveLines()).toHaveLength(3);
  });

  it('no usable trunk: usable false, and a call-out fails trunks-down without dialling', async () => {
    f = await fixture({ trunks: [A, B], config: config() });
    await f.advance(1_500);
    f.backend.trunk(A).state = 'unavailable';
    f.backend.trunk(B).state = 'unreachable';
    await f.advance(20_500);
    expect(latest()).toMatchObject({ usable: false, trunks: [{ reason: 'options-503' }, { state: 'down' }] });
    expect(latest()?.trunks[1]?.reason).toMatch(/^unreachable/);
    const result = await callOut();
    expect(result).toEqual({ outcome: 'failed', cause: 'trunks-down', number: ALPHA.phoneNumbers[0] });
    expect(f.backend.trunk(A).invites).toEqual([]);
    f.backend.trunk(A).state = 'up';
    await f.advance(10_500);
    expect(latest()).toMatchObject({ usable: true, trunks: [{ state: 'up' }, { state: 'down' }] });
  });

  it('probes nothing while drachtio-server is down, and stops at close', async () => {
    f = await fixture({ trunks: [A, B], config: config() });
    await f.advance(1_500);
    const sent = f.backend.trunk(A).options.length;
    f.backend.drachtio.state = 'down';
    f.backend.srf().lose();
    await f.advance(30_000);
    expect(f.backend.trunk(A).options.length).toBe(sent);
    expect(stateOf('a')).toBe('up');
  });
});
