/**
 * Whether a radio's serial port is there to open: a path that does not exist fails at start
 * only after the adapter's reopen back-off, and reads as "adapter-down" in the meantime.
 * `sim:` ports are the built-in simulator and need nothing from the machine.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** Null when `port` is `sim:…` or a serial device this user can open; else why not. */
export function serialPortProblem(port: string): string | null {
  if (port.startsWith('sim:')) return null;
  const stat = statSync(port, { throwIfNoEntry: false });
  if (!stat) {
    return `${port} does not exist (is the terminal plugged in and on this port? for a pty, is \`samband sim\` running?)`;
  }
  if (!stat.isCharacterDevice()) return `${port} is not a serial device (a tty or pty)`;
  try {
    accessSync(port, constants.R_OK | constants.W_OK);
  } catch {
    return `${port} cannot be opened for reading and writing by this user (on Debian: the "dialout" group)`;
  }
  return null;
}
