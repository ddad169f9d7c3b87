/**
 * The whole gateway (the real `samband start`, core, SQLite, DrachtioTelephony) on the real
 * drachtio-server + FreeSWITCH, killed mid-conference and started again on the same data
 * directory: the conference resumes, the participant's call is taken over (not rung again),
 * and ending the conference hangs it up. The demo configuration, cut to one participant whose
 * phone is a sipp UAS behind the trunk. Needs `npm run build` (test:integration runs it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoConfigOnFreePorts, type RunningCli, startCli } from '../support/cli-process.js';
import { integrationEnv } from './env.js';
import { until } from './harness.js';
import { sipp } from './sipp.js';

const env = integrationEnv();
const skip = 'skip' in env ? env.skip : null;
const HOST_TOKEN = 'demo-host-token-change-me';
const CONFERENCE = 'veckokonferens';
const PARTICIPANT = 'lansstyrelsen';

interface Conference {
  state: string;
  since: string;
  members: { participantId: string; phoneConnected: boolean }[];
}

function gatewayConfig(): string {
  if ('skip' in env) throw new Error(env.skip);
  return demoConfigOnFreePorts((doc) => {
    const participants = doc.getIn(['participants']) as { items: unknown[] };
    participants.items.splice(1);
    // Only the weekly conference: the demo's river group selects by tags nobody left carries.
    (doc.getIn(['conferences']) as { items: unknown[] }).items.splice(1);
    doc.setIn(['participants', 0, 'phone'], ['+46701000001']);
    doc.setIn(['mqtt', 'users'], doc.createNode([doc.getIn(['mqtt', 'users', 0])]));
    doc.setIn(['sambandstest', 'schedules'], doc.createNode([]));
    doc.setIn(['opcua', 'enabled'], false);
    doc.setIn(
      ['telephony'],
      doc.createNode({
        backend: 'drachtio',
        onShutdown: 'keep-calls',
        mediaTimeoutMs: 4000,
        callTimeoutMs: 15000,
        redialIntervalMs: 60000,
        drachtio: env.drachtio,
        freeswitch: { ...env.freeswitch, listenAddress: env.listenAddress },
        sip: { trunk: '127.0.0.1:5090', callerId: '+46101234567', trustedSources: ['127.0.0.0/8'] },
        timings: { qualityIntervalMs: 2000, reconnectMinMs: 500 },
        capacity: { minIdleCpuPct: 0 }, // see harness.ts
      }),
    );
  });
}

async function conference(cli: RunningCli): Promise<Conference> {
  const res = await fetch(`${cli.httpBase}/api/conferences/${CONFERENCE}`, {
    headers: { authorization: `Bearer ${HOST_TOKEN}` },
  });
  return (await res.json()) as Conference;
}

const connected = (c: Conference | undefined) =>
  c?.members.find((m) => m.participantId === PARTICIPANT)?.phoneConnected === true;

describe.skipIf(skip !== null)('the gateway restarted on real drachtio-server + FreeSWITCH', () => {
  const clis: RunningCli[] = [];
  afterEach(async () => {
    for (const cli of clis.splice(0)) await cli.stop('SIGKILL');
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`after ${signal === 'SIGKILL' ? 'a crash' : 'a planned stop'} the conference resumes with the call taken over`, async () => {
      const phone = sipp('call-out-press-1-stay.xml', ['-p', '5090', '-mp', '15270', '-rtp_echo']);
      await new Promise((r) => setTimeout(r, 500));
      const config = gatewayConfig();
      const first = await startCli(config);
      clis.push(first);
      let seen: Conference | undefined;
      await until(
        'participant connected',
        () => connected(seen),
        45_000,
        async () => {
          seen = await conference(first);
        },
      );
      const since = seen?.since;
      await first.stop(signal);

      const second = await startCli(config);
      clis.push(second);
      await until(
        'call taken over',
        () => connected(seen),
        30_000,
        async () => {
          seen = await conference(second);
        },
      );
      expect(seen).toMatchObject({ state: 'active', since });
      const log = second.stdout() + second.stderr();
      expect(log).toMatch(/"recovered":1,"msg":"calls taken over after restart"/);
      // No new call was placed: the phone was not rung a second time.
      expect(log).not.toMatch(/"msg":"call connected"/);

      const ended = await fetch(`${second.httpBase}/api/conferences/${CONFERENCE}/end`, {
        method: 'POST',
        headers: { authorization: `Bearer ${HOST_TOKEN}` },
      });
      expect(ended.status).toBe(200);
      // Rung once, hung up once: the BYE went into the dialog the first process made.
      const { code, output } = await phone.done;
      expect(code, output).toBe(0);
    }, 150_000);
  }
});

if (skip) {
  describe('gateway restart through the CLI', () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
}
