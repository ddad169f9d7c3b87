/**
 * A sambandstest from the outside: the real CLI on the demo configuration, a run started over
 * HTTP, its summary watched over MQTT, its report fetched over HTTP, and the same report read
 * by `samband report` from the database after the gateway has stopped.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, demoConfigOnFreePorts, type RunningCli, startCli } from '../support/cli-process.js';
import { type Watch, watch } from '../support/mqtt-watch.js';

const run = promisify(execFile);
const TECHNICIAN = 'demo-technician-token-change-me';
const VIEWER = 'demo-viewer-token-change-me';

interface Summary {
  runId: string;
  state: string;
  done: number;
  targets: number;
  answered: number;
  trunksAtStart: { at: string; usable: boolean; trunks: unknown[] } | null;
  trunksAtEnd: { at: string; usable: boolean; trunks: unknown[] } | null;
}

describe('sambandstest end to end through the real CLI', () => {
  let cli: RunningCli | undefined;
  let state: Watch | undefined;

  afterAll(async () => {
    await state?.close();
    await cli?.stop('SIGKILL');
  });

  it('runs a manual test over HTTP, publishes it over MQTT, and reports it with the gateway stopped', async () => {
    const configFile = demoConfigOnFreePorts();
    const dataDir = (parse(readFileSync(configFile, 'utf8')) as { gateway: { dataDir: string } }).gateway
      .dataDir;
    cli = await startCli(configFile);
    expect(existsSync(join(dataDir, 'samband.db'))).toBe(true);
    state = await watch(cli.mqttUrl, 'samband/v1/sambandstest/#');

    const started = Date.now();
    const response = await fetch(`${cli.httpBase}/api/sambandstest/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TECHNICIAN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ participants: ['polisen', 'region'], paths: ['phone', 'radio'] }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    expect(runId).toMatch(/^st-\d{8}T\d{6}Z-[0-9a-f]{4}$/);

    const summary = await state.waitFor<Summary>(
      `samband/v1/sambandstest/runs/${runId}`,
      (s) => s.state === 'completed',
      20_000,
    );
    console.log(`demo sambandstest 2×2: completed in ${Date.now() - started} ms of real time`);
    expect(summary).toMatchObject({ runId, targets: 4, done: 4, answered: 4 });
    // The demo's simulated telephony has no carrier trunks: recorded as none, usable.
    expect(summary.trunksAtStart).toMatchObject({ usable: true, trunks: [] });
    expect(summary.trunksAtEnd).toMatchObject({ usable: true, trunks: [] });
    expect(
      state.log.some((m) => m.topic === `samband/v1/sambandstest/runs/${runId}/results/polisen/radio`),
    ).toBe(true);
    // A client arriving late still gets the summary: it is retained.
    const late = await watch(cli.mqttUrl, `samband/v1/sambandstest/runs/${runId}`);
    try {
      await late.waitFor<Summary>(`samband/v1/sambandstest/runs/${runId}`, (s) => s.state === 'completed');
      expect(late.log[0]?.retain).toBe(true);
    } finally {
      await late.close();
    }

    const csvResponse = await fetch(`${cli.httpBase}/api/sambandstest/runs/${runId}/report?format=csv`, {
      headers: { authorization: `Bearer ${VIEWER}` },
    });
    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get('content-type')).toMatch(/^text\/csv/);
    const httpCsv = Buffer.from(await csvResponse.arrayBuffer()).toString('utf8');
    expect(httpCsv.startsWith('\uFEFF')).toBe(true);
    const lines = httpCsv.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).every((l) => l.includes(',ok,'))).toBe(true);

    await state.close();
    state = undefined;
    expect(await cli.stop('SIGTERM')).toBe(0);
    cli = undefined;

    const offline = await run(process.execPath, [
      CLI,
      'report',
      runId,
      '--format',
      'csv',
      '--config',
      configFile,
    ]);
    expect(offline.stdout).toBe(httpCsv);
    expect(lines[0]).toMatch(/,trunks_at_start,trunks_at_end$/);
    expect(lines.slice(1).every((l) => l.endsWith(',inga operatörstrunkar,inga operatörstrunkar'))).toBe(
      true,
    );
    const json = await run(process.execPath, [CLI, 'report', runId, '--config', configFile]);
    const report = JSON.parse(json.stdout) as { run: Summary };
    expect(report.run.trunksAtStart).toEqual(summary.trunksAtStart);
    expect(report.run.trunksAtEnd).toEqual(summary.trunksAtEnd);
    const missing = run(process.execPath, [CLI, 'report', 'st-nope', '--config', configFile]);
    await expect(missing).rejects.toMatchObject({ code: 1 });
  }, 60_000);
});
