/**
 * Replays a parsed Dockerfile without a container engine: every stage gets a folder that stands for
 * its root `/`, COPY copies exactly what `docker build` would (from the build context minus
 * .dockerignore, or `--from` an earlier stage), and RUN runs its commands there on this host.
 * A COPY source that is missing fails the replay, as it fails `docker build`. RUN commands that only
 * make sense inside the image (apt-get, chown…) are skipped by the caller's allowlist, with a reason.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix, relative } from 'node:path';
import type { Stage } from './dockerfile.js';

export interface ReplayOptions {
  /** The build context (`docker build <context>`). */
  context: string;
  /** An empty folder; each stage's root goes in a sub-folder named after the stage. */
  workspace: string;
  /** The environment every RUN starts from (the base image's, as far as it matters here). */
  baseEnv: Record<string, string>;
  /** Why a RUN command is skipped (it only makes sense inside the image), or null to run it. */
  skip: (command: string) => string | null;
  log: (message: string) => void;
}

export interface ReplayedStage {
  stage: Stage;
  /** The folder standing for the stage's `/`. */
  root: string;
  /** The last WORKDIR, as a path inside the stage (`/app`). */
  workdir: string;
  env: Record<string, string>;
}

export async function replayDockerfile(stages: Stage[], options: ReplayOptions): Promise<ReplayedStage[]> {
  const ignored = dockerignore(options.context);
  const done: ReplayedStage[] = [];
  for (const stage of stages) {
    const root = join(options.workspace, stage.name);
    mkdirSync(root, { recursive: true });
    const state: ReplayedStage = { stage, root, workdir: '/', env: {} };
    const workdirs: string[] = [];
    for (const step of stage.instructions) {
      switch (step.kind) {
        case 'workdir':
          state.workdir = posix.resolve(state.workdir, step.path);
          workdirs.push(state.workdir);
          mkdirSync(join(root, state.workdir), { recursive: true });
          break;
        case 'env':
          for (const [name, value] of Object.entries(step.vars)) {
            if (value.includes('$')) throw new Error(`ENV ${name}: variable substitution is not replayed`);
            state.env[name] = value;
          }
          break;
        case 'copy': {
          const started = Date.now();
          const source = step.from === null ? null : findStage(done, step.from);
          const files =
            source === null
              ? contextSources(options.context, step.sources, ignored, step.line)
              : stageSources(source, step.sources, step.line);
          copyInto(files, join(root, posix.resolve(state.workdir, step.dest)), {
            asDirectory: step.dest.endsWith('/') || step.sources.length > 1 || files.some((f) => f.globbed),
            filter: source === null ? (path) => !ignored(relative(options.context, path)) : () => true,
          });
          options.log(
            `COPY ${step.from === null ? '' : `--from=${step.from} `}${step.sources.join(' ')} ${step.dest} (${seconds(started)})`,
          );
          break;
        }
        case 'run':
          for (const command of step.command.split(/\s+&&\s+/)) {
            const reason = options.skip(command);
            if (reason !== null) {
              // Skipping `apt-get update; npm ci` would skip npm ci as well.
              if (/[;|&`]|\$\(/.test(command))
                throw new Error(
                  `Dockerfile:${step.line}: cannot skip part of a compound command: ${command}`,
                );
              options.log(`skipped (${reason}): ${command}`);
              continue;
            }
            const local = workdirs.reduce((c, dir) => inStage(c, dir, root), command);
            // The replay may run as root (CI): an absolute path outside the stage would be this host's.
            const outside = local.split(/\s+/).find((word) => /^['"]?\//.test(word) && !word.includes(root));
            if (outside !== undefined)
              throw new Error(
                `Dockerfile:${step.line}: RUN names ${outside}, outside any WORKDIR: not replayed`,
              );
            const started = Date.now();
            await run(local, join(root, state.workdir), { ...options.baseEnv, ...state.env });
            options.log(`RUN ${local} (${seconds(started)})`);
          }
          break;
        case 'user':
          options.log(`USER ${step.user} not replayed: the test runs as the current user`);
          break;
        case 'ignored':
          options.log(`${step.keyword} not replayed: ${step.reason}`);
          break;
      }
    }
    done.push(state);
  }
  return done;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

interface Source {
  path: string;
  /** Matched by a wildcard: Docker then treats the destination as a directory. */
  globbed: boolean;
}

function contextSources(
  context: string,
  patterns: string[],
  ignored: (path: string) => boolean,
  line: number,
): Source[] {
  const found: Source[] = [];
  for (const pattern of patterns) {
    const rel = posix.normalize(pattern.replace(/^\/+/, ''));
    if (rel.startsWith('..')) throw new Error(`Dockerfile:${line}: COPY ${pattern} leaves the build context`);
    const name = basename(rel);
    if (/[*?[]/.test(rel.slice(0, -name.length)))
      throw new Error(`Dockerfile:${line}: a wildcard before the last path segment is not replayed`);
    if (/[*?[]/.test(name)) {
      // A wildcard may match nothing (BuildKit allows that: `COPY .npmrc* ./`).
      const dir = posix.dirname(rel);
      const re = globToRegExp(name);
      const names = existsSync(join(context, dir)) ? readdirSync(join(context, dir)) : [];
      for (const n of names.filter((n) => re.test(n))) {
        const path = posix.join(dir, n);
        if (!ignored(path)) found.push({ path: join(context, path), globbed: true });
      }
      continue;
    }
    if (!existsSync(join(context, rel)) || ignored(rel))
      throw new Error(`Dockerfile:${line}: COPY source "${pattern}" is not in the build context`);
    found.push({ path: join(context, rel), globbed: false });
  }
  return found;
}

function stageSources(stage: ReplayedStage, paths: string[], line: number): Source[] {
  return paths.map((p) => {
    const path = join(stage.root, posix.resolve('/', p));
    if (!existsSync(path))
      throw new Error(`Dockerfile:${line}: COPY --from=${stage.stage.name} ${p}: no such path in that stage`);
    return { path, globbed: false };
  });
}

function findStage(done: ReplayedStage[], name: string): ReplayedStage {
  const stage = done.find((s) => s.stage.name === name);
  if (!stage) throw new Error(`COPY --from=${name}: no earlier stage of that name`);
  return stage;
}

/** Docker's COPY: a directory's contents go into the destination; a file goes to it or into it. */
function copyInto(
  sources: Source[],
  dest: string,
  options: { asDirectory: boolean; filter: (path: string) => boolean },
): void {
  if (options.asDirectory) mkdirSync(dest, { recursive: true });
  for (const { path } of sources) {
    const isDir = statSync(path).isDirectory();
    const target = !isDir && options.asDirectory ? join(dest, basename(path)) : dest;
    // Symlinks stay as they are (node_modules/.bin), exactly as a layer keeps them.
    cpSync(path, target, { recursive: true, verbatimSymlinks: true, filter: options.filter });
  }
}

/** Rewrites an absolute path inside the stage (`/app/data`) to its folder on this host. */
function inStage(command: string, dir: string, root: string): string {
  if (dir === '/') return command;
  const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return command.replace(new RegExp(`(^|[\\s='"])${escaped}(?=[/\\s'"]|$)`, 'g'), `$1${root}${dir}`);
}

function run(command: string, cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    // nice: the replay compiles native addons while the rest of the suite runs beside it.
    const child = spawn('nice', ['-n', '10', 'sh', '-c', command], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`RUN ${command} failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}

/** The context's .dockerignore as a predicate on context-relative paths (plain and `*` patterns). */
function dockerignore(context: string): (path: string) => boolean {
  const file = join(context, '.dockerignore');
  if (!existsSync(file)) return () => false;
  const patterns = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      if (l.startsWith('!')) throw new Error(`.dockerignore: exceptions (${l}) are not replayed`);
      return globToRegExp(posix.normalize(l.replace(/^\/+/, '')).replace(/\/$/, ''));
    });
  return (path) => {
    const parts = posix.normalize(path).split('/');
    return parts.some((_, i) => {
      const prefix = parts.slice(0, i + 1).join('/');
      return patterns.some((re) => re.test(prefix));
    });
  };
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') throw new Error(`character classes in "${glob}" are not replayed`);
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
