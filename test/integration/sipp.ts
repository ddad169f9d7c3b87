/** Runs a sipp scenario from test/sip as a child process; resolves with its exit code. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SIP_DIR = fileURLToPath(new URL('../sip/', import.meta.url));

export interface SippRun {
  done: Promise<{ code: number | null; output: string }>;
  stop(): void;
}

/** `args` may name the local address (`-i`, default 127.0.0.1). */
export function sipp(scenario: string, args: string[]): SippRun {
  const local = args.includes('-i') ? [] : ['-i', '127.0.0.1'];
  const child: ChildProcess = spawn(
    'sipp',
    ['-sf', `${SIP_DIR}${scenario}`, '-nostdin', '-m', '1', '-timeout', '150s', ...local, ...args],
    { cwd: SIP_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  const done = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on('exit', (code) => resolve({ code, output }));
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
  });
  return {
    done,
    stop: () => child.kill('SIGTERM'),
  };
}

/** A caller dialling the conference through drachtio-server. */
export function sippCaller(scenario: string, sip: string, port: number, dialled: string): SippRun {
  return sipp(scenario, [
    sip,
    '-s',
    dialled,
    '-inf',
    `${SIP_DIR}callers.csv`,
    '-p',
    String(port),
    '-mp',
    String(port * 3),
  ]);
}

/** A phone answering the gateway's call-outs (the trunk points at it). */
export function sippPhone(scenario: string, port: number): SippRun {
  return sipp(scenario, ['-p', String(port), '-mp', String(port * 3)]);
}
