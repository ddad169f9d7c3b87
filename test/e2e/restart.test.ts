/**
 * Issue 4, "a restart of the gateway re-attaches to the conference it was running": the real
 * CLI on the demo configuration (simulator) is killed while its conference runs and started
 * again on the same data directory; the conference resumes instead of being convened anew.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoConfigOnFreePorts, type RunningCli, startCli } from '../support/cli-process.js';

const VIEWER_TOKEN = 'demo-viewer-token-change-me';

interface ConferenceBody {
  state: string;
  since: string;
}

async function conference(cli: RunningCli): Promise<ConferenceBody> {
  const res = await fetch(`${cli.httpBase}/api/conferences/veckokonferens`, {
    headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ConferenceBody;
}

async function until(cli: RunningCli, state: string, timeoutMs = 15_000): Promise<ConferenceBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await conference(cli);
    if (body.state === state || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('gateway restart, end to end through the real CLI', () => {
  const clis: RunningCli[] = [];
  afterEach(async () => {
    for (const cli of clis.splice(0)) await cli.stop('SIGKILL');
  });

  it('resumes the conference it was running after being killed, keeping its start time', async () => {
    const config = demoConfigOnFreePorts();
    const first = await startCli(config);
    clis.push(first);
    const running = await until(first, 'active');
    expect(running.state).toBe('active');
    await first.stop('SIGKILL');

    const second = await startCli(config);
    clis.push(second);
    const resumed = await conference(second);
    expect(resumed).toMatchObject({ state: 'active', since: running.since });
  }, 60_000);
});
