/** The OPC UA adapter with a real node-opcua client against a real server on a free port. */
import { MessageSecurityMode, OPCUAClient } from 'node-opcua';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ConveneRequest } from '../../../bridge/convene-plan.js';
import { ConflictError, CoreErrorCodes } from '../../../bridge/errors.js';
import type { ConferenceSnapshot } from '../../../bridge/model.js';
import type { TrunkStatus } from '../../../bridge/trunk-status.js';
import { trunkStatus } from '../../support/trunk-status.js';
import {
  anonymous,
  type Connected,
  callMethod,
  clientPki,
  connect,
  type Harness,
  RecordingSambandstest,
  readValue,
  startHarness,
  user,
} from './support/harness.js';
import { watchValue } from './support/sessions.js';

const P = 'ns=1;s=Samband.Participants';
const pki = clientPki();
let harness: Harness | null = null;
const clients: Connected[] = [];

async function open(identity = anonymous): Promise<Connected> {
  if (!harness) throw new Error('no harness');
  const c = await connect(harness.service.endpointUrl, pki.manager, identity);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await harness?.close();
  harness = null;
});
afterAll(() => pki.dispose());

describe('OPC UA address space', () => {
  it('browses Objects/Samband: gateway, participants, conferences, radios, trunks', async () => {
    harness = await startHarness();
    const { session } = await open();
    const children = await session.browse('ns=1;s=Samband');
    const names = children.references?.map((r) => r.browseName.name).sort();
    expect(names).toEqual(['Conferences', 'Gateway', 'Participants', 'Radios', 'Trunks']);
    const participants = await session.browse(P);
    expect(participants.references?.map((r) => r.browseName.name).sort()).toEqual(['a', 'b']);
    expect(await readValue(session, 'ns=1;s=Samband.Gateway.Version')).toEqual({
      value: '0.0.0-test',
      status: 'Good',
    });
    expect((await readValue(session, `${P}.a.Name`)).value).toBe('A');
    expect((await readValue(session, 'ns=1;s=Samband.Radios.r1.RssiDbm')).value).toBe(-71);
    expect((await readValue(session, 'ns=1;s=Samband.Radios.r1.Connected')).value).toBe(true);
    expect((await readValue(session, 'ns=1;s=Samband.Conferences.weekly.State')).value).toBe('idle');
  });

  it('uses OPC UA types and says when a value is not known yet', async () => {
    harness = await startHarness();
    const { session } = await open();
    const since = await session.read({ nodeId: `${P}.a.PathSince` });
    expect(since.value.value).toEqual(new Date('2026-11-28T09:00:00.000Z'));
    const mos = await readValue(session, `${P}.a.Links.Phone.Mos`);
    expect(mos.status).toBe('BadWaitingForInitialData');
    expect((await readValue(session, `${P}.a.PathOverride`)).status).toBe('GoodNoData');
    harness.core.setLink({
      participantId: 'a',
      path: 'phone',
      state: 'up',
      since: '2026-11-28T09:01:00.000Z',
      reason: 'answered',
      metrics: { mos: 4.2, jitterMs: 12, lossPct: 0.5 },
    });
    expect(await readValue(session, `${P}.a.Links.Phone.Mos`)).toEqual({ value: 4.2, status: 'Good' });
    expect((await readValue(session, `${P}.a.Links.Phone.State`)).value).toBe('up');
  });

  it('keeps ActivePath current from path.changed, seen by re-read and by a monitored item', async () => {
    harness = await startHarness();
    const { session } = await open();
    expect(await readValue(session, `${P}.a.ActivePath`)).toEqual({ value: 'none', status: 'Good' });

    const activePath = await watchValue(session, `${P}.a.ActivePath`);
    const core = harness.core;
    core.setPath({ ...core.participant('a').path, active: 'radio', reason: 'phone-down' });
    await activePath.until('radio');
    expect(activePath.seen).toEqual(['none', 'radio']);
    expect(await readValue(session, `${P}.a.PathReason`)).toEqual({ value: 'phone-down', status: 'Good' });
    await activePath.stop();
  });
});

