/**
 * A simulated gateway with a large roster, run as the real `samband start` (dist/): the demo
 * configuration with N generated organisations, all on the roster of the demo's conference
 * (convened at start), HTTP on a port chosen beforehand so it can be polled from the moment of
 * spawn, and every other port free.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import type { RollCall } from '../../bridge/model.js';
import { CLI, demoConfigOnFreePorts } from '../../test/support/cli-process.js';
import { freePort } from '../../test/support/free-port.js';

// The phone bench's readings of a process, so both benches read it the same way.
export { cpuSeconds, rssMb } from '../../test/integration/load-rig.js';

export const CONFERENCE = 'veckokonferens';
const VIEWER_TOKEN = 'demo-viewer-token-change-me';

export interface SimRosterOptions {
  /** The demo has OPC UA on; off gives the reference that shows OPC UA's share. */
  opcua?: boolean;
}

export function simRosterConfig(
  organisations: number,
  httpPort: number,
  options: SimRosterOptions = {},
): string {
  return demoConfigOnFreePorts((doc) => {
    const participants = Array.from({ length: organisations }, (_, i) => ({
      id: `org${String(i + 1).padStart(3, '0')}`,
      name: `Organisation ${i + 1}`,
      organisation: `Aktör ${i + 1}`,
      phone: [`+4670174${String(1000 + i).padStart(4, '0')}`],
      radio: { issi: String(2_430_000 + i + 1) },
      priority: 1 + (i % 3),
    }));
    doc.setIn(['participants'], doc.createNode(participants));
    // Only the weekly conference: the demo's river group selects by tags these participants lack.
    (doc.getIn(['conferences']) as { items: unknown[] }).items.splice(1);
    // The demo's agents name demo participants; keep the dashboard user only.
    doc.setIn(['mqtt', 'users'], doc.createNode([doc.getIn(['mqtt', 'users', 0])]));
    doc.setIn(['http', 'port'], httpPort);
    // Convening 500 at the demo's 20 at a time would make "all in" a measure of answer delays.
    doc.setIn(['telephony', 'maxConcurrentCallOuts'], 100);
    doc.setIn(['log', 'level'], 'warn');
    if (options.opcua === false) doc.setIn(['opcua', 'enabled'], false);
  });
}

export interface SimGateway {
  readonly proc: ChildProcess;
  /** Milliseconds from spawn to the first answered GET /healthz. */
  readonly httpAnsweredMs: number;
  /** Milliseconds from spawn to the first 200 from GET /readyz (OPC UA up, conferences convened). */
  ready(): Promise<number>;
  rollCall(): Promise<RollCall>;
  stop(): Promise<void>;
}

export async function startSimGateway(
  organisations: number,
  options: SimRosterOptions = {},
  deadlineMs = 60_000,
): Promise<SimGateway> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const config = simRosterConfig(organisations, port, options);
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const proc = spawn(process.execPath, [CLI, 'start', '--config', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // vitest may end the bench process without awaiting teardown; never leave a gateway behind.
  const kill = () => proc.kill('SIGKILL');
  process.once('exit', kill);
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const stop = async () => {
    process.off('exit', kill);
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  };
  try {
    while (!(await answers(`${base}/healthz`))) {
      if (proc.exitCode !== null) throw new Error(`samband exited with ${proc.exitCode}:\n${stderr}`);
      if (performance.now() - started > deadlineMs) throw new Error(`no HTTP answer within ${deadlineMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const httpAnsweredMs = performance.now() - started;
  return {
    proc,
    httpAnsweredMs,
    async ready() {
      while (!(await answers(`${base}/readyz`))) {
        if (proc.exitCode !== null) throw new Error(`samband exited with ${proc.exitCode}:\n${stderr}`);
        if (performance.now() - started > deadlineMs) throw new Error(`not ready within ${deadlineMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return performance.now() - started;
    },
    async rollCall() {
      const response = await fetch(`${base}/api/conferences/${CONFERENCE}/roll-call`, {
        headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
      });
      return (await response.json()) as RollCall;
    },
    stop,
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
