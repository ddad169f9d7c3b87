/**
 * Wires the per-terminal parts (SDS sender and outbox, group call, URC context) to the
 * terminal's event emitter, so that terminal.ts keeps to the link lifecycle.
 */
import type { RadioStatus } from '../../bridge/model.js';
import type { Clock, Logger } from '../../bridge/ports.js';
import type { TypedEmitter } from '../../bridge/typed-emitter.js';
import { GroupCall } from './group-call.js';
import type { TerminalProfile } from './profiles.js';
import { SdsOutbox } from './sds-outbox.js';
import { SdsSender, type Send } from './sds-sender.js';
import type { PeiRadioTerminalEvents, TerminalTimings } from './terminal-options.js';
import type { UrcContext } from './urc-handlers.js';

export interface TerminalParts {
  sds: SdsSender;
  outbox: SdsOutbox;
  call: GroupCall;
  urc: UrcContext;
}

export interface TerminalPartsDeps {
  timings: TerminalTimings & { clock: Clock };
  logger: Logger;
  profile: TerminalProfile;
  emitter: TypedEmitter<PeiRadioTerminalEvents>;
  send: Send;
  ownIssi: () => string | null;
  update: (patch: Partial<RadioStatus>) => void;
}

const NO_SDS_DURING_CALL = 'a call is active and this terminal cannot send SDS during it';

export function createTerminalParts(d: TerminalPartsDeps): TerminalParts {
  const { timings: o, logger, profile, emitter } = d;
  const { clock } = o;
  const sds = new SdsSender({ clock, logger, reportTimeoutMs: o.sdsReportTimeoutMs });
  const call = new GroupCall({ ...o, logger });
  const outbox = new SdsOutbox({
    clock,
    logger,
    submit: (to, text) => sds.submit(d.send, profile, to, text),
    blockedBy: () => (call.active && !profile.sdsDuringCall ? NO_SDS_DURING_CALL : null),
    maxQueue: o.sdsQueueMax,
    maxWaitMs: o.sdsCallWaitMs,
    maxAttempts: o.sdsBusyMaxAttempts,
    retryInitialMs: o.sdsBusyRetryInitialMs,
    retryMaxMs: o.sdsBusyRetryMaxMs,
  });
  call.events.on('call', (e) => {
    if (e.state === 'released') outbox.poke(); // the terminal may take SDS again
    emitter.emit('call', e);
  });
  call.events.on('floor', (e) => emitter.emit('floor', e));
  const urc: UrcContext = {
    logger,
    sds,
    call,
    profile,
    ownIssi: d.ownIssi,
    update: d.update,
    heard: (issi, how) => emitter.emit('heard', { issi, at: clock.now(), how }),
    sdsReceived: (from, text) => emitter.emit('sds.received', { from, text }),
    statusReceived: (from, value) => emitter.emit('sds.status', { from, value }),
    emergency: (signal) => {
      logger.error({ ...signal }, 'EMERGENCY signalled by a subscriber');
      emitter.emit('emergency', { ...signal, at: clock.now() });
    },
  };
  return { sds, outbox, call, urc };
}
