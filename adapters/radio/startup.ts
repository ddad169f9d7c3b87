/**
 * The start-up sequence (PEI.md "Start-up"): one command at a time, advancing on OK or
 * `+CME ERROR` (a refused optional setting is logged, not fatal). A time-out is fatal: the
 * link is not answering and the caller reconnects.
 */
import type { Logger } from '../../bridge/ports.js';
import { Pei } from './commands.js';
import { CmeError, RadioError, RadioErrorCodes } from './errors.js';
import type { OperatingMode } from './pei-messages.js';
import type { TerminalProfile } from './profiles.js';
import type { Send } from './sds-sender.js';

export interface StartupResult {
  mode: OperatingMode;
  ownIssi: string | null;
  talkgroup: string | null;
}

export interface StartupOptions {
  profile: TerminalProfile;
  /** The ISSI the configuration expects this terminal to have. */
  issi: string;
  talkgroup: string;
  logger: Logger;
}

/** Runs a command whose refusal (ERROR / +CME ERROR) is tolerated; time-outs propagate. */
export async function optional(send: Send, logger: Logger, cmd: Parameters<Send>[0]) {
  try {
    return await send(cmd);
  } catch (error) {
    if (
      error instanceof CmeError ||
      (error instanceof RadioError && error.code === RadioErrorCodes.COMMAND_ERROR)
    ) {
      logger.warn({ command: cmd.text, code: error.code, err: error.message }, 'start-up command refused');
      return null;
    }
    throw error;
  }
}

export async function runStartup(send: Send, options: StartupOptions): Promise<StartupResult> {
  const { logger, profile } = options;
  await optional(send, logger, Pei.at());
  await send(Pei.echoOff());
  await optional(send, logger, Pei.setMode(0));
  for (const routing of profile.serviceProfiles) await optional(send, logger, Pei.serviceProfile(routing));

  const identity = await optional(send, logger, Pei.ownIdentity());
  const cnumf = identity?.messages.find((m) => m.type === 'CNUMF');
  const ownIssi = cnumf?.type === 'CNUMF' ? cnumf.issi : null;
  if (ownIssi !== null && ownIssi !== options.issi.replace(/^0+(?=\d)/, '')) {
    logger.warn(
      { configured: options.issi, reported: ownIssi },
      'terminal identity differs from the configured ISSI',
    );
  }

  const selected = await optional(send, logger, Pei.selectTalkgroup(options.talkgroup));
  const mode = await optional(send, logger, Pei.readMode());
  const ctom = mode?.messages.find((m) => m.type === 'CTOM');
  return {
    mode: ctom?.type === 'CTOM' ? ctom.modeName : 'unknown',
    ownIssi,
    talkgroup: selected ? options.talkgroup : null,
  };
}
