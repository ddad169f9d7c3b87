/**
 * Kills and restarts the real servers the integration suite runs against, found by the port they
 * listen on (the ports in SAMBAND_DRACHTIO / SAMBAND_FREESWITCH, so no further settings): the
 * process's command line, environment and working directory are read from /proc before the
 * kill, and the same command is started again. Loopback only; root or the servers' own user.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface ServerProcess {
  pid: number;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

/** The process listening on TCP `port` (ss -ltnp). */
export function listener(port: number): ServerProcess {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`]).toString();
  const pid = Number(/pid=(\d+)/.exec(out)?.[1]);
  if (!(pid > 0)) throw new Error(`nothing listens on TCP ${port}`);
  const split = (file: string) =>
    readFileSync(`/proc/${pid}/${file}`, 'utf8')
      .split('\0')
      .filter((s) => s.length > 0);
  const env = Object.fromEntries(
    split('environ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  return { pid, argv: split('cmdline'), env, cwd: readlinkSync(`/proc/${pid}/cwd`) };
}

/** kill -9, and wait until the process is gone. */
export async function kill(server: ServerProcess): Promise<void> {
  try {
    process.kill(server.pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && alive(server.pid); i++) await new Promise((r) => setTimeout(r, 50));
}

/** Starts the same command again, detached (it outlives the test run, as before). */
export async function restart(
  server: ServerProcess,
  port: number,
  withinMs = 30_000,
): Promise<ServerProcess> {
  const [cmd, ...args] = server.argv;
  if (!cmd) throw new Error('no command line');
  // Its output goes to a file (the server's own log may have been a shell redirection we cannot see).
  const log = openSync(join(tmpdir(), `samband-restarted-${basename(cmd)}.log`), 'a');
  const child = spawn(cmd, args, {
    env: server.env,
    cwd: server.cwd,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    try {
      return listener(port);
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${cmd} did not listen on ${port} within ${withinMs} ms`);
}

/** Cuts every TCP connection to `port` on the server side (ss -K), leaving the server running. */
export function cutConnections(port: number): void {
  execFileSync('ss', ['-K', `sport = :${port}`], { stdio: 'ignore' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
