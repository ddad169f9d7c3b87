/**
 * Issue 11: "one append must not block the event loop for more than 1 ms at 100 organisations".
 * Measures how long one append to the conference log holds the event loop — better-sqlite3 is
 * synchronous, so that is the time spent inside the call — on a real database file (WAL), for a
 * run of 100 organisations whose log already holds 10 000 entries: a path change (the common
 * entry) and a roll call of all 100 (the largest).
 *
 *   npx vitest bench --run bench/conference-log.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { SqliteConferenceLogStore } from '../adapters/store/conference-log-store.js';
import type { NewLogEntry } from '../bridge/conference-log/model.js';
import type { ConferenceSnapshot, ParticipantSpec } from '../bridge/model.js';
import { rollCallOf } from '../bridge/roll-call.js';

const ORGANISATIONS = 100;
const PRELOADED = 10_000;
const participants: ParticipantSpec[] = Array.from({ length: ORGANISATIONS }, (_, i) => ({
  id: `p${i}`,
  name: `Tjänsteman i beredskap ${i}`,
  organisation: `Kommun ${i}`,
  phoneNumbers: [`+4670174${String(1000 + i).padStart(4, '0')}`],
  priority: 5,
}));
const conference: ConferenceSnapshot = {
  id: 'vk',
  name: 'Samverkanskonferens',
  subject: null,
  callUp: null,
  state: 'active',
  since: '2026-11-28T08:30:00.000Z',
  roster: participants.map((p) => p.id),
  members: participants.map((p, i) => ({
    participantId: p.id,
    phoneConnected: i % 4 !== 0,
    lastCallOutcome: 'answered',
    activePath: i % 4 === 0 ? 'radio' : 'phone',
    muted: false,
    removed: false,
    onSite: false,
    waiting: null,
  })),
  locked: false,
  recording: null,
  onSite: null,
};
const rollCall = rollCallOf(conference, new Map(participants.map((p) => [p.id, p])), conference.since);

const dir = mkdtempSync(join(tmpdir(), 'samband-log-bench-'));
const store = SqliteConferenceLogStore.open(dir);
await store.startRun({
  runId: 'vk-bench',
  conferenceId: 'vk',
  conferenceName: 'Samverkanskonferens',
  startedAt: conference.since,
  startedBy: 'bench',
  startedHow: 'convened',
  endedAt: null,
  endReason: null,
  roster: participants.map((p) => ({ participantId: p.id, name: p.name, organisation: p.organisation })),
  onSite: null,
});
let n = 0;
const pathChange = (): NewLogEntry => ({
  at: new Date(Date.parse(conference.since) + n * 1000).toISOString(),
  kind: 'path-changed',
  participantId: `p${n++ % ORGANISATIONS}`,
  path: 'radio',
  reason: 'phone-down',
});
for (let i = 0; i < PRELOADED; i += 1) void store.append('vk-bench', pathChange());

const samples: Record<string, number[]> = { path: [], rollCall: [] };
function timed(kind: keyof typeof samples, entry: NewLogEntry): void {
  const start = process.hrtime.bigint();
  // The promise settles later; the synchronous part is what holds the event loop.
  void store.append('vk-bench', entry);
  samples[kind]?.push(Number(process.hrtime.bigint() - start) / 1e6);
}

describe(`conference log append, ${ORGANISATIONS} organisations, ${PRELOADED} entries before`, () => {
  bench('path change', () => timed('path', pathChange()), { iterations: 2_000, warmupIterations: 100 });
  bench(
    'roll call of 100',
    () => timed('rollCall', { at: conference.since, kind: 'roll-call', by: 'bench', rollCall }),
    {
      iterations: 500,
      warmupIterations: 20,
    },
  );
});

afterAll(async () => {
  for (const [kind, values] of Object.entries(samples)) {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
    console.log(
      `conference log append (${kind}) over ${sorted.length}: p50 ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms, max ${at(1).toFixed(3)} ms (bar: 1 ms)`,
    );
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});
