/** The Dockerfile replay itself (test/support/dockerfile*.ts), on small Dockerfiles in fake contexts. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../support/dockerfile.js';
import { replayDockerfile } from '../support/dockerfile-replay.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(files: Record<string, string>): { context: string; workspace: string } {
  const base = mkdtempSync(join(tmpdir(), 'samband-replay-'));
  dirs.push(base);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, 'ctx', path)), { recursive: true });
    writeFileSync(join(base, 'ctx', path), text);
  }
  mkdirSync(join(base, 'ws'));
  return { context: join(base, 'ctx'), workspace: join(base, 'ws') };
}

async function replay(dockerfile: string, files: Record<string, string>, log: string[] = []) {
  const dirs = context(files);
  const stages = await replayDockerfile(parseDockerfile(dockerfile), {
    ...dirs,
    baseEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    skip: (command) => (command.startsWith('chown ') ? 'image only' : null),
    log: (m) => log.push(m),
  });
  return { stages, ...dirs };
}

describe('Dockerfile replay', () => {
  it('copies from the context and between stages, runs RUN in the WORKDIR, and logs what it skips', async () => {
    const log: string[] = [];
    const { stages } = await replay(
      [
        'FROM node:22 AS build',
        'WORKDIR /app',
        'COPY a.txt .npmrc* ./',
        'COPY src src',
        'RUN cat src/b.txt > built.txt \\',
        '    && mkdir -p /app/out && chown node /app/out',
        '',
        'FROM node:22',
        'ENV MODE=production \\',
        '    OTHER="x y"',
        'WORKDIR /app',
        'COPY --from=build --chown=node:node /app/built.txt ./',
        'COPY --from=build /app/src copied',
        'EXPOSE 80',
        'ENTRYPOINT ["node", "x.js"]',
      ].join('\n'),
      { 'a.txt': 'a', 'src/b.txt': 'b', 'src/c/d.txt': 'd' },
      log,
    );
    const [build, runtime] = stages;
    expect(readFileSync(join(build!.root, 'app/built.txt'), 'utf8')).toBe('b');
    expect(existsSync(join(build!.root, 'app/out'))).toBe(true);
    expect(readFileSync(join(runtime!.root, 'app/built.txt'), 'utf8')).toBe('b');
    expect(readFileSync(join(runtime!.root, 'app/copied/c/d.txt'), 'utf8')).toBe('d');
    expect(runtime!.env).toEqual({ MODE: 'production', OTHER: 'x y' });
    expect(runtime!.stage.entrypoint).toEqual(['node', 'x.js']);
    expect(log).toContain('skipped (image only): chown node /app/out');
  });

  it('fails when a COPY source is missing from the context', async () => {
    await expect(replay('FROM x\nWORKDIR /app\nCOPY a.txt scripts ./\n', { 'a.txt': 'a' })).rejects.toThrow(
      'Dockerfile:3: COPY source "scripts" is not in the build context',
    );
  });

  it('fails when a COPY source is excluded by .dockerignore', async () => {
    await expect(
      replay('FROM x\nCOPY data data\n', { '.dockerignore': 'data/\n', 'data/x': 'x' }),
    ).rejects.toThrow('COPY source "data" is not in the build context');
  });

  it('fails when COPY --from names a path the earlier stage does not have', async () => {
    await expect(
      replay('FROM x AS build\nWORKDIR /app\nFROM x\nCOPY --from=build /app/dist dist\n', {}),
    ).rejects.toThrow('COPY --from=build /app/dist: no such path in that stage');
  });

  it('fails when a RUN command fails', async () => {
    await expect(replay('FROM x\nRUN false\n', {})).rejects.toThrow('RUN false failed (exit 1)');
  });

  it('refuses a RUN that names an absolute path outside the WORKDIRs (it would be one on this host)', async () => {
    await expect(replay('FROM x\nWORKDIR /app\nRUN mkdir -p /app/data /var/lib/x\n', {})).rejects.toThrow(
      'Dockerfile:3: RUN names /var/lib/x, outside any WORKDIR: not replayed',
    );
  });

  it('refuses to skip a command that hides another one', async () => {
    await expect(replay('FROM x\nRUN chown a b; false\n', {})).rejects.toThrow(
      'cannot skip part of a compound command: chown a b; false',
    );
  });

  it('refuses instructions it does not replay instead of passing over them', () => {
    expect(() => parseDockerfile('FROM x\nADD a.tar.gz /\n')).toThrow(
      'Dockerfile:2: the replay does not know ADD',
    );
  });
});