describe('OPC UA carrier trunks (issue 9)', () => {
  const T = 'ns=1;s=Samband.Trunks';
  const telia = trunkStatus('telia');

  it('adds a trunk when first reported and keeps it and TrunksUsable current, seen by a monitored item', async () => {
    harness = await startHarness();
    const { session } = await open();
    // Before the telephony adapter reports: no trunks, and no verdict on whether one is usable.
    expect((await session.browse(T)).references ?? []).toHaveLength(0);
    expect((await readValue(session, 'ns=1;s=Samband.Gateway.TrunksUsable')).status).toBe('GoodNoData');

    const core = harness.core;
    core.trunkStatuses = [telia, { ...telia, id: 'tele2', registration: 'none', rttMs: null }];
    core.events.emit('trunk.changed', { trunk: telia, usable: true });
    core.events.emit('trunk.changed', { trunk: core.trunkStatuses[1] as TrunkStatus, usable: true });
    const entries = (await session.browse(T)).references?.map((r) => r.browseName.name).sort();
    expect(entries).toEqual(['tele2', 'telia']);
    expect(await readValue(session, `${T}.telia.State`)).toEqual({ value: 'up', status: 'Good' });
    expect(await readValue(session, `${T}.telia.Registration`)).toEqual({
      value: 'registered',
      status: 'Good',
    });
    expect(await readValue(session, `${T}.telia.RttMs`)).toEqual({ value: 23, status: 'Good' });
    expect((await readValue(session, `${T}.telia.Since`)).value).toEqual(new Date(telia.since));
    expect((await readValue(session, `${T}.tele2.RttMs`)).status).toBe('BadWaitingForInitialData');
    expect(await readValue(session, 'ns=1;s=Samband.Gateway.TrunksUsable')).toEqual({
      value: true,
      status: 'Good',
    });

    const usable = await watchValue(session, 'ns=1;s=Samband.Gateway.TrunksUsable');

    const down: TrunkStatus = {
      ...telia,
      state: 'down',
      since: '2026-12-08T01:05:00.000Z',
      reason: '2 keep-alives unanswered',
      registration: 'failed',
    };
    core.events.emit('trunk.changed', { trunk: down, usable: true });
    core.events.emit('trunk.changed', {
      trunk: { ...down, id: 'tele2', registration: 'none', rttMs: null },
      usable: false,
    });
    await usable.until(false);
    expect(usable.seen).toEqual([true, false]);
    expect(await readValue(session, `${T}.telia.State`)).toEqual({ value: 'down', status: 'Good' });
    expect(await readValue(session, `${T}.telia.Reason`)).toEqual({
      value: '2 keep-alives unanswered',
      status: 'Good',
    });
    expect(await readValue(session, `${T}.telia.Registration`)).toEqual({ value: 'failed', status: 'Good' });
    expect((await readValue(session, `${T}.telia.Since`)).value).toEqual(new Date(down.since));
    expect(await readValue(session, `${T}.tele2.State`)).toEqual({ value: 'down', status: 'Good' });
    await usable.stop();
  });
});

