/**
 * The phone path under load, on the real drachtio-server + FreeSWITCH (the integration suite's
 * SAMBAND_DRACHTIO / SAMBAND_FREESWITCH; skipped without them): the real `samband start` convenes
 * N organisations whose phones are one sipp UAS (answer, press 1, echo RTP). Printed per roster:
 * time until everyone is in (or who waits, and why), failed call-outs, the gateway's and
 * FreeSWITCH's CPU while holding the calls (side by side, same 20 s), and the gateway's RSS.
 * Rosters: SAMBAND_BENCH_ORGS (default "100"; "100,300" for the capacity run). Results are kept as
 * JSON in bench/results/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RollCall } from '../../bridge/model.js';
import { integrationEnv } from '../../test/integration/env.js';
import { cpuSeconds, rollCallUntil, rssMb, startLoad } from '../../test/integration/load-rig.js';

const env = integrationEnv();
const rosters = (process.env.SAMBAND_BENCH_ORGS ?? '100')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const HOLD_MS = 20_000;

function freeswitchPid(): number {
  const fromEnv = Number(process.env.SAMBAND_FREESWITCH_PID);
  if (fromEnv > 0) return fromEnv;
  return Number(execFileSync('pgrep', ['-o', '-x', 'freeswitch']).toString().trim());
}

describe.skipIf('skip' in env)('phone path under load (real drachtio-server + FreeSWITCH)', () => {
  for (const organisations of rosters) {
    it(`${organisations} organisations`, async () => {
      if ('skip' in env) return;
      const rig = await startLoad(env, { organisations });
      try {
        const gateway = rig.cli.proc.pid ?? 0;
        const fs = freeswitchPid();
        // Every organisation either in by phone or held for capacity (it may be in by radio meanwhile).
        const settled = (r: RollCall) =>
          r.counts.phone + r.entries.filter((e) => e.waiting && e.via !== 'phone').length >= organisations;
        const { rollCall, afterMs } = await rollCallUntil(
          rig,
          (r) => r.counts.phone >= organisations,
          150_000,
        );
        const steady = afterMs === null ? await rollCallUntil(rig, settled, 30_000) : { rollCall, afterMs };
        const before = { gw: cpuSeconds(gateway), fs: cpuSeconds(fs), at: Date.now() };
        await new Promise((r) => setTimeout(r, HOLD_MS));
        const held = await rig.rollCall();
        const secs = (Date.now() - before.at) / 1000;
        const gwCpu = (cpuSeconds(gateway) - before.gw) / secs;
        const fsCpu = (cpuSeconds(fs) - before.fs) / secs;
        const failed = held.entries.filter(
          (e) => e.lastCallOutcome && e.lastCallOutcome !== 'answered',
        ).length;
        const waitingReasons = [...new Set(held.entries.flatMap((e) => (e.waiting ? [e.waiting] : [])))];
        const result = {
          organisations,
          allInAfterS: afterMs === null ? null : afterMs / 1000,
          inByPhone: held.counts.phone,
          inByRadio: held.counts.radio,
          waitingForPhone: held.entries.filter((e) => e.waiting).length,
          waitingReasons,
          failedCallOuts: failed,
          failedAttempts: (rig.cli.stdout().match(/"msg":"call-out attempt failed"/g) ?? []).length,
          gatewayCpuPct: gwCpu * 100,
          freeswitchCpuPct: fsCpu * 100,
          gatewayToFreeswitchPct: (gwCpu / fsCpu) * 100,
          gatewayRssMb: rssMb(gateway),
          gatewayAlive: rig.cli.proc.exitCode === null,
          machine: `${execFileSync('nproc').toString().trim()} cores`,
          at: new Date().toISOString(),
        };
        const line = (s: string) => process.stdout.write(`${s}\n`);
        line(
          `phones ${organisations} organisations: all in by phone after ${result.allInAfterS ?? '—'} s` +
            ` (in by phone ${result.inByPhone}, by radio ${result.inByRadio}, waiting for a phone line ${result.waitingForPhone}, failed call-outs ${failed}, failed attempts ${result.failedAttempts})`,
        );
        if (waitingReasons.length > 0) line(`  waiting because: ${waitingReasons.join(' | ')}`);
        line(
          `gateway/FreeSWITCH cpu holding ${held.counts.phone} calls = ${result.gatewayToFreeswitchPct.toFixed(1)} %` +
            ` (gateway ${result.gatewayCpuPct.toFixed(1)} % of a core, FreeSWITCH ${result.freeswitchCpuPct.toFixed(1)} %)`,
        );
        line(`gateway rss holding ${held.counts.phone} calls = ${result.gatewayRssMb.toFixed(0)} MB`);
        const dir = join(import.meta.dirname, '..', 'results');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `phone-load-${organisations}.json`), `${JSON.stringify(result, null, 2)}\n`);
        writeFileSync(join(dir, `phone-load-${organisations}.gateway.log`), rig.cli.stdout());
        expect(result.gatewayAlive).toBe(true);
        // Never a crash, and nobody lost: everyone is in (by phone or, meanwhile, by radio) or waiting.
        expect(held.counts.in + held.counts.waiting).toBe(organisations);
        void steady;
      } finally {
        await rig.close();
      }
    }, 600_000);
  }
});
