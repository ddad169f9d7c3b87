/**
 * A Dockerfile parser for the replay test (test/deploy/dockerfile.test.ts): just the instructions
 * Samband's Dockerfile uses, and a loud error for any other, so that the replay can never skip
 * something it does not understand.
 */

export type Instruction =
  | { kind: 'workdir'; path: string }
  | { kind: 'copy'; sources: string[]; dest: string; from: string | null; line: number }
  | { kind: 'run'; command: string; line: number }
  | { kind: 'env'; vars: Record<string, string> }
  | { kind: 'user'; user: string }
  | { kind: 'ignored'; keyword: string; reason: string };

export interface Stage {
  /** The `AS` name, or the stage's index as a string. */
  name: string;
  base: string;
  instructions: Instruction[];
  /** Exec-form ENTRYPOINT and CMD, and the HEALTHCHECK's command, where the stage sets them. */
  entrypoint: string[] | null;
  cmd: string[] | null;
  healthcheck: string | null;
  stopSignal: string | null;
}

/** Instructions that change nothing the replay can observe, each with the reason it may pass. */
const IGNORED: Record<string, string> = {
  EXPOSE: 'documents ports; the test uses free ports',
  LABEL: 'metadata only',
};

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const { keyword, args, line } of logicalLines(text)) {
    if (keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!m?.[1]) throw new Error(`Dockerfile:${line}: cannot read FROM ${args}`);
      stages.push({
        name: m[2] ?? String(stages.length),
        base: m[1],
        instructions: [],
        entrypoint: null,
        cmd: null,
        healthcheck: null,
        stopSignal: null,
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile:${line}: ${keyword} before the first FROM`);
    switch (keyword) {
      case 'WORKDIR':
        stage.instructions.push({ kind: 'workdir', path: args });
        break;
      case 'COPY':
        stage.instructions.push(parseCopy(args, line));
        break;
      case 'RUN':
        if (args.startsWith('[')) throw new Error(`Dockerfile:${line}: exec-form RUN is not replayed`);
        stage.instructions.push({ kind: 'run', command: args, line });
        break;
      case 'ENV':
        stage.instructions.push({ kind: 'env', vars: parseEnv(args, line) });
        break;
      case 'USER':
        stage.instructions.push({ kind: 'user', user: args });
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = execForm(args, line);
        break;
      case 'CMD':
        stage.cmd = execForm(args, line);
        break;
      case 'HEALTHCHECK': {
        const m = /(?:^|\s)CMD\s+(.+)$/.exec(args);
        if (!m?.[1]) throw new Error(`Dockerfile:${line}: cannot read HEALTHCHECK ${args}`);
        stage.healthcheck = m[1];
        break;
      }
      case 'STOPSIGNAL':
        stage.stopSignal = args;
        break;
      default: {
        const reason = IGNORED[keyword];
        if (reason === undefined) throw new Error(`Dockerfile:${line}: the replay does not know ${keyword}`);
        stage.instructions.push({ kind: 'ignored', keyword, reason });
      }
    }
  }
  return stages;
}

/** Joins `\` continuations, drops comments and blank lines; keeps the first physical line number. */
function* logicalLines(text: string): Generator<{ keyword: string; args: string; line: number }> {
  let pending = '';
  let start = 0;
  const physical = text.split('\n');
  for (const [index, raw] of physical.entries()) {
    const trimmed = raw.trim();
    if (pending === '' && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (pending !== '' && trimmed.startsWith('#')) continue;
    if (pending === '') start = index + 1;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1).trim()} `;
      continue;
    }
    const whole = (pending + trimmed).trim();
    pending = '';
    const m = /^(\S+)\s*(.*)$/.exec(whole);
    if (m?.[1]) yield { keyword: m[1].toUpperCase(), args: (m[2] ?? '').trim(), line: start };
  }
  if (pending !== '') throw new Error(`Dockerfile:${start}: continuation at the end of the file`);
}

function parseCopy(args: string, line: number): Instruction {
  const words = args.split(/\s+/);
  let from: string | null = null;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift() ?? '';
    const m = /^--(\w+)=(.*)$/.exec(flag);
    if (m?.[1] === 'from') from = m[2] ?? '';
    else if (m?.[1] !== 'chown' && m?.[1] !== 'chmod')
      throw new Error(`Dockerfile:${line}: COPY flag ${flag} is not replayed`);
  }
  if (words[0]?.startsWith('[')) throw new Error(`Dockerfile:${line}: JSON-form COPY is not replayed`);
  const dest = words.pop();
  if (dest === undefined || words.length === 0) throw new Error(`Dockerfile:${line}: COPY needs a source`);
  return { kind: 'copy', sources: words, dest, from, line };
}

function parseEnv(args: string, line: number): Record<string, string> {
  const vars: Record<string, string> = {};
  if (!/^\w+=/.test(args)) {
    const m = /^(\w+)\s+(.*)$/.exec(args);
    if (!m?.[1]) throw new Error(`Dockerfile:${line}: cannot read ENV ${args}`);
    vars[m[1]] = m[2] ?? '';
    return vars;
  }
  const pair = /(\w+)=("(?:[^"\\]|\\.)*"|\S*)\s*/gy;
  let m = pair.exec(args);
  while (m?.[1]) {
    const raw = m[2] ?? '';
    vars[m[1]] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (pair.lastIndex >= args.length) return vars;
    m = pair.exec(args);
  }
  throw new Error(`Dockerfile:${line}: cannot read ENV ${args}`);
}

function execForm(args: string, line: number): string[] {
  const parsed: unknown = args.startsWith('[') ? JSON.parse(args) : null;
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string'))
    throw new Error(`Dockerfile:${line}: only the exec form (a JSON array) is replayed: ${args}`);
  return parsed;
}