describe('OPC UA methods and security', () => {
  it('ForcePath as a host user reaches the core with by = the OPC UA user name', async () => {
    harness = await startHarness();
    const { session } = await open(user('hostuser', 'host-pass'));
    const result = await callMethod(session, `${P}.b`, `${P}.b.ForcePath`, ['radio']);
    expect(result).toEqual({ status: 'Good', result: 'b is pinned to radio' });
    expect(harness.core.forced).toEqual([{ participantId: 'b', path: 'radio', by: 'hostuser' }]);
    expect((await readValue(session, `${P}.b.ActivePath`)).value).toBe('radio');
    expect((await callMethod(session, `${P}.b`, `${P}.b.ReleasePath`)).status).toBe('Good');
  });

  it('refuses methods to anonymous sessions and to a viewer (BadUserAccessDenied)', async () => {
    harness = await startHarness();
    const anon = await open(anonymous);
    const denied = await callMethod(anon.session, `${P}.a`, `${P}.a.ForcePath`, ['radio']);
    expect(denied.status).toBe('BadUserAccessDenied');
    expect(denied.result).toMatch(/^SAMBAND_ERR_OPCUA_ACCESS_DENIED: /);
    const viewer = await open(user('viewer', 'viewer-pass'));
    expect((await callMethod(viewer.session, `${P}.a`, `${P}.a.ForcePath`, ['radio'])).status).toBe(
      'BadUserAccessDenied',
    );
    // Reading is still allowed to both.
    expect((await readValue(viewer.session, `${P}.a.ActivePath`)).status).toBe('Good');
    expect(harness.core.forced).toEqual([]);
  });

  it('refuses a wrong password and an unknown user', async () => {
    harness = await startHarness();
    const endpointUrl = harness.service.endpointUrl;
    await expect(connect(endpointUrl, pki.manager, user('hostuser', 'wrong'))).rejects.toThrow(
      /BadUserAccessDenied/,
    );
    await expect(connect(endpointUrl, pki.manager, user('nobody', 'host-pass'))).rejects.toThrow(
      /BadUserAccessDenied/,
    );
  });

  it('maps core errors to Bad status codes with the error code and message', async () => {
    harness = await startHarness();
    harness.core.convene = async (): Promise<ConferenceSnapshot> => {
      throw new ConflictError(CoreErrorCodes.CONFERENCE_STATE, 'conference "weekly" is already active');
    };
    const { session } = await open(user('hostuser', 'host-pass'));
    const C = 'ns=1;s=Samband.Conferences.weekly';
    expect(await callMethod(session, C, `${C}.Convene`)).toEqual({
      status: 'BadInvalidState',
      result: 'SAMBAND_ERR_CONFERENCE_STATE: conference "weekly" is already active',
    });
    const bad = await callMethod(session, `${P}.a`, `${P}.a.ForcePath`, ['pigeon']);
    expect(bad.status).toBe('BadInvalidArgument');
    expect(harness.core.forced).toEqual([]);
  });

  it('ConveneWith convenes about a subject with a selection typed as text; Subject and Roster follow', async () => {
    harness = await startHarness();
    const core = harness.core;
    const requests: unknown[] = [];
    core.convene = async (id: string, by?: string, request?: ConveneRequest): Promise<ConferenceSnapshot> => {
      requests.push({ id, by, request });
      core.setConference({
        ...core.conference(id),
        state: 'convening',
        subject: request?.subject ?? null,
        roster: ['a'],
      });
      return core.conference(id);
    };
    const { session } = await open(user('hostuser', 'host-pass'));
    const C = 'ns=1;s=Samband.Conferences.weekly';
    expect(
      await callMethod(session, C, `${C}.ConveneWith`, [
        'Höga flöden Umeälven',
        'area:umealven sector:kommun,dammagare +a -b',
        'extend',
      ]),
    ).toEqual({ status: 'Good', result: 'weekly is convening, calling 1' });
    expect(requests).toEqual([
      {
        id: 'weekly',
        by: 'hostuser',
        request: {
          subject: 'Höga flöden Umeälven',
          selection: {
            tags: { area: ['umealven'], sector: ['kommun', 'dammagare'] },
            add: ['a'],
            exclude: ['b'],
          },
          mode: 'extend',
        },
      },
    ]);
    expect((await readValue(session, `${C}.Subject`)).value).toBe('Höga flöden Umeälven');
    expect((await readValue(session, `${C}.Roster`)).value).toBe('a');
    const bad = await callMethod(session, C, `${C}.ConveneWith`, ['', 'umealven', '']);
    expect(bad).toEqual({
      status: 'BadInvalidArgument',
      result:
        'SAMBAND_ERR_OPCUA_INVALID_ARGUMENT: selection: expected "key:value[,value…]", "+id" or "-id", found "umealven"',
    });
  });

  it('offers RunSambandstest to a technician-or-better when the service is given', async () => {
    const sambandstest = new RecordingSambandstest();
    harness = await startHarness({}, sambandstest);
    const { session } = await open(user('hostuser', 'host-pass'));
    expect(await callMethod(session, 'ns=1;s=Samband', 'ns=1;s=Samband.RunSambandstest')).toEqual({
      status: 'Good',
      result: 'st-1',
    });
    expect(sambandstest.requests).toEqual([{ trigger: 'api', requestedBy: 'hostuser' }]);
  });

  it('without allowAnonymous offers no None endpoint and refuses anonymous sessions', async () => {
    harness = await startHarness({
      allowAnonymous: false,
      securityModes: ['SignAndEncrypt'],
      securityPolicies: ['Basic256Sha256'],
    });
    const probe = OPCUAClient.create({
      applicationName: 'samband-test-client',
      endpointMustExist: false,
      clientCertificateManager: pki.manager,
    });
    await probe.connect(harness.service.endpointUrl);
    const endpoints = await probe.getEndpoints();
    await probe.disconnect();
    expect(endpoints.map((e) => e.securityMode)).toEqual([MessageSecurityMode.SignAndEncrypt]);
    expect(endpoints.flatMap((e) => e.userIdentityTokens?.map((t) => t.tokenType) ?? [])).not.toContain(0);
    await expect(connect(harness.service.endpointUrl, pki.manager, anonymous, true)).rejects.toThrow();
    const host = await open(user('hostuser', 'host-pass'));
    expect((await readValue(host.session, `${P}.a.ActivePath`)).value).toBe('none');
  });

  it('releases its port on close', async () => {
    harness = await startHarness();
    const { endpointUrl } = harness.service;
    await harness.close();
    harness = null;
    await expect(connect(endpointUrl, pki.manager, anonymous)).rejects.toThrow();
  });
});
