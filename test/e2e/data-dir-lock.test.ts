/**
 * Issue 10, item 1, through the real CLI: a second `samband start` on a data directory a running
 * gateway holds (other ports) refuses to start, names the directory and the holder, and changes
 * nothing — its running sambandstest stays running and its conference stays as it is. Once the
 * holder is killed with SIGKILL, the directory is free at once: no stale lock.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { CLI, demoConfigOnFreePorts, type RunningCli, startCli } from '../support/cli-process.js';

const TECHNICIAN = {
  authorization: 'Bearer demo-technician-token-change-me',
  'content-type': 'application/json',
};

async function startAndFail(config: string): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, [CLI, 'start', '--config', config], { timeout: 20_000 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('one gateway per data directory, end to end', () => {
  const clis: RunningCli[] = [];
  afterEach(async () => {
    for (const cli of clis.splice(0)) await cli.stop('SIGKILL');
  });

  it('refuses a second gateway on a held data directory without touching it, and frees it when the holder dies', async () => {
    // A long target time-out keeps the first gateway's sambandstest running throughout.
    const config = demoConfigOnFreePorts((doc) => {
      doc.setIn(['sambandstest', 'targetTimeoutMs'], 60_000);
      doc.setIn(['telephony', 'callTimeoutMs'], 120_000);
    });
    const dataDir = String(parseDocument(readFileSync(config, 'utf8')).getIn(['gateway', 'dataDir']));
    const first = await startCli(config);
    clis.push(first);
    // The phone rings unanswered (for longer than the target time-out), so the run cannot finish
    // within the test, however slow the second start is on a loaded machine.
    const silenced = await fetch(`${first.httpBase}/api/sim/participants/polisen/phone`, {
      method: 'POST',
      headers: TECHNICIAN,
      body: JSON.stringify({ state: 'no-answer' }),
    });
    expect(silenced.status).toBe(200);
    const started = await fetch(`${first.httpBase}/api/sambandstest/runs`, {
      method: 'POST',
      headers: TECHNICIAN,
      body: JSON.stringify({ participants: ['polisen'], paths: ['phone'] }),
    });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };

    const second = await startAndFail(config);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`the data directory ${dataDir} is in use by another gateway`);
    expect(second.stderr).toContain(`pid ${first.proc.pid}`);
    const run = await fetch(`${first.httpBase}/api/sambandstest/runs/${runId}`, { headers: TECHNICIAN });
    expect(((await run.json()) as { run: { state: string } }).run.state).toBe('running');

    await first.stop('SIGKILL');
    const third = await startCli(config);
    clis.push(third);
    const after = await fetch(`${third.httpBase}/api/sambandstest/runs/${runId}`, { headers: TECHNICIAN });
    // The killed gateway's run is now the new holder's to mark: it had no runner left.
    expect(((await after.json()) as { run: { state: string } }).run.state).toBe('interrupted');
  }, 90_000);
});
