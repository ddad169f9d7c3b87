/** A socat pseudo-terminal pair with unique link paths (the product's SocatPair, in a temp dir). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocatPair, waitUntil } from '../../../../sim/tetra/socat-pair.js';

export interface PtyPair {
  readonly a: string;
  readonly b: string;
  /** Pulls the cable: SIGKILL socat (both ptys vanish). */
  kill(): Promise<void>;
  /** Plugs it back: a new socat on the same link paths. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export const waitFor = waitUntil;

export async function createPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'samband-pty-'));
  const pair = await createSocatPair(join(dir, 'a'), join(dir, 'b'));
  return {
    a: pair.device,
    b: pair.peer,
    kill: () => pair.kill(),
    restart: () => pair.restart(),
    dispose: async () => {
      await pair.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
