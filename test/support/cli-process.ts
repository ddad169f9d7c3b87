/** Runs the real `samband` CLI (the built dist/) as a child process, as a user would. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'gateway', 'cli.js');
export const DEMO_CONFIG = join(import.meta.dirname, '..', '..', 'config', 'demo.yaml');

export interface RunningCli {
  proc: ChildProcess;
  httpBase: string;
  mqttUrl: string;
  wsUrl: string;
  /** The OPC UA endpoint from the banner, or null when the config has OPC UA off. */
  opcuaUrl: string | null;
  stderr: () => string;
  stdout: () => string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The demo configuration with every port set to 0, so tests never collide with a running demo. */
export function demoConfigOnFreePorts(
  patch: (doc: ReturnType<typeof parseDocument>) => void = () => {},
  source = DEMO_CONFIG,
): string {
  const doc = parseDocument(readFileSync(source, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'samband-e2e-'));
  doc.setIn(['http', 'port'], 0);
  doc.setIn(['mqtt', 'embedded', 'port'], 0);
  doc.setIn(['mqtt', 'embedded', 'wsPort'], 0);
  doc.setIn(['opcua', 'port'], 0);
  doc.setIn(['gateway', 'dataDir'], join(dir, 'data'));
  patch(doc);
  const file = join(dir, 'config.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

/** Another build of the CLI than this checkout's dist/ (a replayed image), run in its folder. */
export interface CliInstall {
  cli: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function startCli(
  configFile: string,
  timeoutMs = 20_000,
  install: CliInstall = { cli: CLI, cwd: process.cwd(), env: process.env },
): Promise<RunningCli> {
  const { cli, cwd, env } = install;
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`);
  // SAMBAND_CLI_NODE_ARGS: node flags for the process under test, e.g. `--cpu-prof` to profile
  // the gateway in a bench (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (process.env.SAMBAND_CLI_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, cli, 'start', '--config', configFile], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`CLI did not start within ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    );
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/Conference .*\n/.test(stderr)) {
        clearTimeout(timer);
        resolve(stderr);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code} before starting:\n${stderr}\n${stdout}`));
    });
  });
  const http = /Dashboard & API\s+(http:\/\/[^/\s]+)\//.exec(banner)?.[1];
  const mqtt = /MQTT\s+(mqtt:\/\/\S+)\s+(ws:\/\/\S+)/.exec(banner);
  if (!http || !mqtt?.[1] || !mqtt[2])
    throw new Error(`could not read addresses from the banner:\n${banner}`);
  return {
    proc,
    httpBase: http,
    mqttUrl: mqtt[1],
    wsUrl: mqtt[2],
    opcuaUrl: /OPC UA\s+(opc\.tcp:\/\/\S+)/.exec(banner)?.[1] ?? null,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
