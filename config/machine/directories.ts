/**
 * Whether the gateway could create and write its data directory: the directory itself, or the
 * nearest existing directory above it (the gateway creates the rest), must be a writable
 * directory. Checked with access(2), which also answers for a read-only file system.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Null when `dir` is (or can be made) a writable directory; else why not. */
export function writableDirProblem(dir: string): string | null {
  const wanted = resolve(dir);
  let probe = wanted;
  while (!existsSync(probe)) {
    const up = dirname(probe);
    if (up === probe) break;
    probe = up;
  }
  const self = probe === wanted;
  const suffix = self ? '' : `, so ${wanted} cannot be created`;
  if (!statSync(probe, { throwIfNoEntry: false })?.isDirectory()) {
    return `${probe} is not a directory${suffix}`;
  }
  try {
    accessSync(probe, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'is on a read-only file system' : 'is not writable by this user';
    return `${probe} ${why}${suffix}`;
  }
  return null;
}
