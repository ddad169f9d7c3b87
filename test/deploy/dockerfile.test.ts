/**
 * The Dockerfile, built without a container engine (none runs on these machines): its stages are
 * replayed into a temporary folder — exactly the paths its COPY lines name, the commands its RUN
 * lines run — and the result is started as the image would start it: `check-config` on the demo
 * configuration, then `start` until the HEALTHCHECK's /healthz call succeeds, then STOPSIGNAL.
 * A COPY of a path the build context lacks (scripts/ once) fails here, not at `docker build`.
 *
 * What it cannot prove: the base image itself (Node 22 there, this host's Node here) and the RUN
 * commands listed in IMAGE_ONLY. It takes about two minutes, most of it `npm ci` compiling
 * better-sqlite3 from source (its prebuilt download is unreachable here, as in many build hosts).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DATABASE_FILE } from '../../adapters/store/database.js';
import { demoConfigOnFreePorts, startCli } from '../support/cli-process.js';
import { parseDockerfile } from '../support/dockerfile.js';
import { type ReplayedStage, replayDockerfile } from '../support/dockerfile-replay.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const REPLAY_TIMEOUT_MS = 6 * 60_000;

/** RUN commands that only make sense inside the image, and why skipping them here is sound. */
const IMAGE_ONLY: [RegExp, string][] = [
  [/^apt-get (update|install)\b/, 'installs the compilers into the image; this host has python3, make, g++'],
  [/^rm -rf \/var\/lib\/apt\/lists\//, "empties the image's apt lists"],
  [/^chown node:node /, "hands files to the image's node user; the test runs as the current user"],
];

/** What a build sees of the host: the PATH and HOME (npm's cache and config), and any proxy. */
const BASE_ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    (e): e is [string, string] => e[1] !== undefined && /^(PATH|HOME|USER|LANG|TMPDIR|.*_proxy)$/i.test(e[0]),
  ),
);

describe('Dockerfile, replayed without a container engine', () => {
  let workspace: string;
  let runtime: ReplayedStage;

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'samband-docker-'));
    const started = Date.now();
    const replayed = await replayDockerfile(stages, {
      context: ROOT,
      workspace,
      baseEnv: BASE_ENV,
      skip: (command) => IMAGE_ONLY.find(([re]) => re.test(command))?.[1] ?? null,
      log: (message) => console.info(`[dockerfile] ${message}`),
    });
    console.info(`[dockerfile] replayed ${replayed.length} stages in ${Date.now() - started} ms`);
    runtime = replayed.at(-1)!;
  }, REPLAY_TIMEOUT_MS);

  afterAll(() => {
    const started = Date.now();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    console.info(`[dockerfile] removed the replay in ${Date.now() - started} ms`);
  }, 120_000);

  const app = () => join(runtime.root, runtime.workdir);
  const env = () => ({ ...BASE_ENV, ...runtime.env });
  const entrypoint = () => {
    const [node, cli] = runtime.stage.entrypoint ?? [];
    expect(node).toBe('node');
    return join(app(), cli ?? '');
  };

  it("runs one Node image in every stage (the native addons' ABI), a version package.json allows", () => {
    const bases = new Set(stages.map((s) => s.base));
    expect([...bases]).toHaveLength(1);
    const major = Number(/^node:(\d+)[.-]/.exec([...bases][0] ?? '')?.[1]);
    const engines = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
    ).engines.node;
    const minimum = Number(/^>=(\d+)\.\d+\.\d+$/.exec(engines)?.[1]);
    expect(major).toBeGreaterThanOrEqual(minimum);
  });

  it('check-config accepts the configuration the image starts with', async () => {
    const [command, flag, config] = runtime.stage.cmd ?? [];
    expect([command, flag]).toEqual(['start', '--config']);
    const { stdout } = await run(process.execPath, [entrypoint(), 'check-config', config ?? ''], {
      cwd: app(),
      env: env(),
    });
    expect(stdout).toContain(`${config}: ok`);
  });

  it('starts, answers its HEALTHCHECK, keeps its data under the data folder it makes, and stops on STOPSIGNAL', async () => {
    const imageConfig = join(app(), runtime.stage.cmd?.[2] ?? '');
    const image = parse(readFileSync(imageConfig, 'utf8')) as {
      gateway: { dataDir: string };
      http: { port: number };
    };
    // The same configuration on free ports; the data directory stays where the image keeps it.
    const config = demoConfigOnFreePorts(
      (doc) => doc.setIn(['gateway', 'dataDir'], image.gateway.dataDir),
      imageConfig,
    );
    const gateway = await startCli(config, 60_000, { cli: entrypoint(), cwd: app(), env: env() });
    let exitCode: number | null = null;
    try {
      const port = new URL(gateway.httpBase).port;
      const healthcheck = runtime.stage.healthcheck ?? '';
      expect(healthcheck).toContain(`127.0.0.1:${image.http.port}/healthz`);
      await until(() =>
        run('sh', ['-c', healthcheck.replace(`:${image.http.port}/`, `:${port}/`)], { env: env() }),
      );
      const dataDir = resolve(app(), image.gateway.dataDir);
      expect(dataDir.startsWith(join(app(), 'data'))).toBe(true);
      expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);
    } finally {
      exitCode = await gateway.stop((runtime.stage.stopSignal ?? 'SIGTERM') as NodeJS.Signals);
    }
    expect(exitCode).toBe(0);
  }, 90_000);
});

/** Retries like Docker's HEALTHCHECK during its start period (every second, up to 20 s). */
async function until(check: () => Promise<unknown>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
