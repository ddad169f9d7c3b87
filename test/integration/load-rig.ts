/**
 * A full roster on the real servers: the real `samband start` (drachtio back end, simulated
 * radios for the fallback path) with N organisations whose phones are one sipp UAS that answers,
 * presses 1 and echoes RTP. Shared by the phone-load bench and the faults-under-load suite.
 * Bounded: sipp handles exactly N calls and exits; every wait has a deadline.
 */
import { readFileSync } from 'node:fs';
import type { RollCall } from '../../bridge/model.js';
import { demoConfigOnFreePorts, type RunningCli, startCli } from '../support/cli-process.js';
import type { IntegrationEnv } from './env.js';
import { type SippRun, sipp } from './sipp.js';

export const HOST_TOKEN = 'demo-host-token-change-me';
export const CONFERENCE = 'veckokonferens';
const PHONE_PORT = 5090;

export interface LoadOptions {
  organisations: number;
  mediaTimeoutMs?: number;
  capacity?: Record<string, number>;
  redialIntervalMs?: number;
  /** telephony.sip.callsPerSecond / maxConcurrentCallOuts. */
  callsPerSecond?: number;
  maxConcurrentCallOuts?: number;
}

export interface LoadRig {
  cli: RunningCli;
  phones: SippRun;
  rollCall(): Promise<RollCall>;
  api(path: string, method?: 'GET' | 'POST', body?: unknown): Promise<Response>;
  /** Ends the conference, stops the gateway and the phones. */
  close(): Promise<void>;
}

export const orgId = (i: number) => `org${String(i).padStart(3, '0')}`;

export function loadConfig(env: IntegrationEnv, o: LoadOptions): string {
  return demoConfigOnFreePorts((doc) => {
    const participants = Array.from({ length: o.organisations }, (_, i) => ({
      id: orgId(i + 1),
      name: `Organisation ${i + 1}`,
      organisation: `Aktör ${i + 1}`,
      phone: [`sip:${orgId(i + 1)}@127.0.0.1:${PHONE_PORT}`],
      radio: { issi: String(2_430_000 + i + 1) },
      priority: 1 + (i % 3),
    }));
    doc.setIn(['participants'], doc.createNode(participants));
    // Only the weekly conference: the demo's river group selects by tags these participants lack.
    const conferences = doc.getIn(['conferences']) as { items: unknown[] };
    conferences.items.splice(1);
    doc.setIn(['mqtt', 'users'], doc.createNode([doc.getIn(['mqtt', 'users', 0])]));
    doc.setIn(['sambandstest', 'schedules'], doc.createNode([]));
    doc.setIn(['opcua', 'enabled'], false);
    doc.setIn(['log', 'level'], 'info');
    doc.setIn(
      ['telephony'],
      doc.createNode({
        backend: 'drachtio',
        onShutdown: 'end-calls',
        mediaTimeoutMs: o.mediaTimeoutMs ?? 10_000,
        callTimeoutMs: 30_000,
        redialIntervalMs: o.redialIntervalMs ?? 5_000,
        maxConcurrentCallOuts: o.maxConcurrentCallOuts ?? 40,
        drachtio: env.drachtio,
        freeswitch: { ...env.freeswitch, listenAddress: env.listenAddress },
        sip: {
          trunk: `127.0.0.1:${PHONE_PORT}`,
          callerId: '+46101234567',
          trustedSources: ['127.0.0.0/8'],
          callsPerSecond: o.callsPerSecond ?? 20,
        },
        timings: { qualityIntervalMs: 5000, reconnectMinMs: 500, reconnectMaxMs: 2000 },
        ...(o.capacity ? { capacity: o.capacity } : {}),
      }),
    );
  });
}

/** Starts the phones, then the gateway (which convenes at start). */
export async function startLoad(env: IntegrationEnv, o: LoadOptions): Promise<LoadRig> {
  const phones = sipp('call-out-press-1-stay.xml', [
    '-p',
    String(PHONE_PORT),
    '-mp',
    '16000',
    '-rtp_echo',
    '-m',
    String(o.organisations * 3),
    '-max_socket',
    '4096',
  ]);
  await new Promise((r) => setTimeout(r, 500));
  const cli = await startCli(loadConfig(env, o), 60_000);
  const api = (path: string, method: 'GET' | 'POST' = 'GET', body?: unknown) =>
    fetch(`${cli.httpBase}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${HOST_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    cli,
    phones,
    api,
    rollCall: async () => (await (await api(`/api/conferences/${CONFERENCE}/roll-call`)).json()) as RollCall,
    close: async () => {
      await api(`/api/conferences/${CONFERENCE}/end`, 'POST').catch(() => {});
      await cli.stop('SIGTERM');
      phones.stop();
    },
  };
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident set size (MB) from /proc/<pid>/status. */
export function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Polls the roll call until `done` or the deadline; returns the last one and when it was done. */
export async function rollCallUntil(
  rig: LoadRig,
  done: (r: RollCall) => boolean,
  deadlineMs: number,
): Promise<{ rollCall: RollCall; afterMs: number | null }> {
  const started = Date.now();
  let last = await rig.rollCall();
  while (!done(last)) {
    if (Date.now() - started > deadlineMs) return { rollCall: last, afterMs: null };
    await new Promise((r) => setTimeout(r, 500));
    last = await rig.rollCall();
  }
  return { rollCall: last, afterMs: Date.now() - started };
}
