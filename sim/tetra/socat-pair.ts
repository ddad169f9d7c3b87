/**
 * A pseudo-terminal pair made by socat: one end (`device`) is what the gateway opens as if it
 * were /dev/ttyUSB0, the other (`peer`) is served by a virtual terminal. Killing socat is
 * "pulling the cable"; restarting it on the same link paths is plugging it back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

export interface SocatPair {
  readonly device: string;
  readonly peer: string;
  readonly running: boolean;
  kill(): Promise<void>;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function waitUntil(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function createSocatPair(device: string, peer: string): Promise<SocatPair> {
  let child: ChildProcess | null = null;
  const start = async () => {
    for (const path of [device, peer]) rmSync(path, { force: true });
    const spawned = spawn('socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${peer}`], {
      stdio: 'ignore',
    });
    child = spawned;
    const failed = new Promise<never>((_, reject) => {
      spawned.once('error', (error) =>
        reject(new Error(`cannot run socat (is it installed?): ${error.message}`)),
      );
    });
    await Promise.race([
      waitUntil(() => existsSync(device) && existsSync(peer), `socat links ${device}`),
      failed,
    ]);
  };
  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    device,
    peer,
    get running() {
      return child !== null;
    },
    kill,
    restart: start,
    dispose: async () => {
      await kill();
      for (const path of [device, peer]) rmSync(path, { force: true });
    },
  };
}
