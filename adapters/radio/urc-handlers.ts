/**
 * Unsolicited result codes → terminal state and events: one small handler per code behind a
 * plain switch (the aedes `handlers/` shape). Recognise-only codes are logged at debug level.
 */

import type { RadioStatus } from '../../bridge/model.js';
import type { Logger, RadioTerminalEvents } from '../../bridge/ports.js';
import type { GroupCall } from './group-call.js';
import type { PeiMessage } from './pei-messages.js';
import type { TerminalProfile } from './profiles.js';
import type { SdsSender } from './sds-sender.js';
import type { EmergencySignal } from './terminal-options.js';

export interface UrcContext {
  readonly logger: Logger;
  readonly sds: SdsSender;
  readonly call: GroupCall;
  readonly ownIssi: () => string | null;
  readonly profile: Pick<TerminalProfile, 'emergencyCallPriority' | 'emergencyStatusValues'>;
  update(patch: Partial<RadioStatus>): void;
  heard(issi: string, how: RadioTerminalEvents['heard']['how']): void;
  sdsReceived(from: string, text: string): void;
  statusReceived(from: string, value: number): void;
  emergency(signal: EmergencySignal): void;
}

type Msg<T extends PeiMessage['type']> = Extract<PeiMessage, { type: T }>;

function onSds(ctx: UrcContext, msg: Msg<'SDS'>): void {
  if (ctx.sds.onMessage(msg)) return;
  const p = msg.payload;
  if (p.kind === 'status') {
    ctx.heard(msg.fromIssi, 'status');
    ctx.statusReceived(msg.fromIssi, p.value);
    if (ctx.profile.emergencyStatusValues.includes(p.value)) {
      ctx.emergency({ via: 'status', issi: msg.fromIssi, status: p.value });
    }
  } else if (p.kind === 'text') {
    ctx.heard(msg.fromIssi, 'sds');
    ctx.sdsReceived(msg.fromIssi, p.text);
  } else {
    ctx.heard(msg.fromIssi, 'sds');
    ctx.logger.info({ from: msg.fromIssi, kind: p.kind, bits: msg.bits }, 'SDS received and not interpreted');
  }
}

function onTxGrant(ctx: UrcContext, msg: Msg<'CTXG'>): void {
  ctx.call.onMessage(msg);
  if (msg.talkerIssi !== null && msg.talkerIssi !== ctx.ownIssi()) ctx.heard(msg.talkerIssi, 'voice');
}

function onIncomingCall(ctx: UrcContext, msg: Msg<'CTICN'>): void {
  ctx.call.onMessage(msg);
  if (msg.callingIssi !== ctx.ownIssi()) ctx.heard(msg.callingIssi, 'voice');
  if (msg.priority !== null && msg.priority >= ctx.profile.emergencyCallPriority) {
    ctx.emergency({ via: 'call', issi: msg.callingIssi, cci: msg.cci, priority: msg.priority });
  }
}

export function dispatchUrc(ctx: UrcContext, msg: PeiMessage): void {
  switch (msg.type) {
    case 'SDS':
      onSds(ctx, msg);
      return;
    case 'CTSDSR': // only ever emitted once joined with its payload line (as 'SDS')
      return;
    case 'CMGS':
      ctx.sds.onMessage(msg);
      return;
    case 'CTICN':
      onIncomingCall(ctx, msg);
      return;
    case 'CTXG':
      onTxGrant(ctx, msg);
      return;
    case 'CTCC':
    case 'CDTXC':
    case 'CTCR':
      ctx.call.onMessage(msg);
      return;
    case 'CSQ':
      ctx.update({ rssiDbm: msg.dbm, ...(msg.dbm === null ? { registered: false } : {}) });
      return;
    case 'CREG':
      ctx.update({ registered: msg.registered });
      return;
    case 'CTOM':
      ctx.update({ mode: msg.modeName });
      return;
    case 'CTGS':
      ctx.update({ talkgroup: msg.gssi });
      return;
    case 'CNUMF':
    case 'RECOGNISED':
      ctx.logger.debug({ msg }, 'PEI result code recognised');
      return;
  }
}
