/**
 * Run-time checks: what a valid configuration still needs from this machine to start — ports
 * that can be bound, a data directory that can be written, radios' serial devices that exist.
 * Kept apart from the schema and the cross-field rules, which say the same on every machine:
 * these touch the machine, so `check-config --offline` skips them (checking on a build host for
 * a gateway that runs elsewhere).
 *
 * Not checked: `telephony.recordingsDir` and `telephony.prompts`, which are paths on the media
 * server (FreeSWITCH writes and reads them, often on another host or container), and which the
 * simulated telephony never touches; and the drachtio/FreeSWITCH addresses, which the gateway
 * dials with back-off and reports while they are down, so an unreachable one does not stop a
 * start.
 */
import { listenersOf } from '../checks/listeners.js';
import type { FieldPath } from '../problem.js';
import type { Config } from '../schema.js';
import { serialPortProblem } from './devices.js';
import { writableDirProblem } from './directories.js';
import { portProblem } from './ports.js';

export interface MachineProblem {
  readonly path: FieldPath;
  readonly message: string;
}

export async function checkOnMachine(config: Config): Promise<MachineProblem[]> {
  const problems: MachineProblem[] = [];
  const add = (path: FieldPath, message: string | null) => {
    if (message !== null) problems.push({ path, message });
  };
  // One at a time: two listeners on one port are the cross-field rule's to report, and binding
  // them at once here would report the second as "in use" by ourselves.
  for (const listener of listenersOf(config)) {
    add(listener.path, await portProblem(listener.host, listener.port));
  }
  add(['gateway', 'dataDir'], writableDirProblem(config.gateway.dataDir));
  config.radios.forEach((radio, i) => {
    add(['radios', i, 'port'], serialPortProblem(radio.port));
  });
  return problems;
}
