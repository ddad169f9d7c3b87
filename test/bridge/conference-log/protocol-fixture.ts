/** A finished run of three organisations with something of every kind in its log. */
import type { ConferenceRun, LogEntry, NewLogEntry } from '../../../bridge/conference-log/model.js';
import type { RollCall } from '../../../bridge/model.js';

export const run: ConferenceRun = {
  runId: 'vk-20261128T083000Z',
  conferenceId: 'vk',
  conferenceName: 'Samverkanskonferens Västra Götaland',
  startedAt: '2026-11-28T08:30:00.000Z',
  startedBy: 'tib-åsa',
  startedHow: 'convened',
  endedAt: '2026-11-28T09:00:00.000Z',
  endReason: 'ended-by-request',
  roster: [
    { participantId: 'polisen', name: 'Polisen RLC', organisation: 'Polismyndigheten' },
    { participantId: 'kommun', name: 'Tjänsteman i beredskap', organisation: 'Göteborgs stad' },
    { participantId: 'kraft', name: 'Driftcentral', organisation: 'Ellevio' },
  ],
  onSite: { name: 'Länsstyrelsen, sal Vänern', address: 'Södra Hamngatan 3, Göteborg', note: 'Ta med RAKEL' },
};

const rollCall: RollCall = {
  conferenceId: 'vk',
  name: run.conferenceName,
  state: 'active',
  at: '2026-11-28T08:35:00.000Z',
  counts: { in: 2, phone: 1, radio: 1, onSite: 0, waiting: 0, notIn: 1, removed: 0 },
  entries: [
    {
      position: 1,
      participantId: 'polisen',
      name: 'Polisen RLC',
      organisation: 'Polismyndigheten',
      priority: 1,
      status: 'in',
      via: 'radio',
      phoneConnected: false,
      muted: false,
      removed: false,
      lastCallOutcome: 'answered',
      waiting: null,
      onSite: false,
    },
    {
      position: 2,
      participantId: 'kommun',
      name: 'Tjänsteman i beredskap',
      organisation: 'Göteborgs stad',
      priority: 2,
      status: 'in',
      via: 'phone',
      phoneConnected: true,
      muted: false,
      removed: false,
      lastCallOutcome: 'answered',
      waiting: null,
      onSite: false,
    },
    {
      position: 3,
      participantId: 'kraft',
      name: 'Driftcentral',
      organisation: 'Ellevio',
      priority: 5,
      status: 'not-in',
      via: 'none',
      phoneConnected: false,
      muted: false,
      removed: false,
      lastCallOutcome: 'no-answer',
      waiting: null,
      onSite: false,
    },
  ],
};

const t = (minute: number, second = 0) =>
  new Date(Date.parse(run.startedAt) + minute * 60_000 + second * 1000).toISOString();

const logged: NewLogEntry[] = [
  { at: t(0), kind: 'convening', reason: 'convened', by: 'tib-åsa' },
  { at: t(0, 5), kind: 'call-result', participantId: 'polisen', outcome: 'answered' },
  { at: t(0, 5), kind: 'path-changed', participantId: 'polisen', path: 'phone', reason: 'phone-up' },
  { at: t(0, 6), kind: 'call-result', participantId: 'kommun', outcome: 'answered' },
  { at: t(0, 6), kind: 'path-changed', participantId: 'kommun', path: 'phone', reason: 'phone-up' },
  { at: t(0, 30), kind: 'call-result', participantId: 'kraft', outcome: 'no-answer' },
  {
    at: t(2),
    kind: 'path-changed',
    participantId: 'polisen',
    path: 'radio',
    reason: 'phone-down: media-timeout',
  },
  { at: t(3), kind: 'recording-started', by: 'tib-åsa', detail: 'recordings/vk-20261128T083300Z.wav' },
  { at: t(5), kind: 'roll-call', by: 'tib-åsa', rollCall },
  { at: t(6), kind: 'muted', participantId: 'kommun', by: 'tib-åsa' },
  {
    at: t(7),
    kind: 'refused',
    by: 'opcua-bo',
    detail: 'lock',
    reason: 'SAMBAND_ERR_TELEPHONY_FAILED: no room',
  },
  {
    at: t(8),
    kind: 'radio-emergency',
    participantId: 'polisen',
    detail: 'rakel-1 ISSI 2341001: emergency status',
  },
  { at: t(10), kind: 'sambandstest', detail: 'st-20261128T084000Z-ab12', reason: 'api', by: 'tekniker' },
  { at: t(12), kind: 'path-changed', participantId: 'polisen', path: 'phone', reason: 'phone-stable' },
  { at: t(20), kind: 'on-site-marked', participantId: 'kraft', path: 'on-site', by: 'tib-åsa' },
  { at: t(29), kind: 'recording-stopped', by: 'tib-åsa', detail: 'recordings/vk-20261128T083300Z.wav' },
  { at: t(30), kind: 'ended', reason: 'ended-by-request', by: 'tib-åsa' },
];

export const entries: LogEntry[] = logged.map((e, i) => ({ ...e, seq: i + 1 }));
