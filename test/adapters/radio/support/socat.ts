/** A socat pseudo-terminal pair with unique link paths; killed by its own pid. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  readonly a: string;
  readonly b: string;
  /** Pulls the cable: SIGKILL socat (both ptys vanish). */
  kill(): Promise<void>;
  /** Plugs it back: a new socat on the same link paths. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function waitFor(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  for (let waited = 0; !cond(); waited += 20) {
    if (waited > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function createPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'samband-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
    await waitFor(() => existsSync(a) && existsSync(b), 'socat links');
  };
  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    a,
    b,
    kill,
    restart: start,
    dispose: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
