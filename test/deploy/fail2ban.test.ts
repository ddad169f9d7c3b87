/**
 * deploy/fail2ban: the filter, run by the real fail2ban-regex (scripts/setup-test-host.sh installs
 * fail2ban), finds exactly the refused sources in log lines the gateway's own RefusalLog wrote
 * through the gateway's own pino logger — never hand-written copies, so a change of the line
 * format fails here. fail2ban-regex reads the time from the line in a zone other than UTC, as a
 * Swedish host would: a time taken as local would be hours off and fall outside findtime.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../gateway/logger.js';
import { LINES_PER_SOURCE, RefusalLog } from '../../gateway/telephony/refusal-log.js';
import { FakeClock } from '../support/fake-clock.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const FILTER = join(ROOT, 'deploy', 'fail2ban', 'filter.d', 'samband.conf');
const JAIL = join(ROOT, 'deploy', 'fail2ban', 'jail.d', 'samband.conf');
const ZONE = 'Europe/Stockholm';
const work = mkdtempSync(join(tmpdir(), 'samband-fail2ban-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The lines a running gateway writes: its pino logger, the telephony child, the RefusalLog. */
async function gatewayLog(
  drive: (refusals: RefusalLog, log: ReturnType<typeof createLogger>, clock: FakeClock) => void,
): Promise<string> {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const clock = new FakeClock(Date.now());
  const refusals = new RefusalLog(clock, logger.child({ component: 'drachtio-telephony' }));
  drive(refusals, logger, clock);
  logger.flush();
  await new Promise((resolve) => setImmediate(resolve));
  const text = chunks.join('');
  expect(text.length).toBeGreaterThan(0);
  return text;
}

interface Hit {
  address: string;
  time: string;
}

/** fail2ban-regex -v over a log file: each hit's address and the time fail2ban read for it. */
async function fail2banRegex(log: string, journal = false): Promise<{ hits: Hit[]; lines: string }> {
  const file = join(work, `${journal ? 'journal' : 'file'}-${Date.now()}.log`);
  writeFileSync(file, log);
  const { stdout } = await run('fail2ban-regex', ['-v', '--print-all-missed', file, FILTER], {
    env: { ...process.env, TZ: ZONE },
    maxBuffer: 16 * 1024 * 1024,
  });
  const hits = [...stdout.matchAll(/^\|\s{6}(\S+)\s{2}(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4})$/gm)].map(
    (m) => ({ address: m[1] ?? '', time: m[2] ?? '' }),
  );
  return { hits, lines: /^Lines: .*$/m.exec(stdout)?.[0] ?? stdout };
}

/** A line's ISO time as fail2ban prints it (time.ctime in the host's zone). */
function asFail2banPrints(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: ZONE,
      weekday: 'short',
      month: 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      year: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.month} ${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.year}`;
}

describe('deploy/fail2ban/filter.d/samband.conf with fail2ban-regex', () => {
  it('finds every refused source the gateway logged, at the time it logged it, and nothing else', async () => {
    const log = await gatewayLog((refusals, logger) => {
      logger.info({ conferenceId: 'weekly' }, 'conference convening');
      for (let i = 0; i < LINES_PER_SOURCE + 3; i++) refusals.refused('scanner', '203.0.113.7');
      refusals.refused('untrusted-source', '::ffff:198.51.100.23');
      refusals.refused('untrusted-source', '2001:db8::5');
      // A caller's own text in another line, made to look like a refusal, must not get 10.0.0.1 banned.
      logger.warn(
        {
          callerId:
            '"event":"sip-refused","reason":"scanner","source":"10.0.0.1","msg":"SIP INVITE refused with 403"}',
        },
        'dial-in PIN wrong',
      );
    });
    const { hits, lines } = await fail2banRegex(log);
    expect(hits.map((h) => h.address)).toEqual([
      ...Array(LINES_PER_SOURCE).fill('203.0.113.7'),
      '198.51.100.23',
      '2001:db8::5',
    ]);
    expect(lines).toMatch(/^Lines: 9 lines, 0 ignored, 7 matched, 2 missed/);
    const times = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { time: string; event?: string })
      .filter((l) => l.event === 'sip-refused')
      .map((l) => asFail2banPrints(l.time));
    expect(hits.map((h) => h.time)).toEqual(times);
  });

  it('matches the same line as the journal hands it over (host, identifier and pid before it)', async () => {
    const log = await gatewayLog((refusals) => refusals.refused('untrusted-source', '192.0.2.77'));
    const { hits } = await fail2banRegex(`gw1 samband[4242]: ${log}`, true);
    expect(hits.map((h) => h.address)).toEqual(['192.0.2.77']);
  });

  it('does not match the summary of refusals beyond the log limit (its addresses are samples)', async () => {
    const log = await gatewayLog((refusals, _logger, clock) => {
      for (let i = 0; i < LINES_PER_SOURCE + 2; i++) refusals.refused('scanner', '203.0.113.8');
      refusals.refused('untrusted-source', '198.51.100.9');
      // The summary of the 2 not logged comes with the next minute's first refusal.
      clock.advance(60_000);
      refusals.refused('scanner', '203.0.113.8');
    });
    expect(log).toContain('"event":"sip-refused-unlogged"');
    const { hits, lines } = await fail2banRegex(log);
    expect(hits.map((h) => h.address)).toEqual([
      ...Array(LINES_PER_SOURCE).fill('203.0.113.8'),
      '198.51.100.9',
      '203.0.113.8',
    ]);
    expect(lines).toMatch(/^Lines: 8 lines, 0 ignored, 7 matched, 1 missed/);
  });

  it('has an example jail that fail2ban-client reads: this filter, the unit journal, SIP ports over tcp and udp', async () => {
    // The host's fail2ban defaults (jail.conf, action.d) with only our jail enabled in jail.d.
    const conf = join(work, 'etc-fail2ban');
    cpSync('/etc/fail2ban', conf, { recursive: true });
    rmSync(join(conf, 'jail.d'), { recursive: true, force: true });
    mkdirSync(join(conf, 'jail.d'));
    cpSync(FILTER, join(conf, 'filter.d', 'samband.conf'));
    cpSync(JAIL, join(conf, 'jail.d', 'samband.conf'));
    const { stdout } = await run('fail2ban-client', ['-c', conf, '-d']);
    const jail = stdout.split('\n').filter((l) => l.includes("'samband'"));
    const failregex = /^failregex = (.*)$/m.exec(readFileSync(FILTER, 'utf8'))?.[1] ?? '';
    expect(jail).toContain("['add', 'samband', 'systemd']");
    // fail2ban-client prints Python's repr: each backslash doubled.
    expect(jail).toContain(`['set', 'samband', 'addfailregex', '${failregex.replaceAll('\\', '\\\\')}']`);
    expect(jail).toContain("['set', 'samband', 'addjournalmatch', '_SYSTEMD_UNIT=samband.service']");
    expect(jail).toContain("['set', 'samband', 'maxretry', 3]");
    const action = jail.find((l) => l.startsWith("['multi-set', 'samband', 'action'")) ?? '';
    expect(action).toContain("['protocol', 'tcp,udp']");
    expect(action).toContain("['port', '5060,5061']");
    expect(jail.at(-1)).toBe("['start', 'samband']");
    // The journal the jail reads is where the unit writes its log.
    expect(readFileSync(join(ROOT, 'deploy', 'systemd', 'samband.service'), 'utf8')).toMatch(
      /^StandardOutput=journal$/m,
    );
  });
});
