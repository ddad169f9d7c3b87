import { describe, expect, it } from 'vitest';
import {
  conferenceEventPayload,
  conferenceStatePayload,
  encode,
  gatewayStatusPayload,
  isoUtc,
  linkPayload,
  radioStatusPayload,
} from '../../../adapters/mqtt/payloads.js';
import type { ConferenceSnapshot, LinkSnapshot, RadioStatus } from '../../../bridge/model.js';

describe('payloads', () => {
  it('normalises times to ISO-8601 UTC and leaves unparseable text alone', () => {
    expect(isoUtc('2026-11-28T10:00:00+01:00')).toBe('2026-11-28T09:00:00.000Z');
    expect(isoUtc('garbage')).toBe('garbage');
  });

  it('copies only contract fields of a link, with metric times in UTC', () => {
    const snapshot = {
      participantId: 'p',
      path: 'agent',
      state: 'up',
      since: '2026-11-28T09:00:00Z',
      reason: 'heartbeat',
      metrics: { lastHeartbeat: '2026-11-28T10:00:05+01:00', battery: 80 },
      internalOnly: true,
    } as LinkSnapshot;
    expect(linkPayload(snapshot)).toEqual({
      participantId: 'p',
      path: 'agent',
      state: 'up',
      since: '2026-11-28T09:00:00.000Z',
      reason: 'heartbeat',
      metrics: { lastHeartbeat: '2026-11-28T09:00:05.000Z', battery: 80 },
    });
  });

  it('omits absent optional fields of a conference event', () => {
    const text = encode(
      conferenceEventPayload({ conferenceId: 'c', type: 'active', at: '2026-11-28T09:00:00Z' }),
    ).toString();
    expect(JSON.parse(text)).toEqual({ conferenceId: 'c', type: 'active', at: '2026-11-28T09:00:00.000Z' });
  });

  it('keeps a null since in the last-will status', () => {
    expect(gatewayStatusPayload({ state: 'offline', since: null, name: 'n', version: 'v' }).since).toBeNull();
  });

  it('carries the radio status fields', () => {
    const status: RadioStatus = {
      radioId: 'r',
      port: '/dev/ttyUSB0',
      connected: false,
      mode: 'DMO',
      talkgroup: null,
      registered: false,
      rssiDbm: null,
      reason: 'port vanished',
    };
    expect(radioStatusPayload(status)).toEqual(status);
  });

  it('carries the host-control state of a conference: lock, recording, muted, removed and on-site members, and the meeting place', () => {
    const member = {
      participantId: 'p',
      phoneConnected: true,
      lastCallOutcome: 'answered',
      activePath: 'phone',
      muted: true,
      removed: false,
      waiting: null,
      onSite: false,
    } as const;
    const snapshot = {
      id: 'c',
      name: 'Vecka',
      state: 'active',
      since: '2026-11-28T09:00:00Z',
      roster: ['p', 'q'],
      members: [
        member,
        { ...member, participantId: 'q', muted: false, removed: true, onSite: true, internal: 1 },
      ],
      locked: true,
      recording: { file: 'recordings/c-20261128T090000Z.wav', since: '2026-11-28T10:00:00+01:00' },
      onSite: { name: 'Länsstyrelsen, sal Vänern', address: 'Södra Hamngatan 3', internal: 2 },
    } as unknown as ConferenceSnapshot;
    const payload = JSON.parse(encode(conferenceStatePayload(snapshot)).toString());
    expect(payload).toEqual({
      id: 'c',
      name: 'Vecka',
      state: 'active',
      since: '2026-11-28T09:00:00.000Z',
      roster: ['p', 'q'],
      members: [member, { ...member, participantId: 'q', muted: false, removed: true, onSite: true }],
      locked: true,
      recording: { file: 'recordings/c-20261128T090000Z.wav', since: '2026-11-28T09:00:00.000Z' },
      onSite: { name: 'Länsstyrelsen, sal Vänern', address: 'Södra Hamngatan 3' },
      callUp: null,
    });
    expect(
      conferenceStatePayload({ ...snapshot, locked: false, recording: null, onSite: null }),
    ).toMatchObject({
      locked: false,
      recording: null,
      onSite: null,
    });
  });

  it('carries the subject and roster of a conference convened on the spot (issue 12), in state and event', () => {
    const snapshot = {
      id: 'alv',
      name: 'Älvgruppen',
      subject: 'Höga flöden Umeälven',
      state: 'convening',
      since: '2026-11-28T03:00:00Z',
      roster: ['umea', 'vattenfall'],
      members: [],
      locked: false,
      recording: null,
      onSite: null,
      callUp: null,
    } as ConferenceSnapshot;
    expect(conferenceStatePayload(snapshot)).toMatchObject({
      subject: 'Höga flöden Umeälven',
      roster: ['umea', 'vattenfall'],
    });
    expect(conferenceStatePayload({ ...snapshot, subject: null }).subject).toBeNull();
    expect(
      conferenceEventPayload({
        conferenceId: 'alv',
        type: 'convening',
        at: '2026-11-28T03:00:00Z',
        by: 'tib',
        subject: 'Höga flöden Umeälven',
        roster: ['umea', 'vattenfall'],
      }),
    ).toMatchObject({ subject: 'Höga flöden Umeälven', roster: ['umea', 'vattenfall'] });
  });
});
