/**
 * A participant's nodes are built on first use (adapters/opcua/lazy-nodes.ts). Seen from a real
 * node-opcua client, nothing may tell: a participant first reached by a read, a monitored item,
 * a browse, a browse path or a method call shows the core's state of that moment and follows it.
 */
import { makeBrowsePath } from 'node-opcua';
import { afterAll, afterEach, expect, it } from 'vitest';
import { callMethod, type Harness, readValue, startHarness, user } from './support/harness.js';
import { Sessions, watchValue } from './support/sessions.js';

const P = 'ns=1;s=Samband.Participants';
const sessions = new Sessions();
let harness: Harness;
const open = (identity?: Parameters<Sessions['open']>[1]) => sessions.open(harness, identity);

afterEach(async () => {
  await sessions.closeAll();
  await harness.close();
});
afterAll(() => sessions.dispose());

const PHONE_UP = {
  participantId: 'b',
  path: 'phone' as const,
  state: 'up' as const,
  since: '2026-11-28T09:01:00.000Z',
  reason: 'answered',
  metrics: { mos: 3.9, jitterMs: 20, lossPct: 1.5 },
};

it('shows the state the core had before anyone asked, when first read by NodeId', async () => {
  harness = await startHarness();
  // Changes while b's nodes do not exist yet: nothing follows them but the core.
  harness.core.setLink(PHONE_UP);
  harness.core.setPath({ ...harness.core.participant('b').path, active: 'phone', reason: 'phone-up' });
  const { session } = await open();
  expect(await readValue(session, `${P}.b.Links.Phone.Mos`)).toEqual({ value: 3.9, status: 'Good' });
  expect(await readValue(session, `${P}.b.Links.Phone.State`)).toEqual({ value: 'up', status: 'Good' });
  expect(await readValue(session, `${P}.b.ActivePath`)).toEqual({ value: 'phone', status: 'Good' });
  expect(await readValue(session, `${P}.b.PathReason`)).toEqual({ value: 'phone-up', status: 'Good' });
  expect(await readValue(session, `${P}.b.Name`)).toEqual({ value: 'B', status: 'Good' });
  // An id that is no node stays unknown, built participant or not.
  expect((await readValue(session, `${P}.b.Links.Phone.Nonsense`)).status).toBe('BadNodeIdUnknown');
  expect((await readValue(session, `${P}.nobody.Name`)).status).toBe('BadNodeIdUnknown');
});

it('follows live changes of a participant first reached by a monitored item', async () => {
  harness = await startHarness();
  const { session } = await open();
  const state = await watchValue(session, `${P}.b.Links.Phone.State`);
  harness.core.setLink(PHONE_UP);
  await state.until('up');
  expect(state.seen).toEqual(['unknown', 'up']);
  expect(await readValue(session, `${P}.b.Links.Phone.JitterMs`)).toEqual({ value: 20, status: 'Good' });
  await state.stop();
});

it('lists every node of a participant first reached by a browse, and resolves browse paths', async () => {
  harness = await startHarness();
  const { session } = await open();
  const folder = await session.browse(P);
  expect(folder.references?.map((r) => r.browseName.name).sort()).toEqual(['a', 'b']);
  const b = await session.browse(`${P}.b`);
  expect(b.references?.map((r) => r.browseName.name).sort()).toEqual(
    expect.arrayContaining([
      'ActivePath',
      'ForcePath',
      'Links',
      'Name',
      'Organisation',
      'PathOverride',
      'PathReason',
      'PathSince',
      'ReleasePath',
    ]),
  );
  const links = await session.browse(`${P}.b.Links`);
  expect(links.references?.map((r) => r.browseName.name).sort()).toEqual(['Agent', 'Phone', 'Radio']);
  // From the folder down, through a participant no service has looked up yet.
  const [found] = await session.translateBrowsePath([makeBrowsePath(P, '/1:a/1:Links/1:Radio/1:State')]);
  expect(found?.statusCode.name).toBe('Good');
  expect(found?.targets?.[0]?.targetId.toString()).toBe(`${P}.a.Links.Radio.State`);
});

it('runs a method of a participant first reached by the call', async () => {
  harness = await startHarness();
  const { session } = await open(user('hostuser', 'host-pass'));
  const result = await callMethod(session, `${P}.a`, `${P}.a.ForcePath`, ['radio']);
  expect(result).toEqual({ status: 'Good', result: 'a is pinned to radio' });
  expect(await readValue(session, `${P}.a.PathOverride`)).toEqual({ value: 'radio', status: 'Good' });
});
