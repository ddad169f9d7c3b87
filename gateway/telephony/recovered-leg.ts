/**
 * A call taken over after a gateway restart. Its FreeSWITCH channel outlived the process that
 * placed it, so there is no fsmrf Endpoint and no drachtio-srf Dialog for it: the channel is
 * observed on the media server's inbound event socket (hang-up, talking, DTMF) and driven by API
 * (`conference … mute`, `uuid_kill`), and the far end's dialog, which drachtio-server still
 * holds, is ended by its id. Same contract as CallLeg: exactly one 'call.ended', and nothing left
 * open on FreeSWITCH or towards the phone.
 *
 * A phone's BYE after the restart is answered 481 by drachtio-server and never reaches us; the
 * channel then falls silent and FreeSWITCH's media time-out ends it, which we see.
 */
import type { Clock, Logger } from '../../bridge/ports.js';
import { CallReport, type Emit } from './call-report.js';
import type { EslEvent, MediaServerLike, SrfLike } from './drachtio-types.js';
import { TelephonyError, TelephonyErrorCodes } from './errors.js';
import { contained } from './library-guard.js';
import { mediaStatsCommand } from './quality.js';
import { accepted, refused } from './room-controls.js';
import { bestEffort, withTimeout } from './timing.js';

export interface RecoveredLegOptions {
  conferenceId: string;
  participantId: string;
  uuid: string;
  room: string;
  memberId: number;
  dialogId: string;
  ms: MediaServerLike;
  srf: SrfLike;
  emit: Emit;
  clock: Clock;
  logger: Logger;
  mediaTimeoutMs: number;
  qualityIntervalMs: number;
  operationTimeoutMs: number;
  finished: (leg: RecoveredLeg) => void;
}

/** drachtio-server replaces this request-URI with the dialog's remote target. */
const IN_DIALOG = 'sip:placeholder';

/** The inbound-socket events a recovered call needs (CUSTOM last: it takes subclasses). */
export const RECOVERY_EVENTS = ['CHANNEL_HANGUP_COMPLETE', 'DTMF', 'CUSTOM', 'conference::maintenance'];

export class RecoveredLeg {
  readonly conferenceId: string;
  readonly participantId: string;
  /** Unknown after a restart: the dialled number lived in the old process only. */
  readonly number = null;
  readonly #o: RecoveredLegOptions;
  readonly #report: CallReport;
  readonly #handlers = new Map<string, (evt: EslEvent) => void>();
  /** The inbound event socket the call is watched on; null while FreeSWITCH's is down. */
  #ms: MediaServerLike | null = null;
  #unbind: () => void = () => {};

  constructor(options: RecoveredLegOptions) {
    this.#o = options;
    this.conferenceId = options.conferenceId;
    this.participantId = options.participantId;
    const { uuid } = options;
    const report = new CallReport({
      ...options,
      reportsTalking: true,
      readChannel: () => {
        const { command, args } = mediaStatsCommand(uuid);
        return this.#api(`${command} ${args}`);
      },
      channelGone: () => void this.end('media-server-hangup: channel gone', { channelGone: true }),
    });
    this.#report = report;
    report.onFinish(() => this.#unbind());
    this.#handlers.set(`esl::event::CHANNEL_HANGUP_COMPLETE::${uuid}`, (evt) => {
      const cause = report.hangupCause(evt.getHeader('Hangup-Cause') ?? 'unknown');
      void this.end(cause, { channelGone: true });
    });
    this.#handlers.set(`esl::event::CUSTOM::${uuid}`, (evt) => {
      if (evt.getHeader('Event-Subclass') !== 'conference::maintenance') return;
      const action = evt.getHeader('Action');
      if (action === 'start-talking') report.talking(true);
      else if (action === 'stop-talking') report.talking(false);
    });
    this.#handlers.set(`esl::event::DTMF::${uuid}`, (evt) => {
      const digit = evt.getHeader('DTMF-Digit');
      if (digit) report.dtmf(digit);
    });
    this.#bind(options.ms);
  }

  get ended(): boolean {
    return !this.#report.live;
  }

  get uuid(): string {
    return this.#o.uuid;
  }

  /** Starts reading RTP statistics; a channel found gone on the way ends the call. */
  watch(): void {
    if (this.ended) return;
    this.#o.logger.info({ uuid: this.#o.uuid, memberId: this.#o.memberId }, 'call taken over after restart');
    this.#report.watch();
  }

  /**
   * FreeSWITCH's event socket is back (`ms`, subscribed to RECOVERY_EVENTS): watch the call on it
   * again — as a placed call's own socket would have gone on — unless the channel went meanwhile.
   */
  async rebind(ms: MediaServerLike): Promise<void> {
    if (this.ended || this.#ms === ms) return;
    this.#bind(ms);
    const exists = await this.#api(`uuid_exists ${this.#o.uuid}`).catch(() => 'unknown');
    if (exists.trim() === 'false') {
      void this.end('media-server-hangup: gone while the event socket was down', { channelGone: true });
    }
  }

  async setMuted(muted: boolean): Promise<void> {
    if (this.ended) return;
    const { room, memberId } = this.#o;
    const reply = await this.#api(`conference ${room} ${muted ? 'mute' : 'unmute'} ${memberId}`);
    if (!accepted(reply)) throw refused(reply);
    this.#o.logger.info({ muted }, muted ? 'muted' : 'unmuted');
    if (muted) this.#report.talking(false);
  }

  /**
   * Ends the call once: 'call.ended' at once, then the channel and the far end's dialog go.
   * Without an event socket the channel cannot be killed; the BYE still ends the phone's side,
   * so FreeSWITCH's media time-out ends the channel.
   */
  end(cause: string, gone: { channelGone?: boolean } = {}): Promise<void> {
    const watchedOn = this.#ms; // ending unbinds it
    if (!this.#report.end(cause)) return Promise.resolve();
    this.#o.finished(this);
    const { operationTimeoutMs: timeoutMs, ...call } = this.#o;
    const channelGone = gone.channelGone === true || watchedOn === null;
    return hangUpOrphan({ ...call, ms: watchedOn ?? call.ms, timeoutMs, channelGone });
  }

  /** Lets go of the call without ending it (see CallLeg#release). */
  release(): void {
    this.#report.release();
  }

  /** Listens on `ms`'s socket; when it closes, waits unbound for `rebind` (the call goes on). */
  #bind(ms: MediaServerLike): void {
    this.#unbind();
    this.#ms = ms;
    const conn = ms.conn;
    const guarded = [...this.#handlers].map(([event, handler]) => {
      const listener = contained(this.#o.logger, event, (evt: EslEvent) => {
        if (!this.ended) handler(evt);
      });
      conn.on(event, listener);
      return () => conn.removeListener(event, listener);
    });
    const onSocketLost = contained(this.#o.logger, 'media server end', () => {
      this.#o.logger.warn(
        { uuid: this.#o.uuid },
        'event socket lost: the taken-over call is not watched until it is back',
      );
      this.#unbind();
    });
    ms.on('end', onSocketLost);
    this.#unbind = () => {
      for (const off of guarded) off();
      ms.removeListener('end', onSocketLost);
      if (this.#ms === ms) this.#ms = null;
      this.#unbind = () => {};
    };
  }

  #api(command: string): Promise<string> {
    const ms = this.#ms;
    if (!ms)
      return Promise.reject(
        new TelephonyError(TelephonyErrorCodes.BACKEND_DOWN, 'FreeSWITCH is not connected'),
      );
    const { clock, operationTimeoutMs } = this.#o;
    return withTimeout(clock, ms.api(command), operationTimeoutMs, command.split(' ')[0] ?? 'api');
  }
}

/** Ends a call whose process is gone: the far end's dialog by id, the channel by `uuid_kill`. */
export async function hangUpOrphan(call: {
  clock: Clock;
  timeoutMs: number;
  srf: SrfLike;
  ms: MediaServerLike;
  uuid: string;
  dialogId: string;
  channelGone?: boolean;
}): Promise<void> {
  const { clock, timeoutMs, srf, ms, uuid, dialogId } = call;
  // drachtio-server rejects the BYE when the far end already hung up (the dialog is gone).
  await Promise.all([
    bestEffort(clock, () => srf.request(IN_DIALOG, { method: 'BYE', stackDialogId: dialogId }), timeoutMs),
    call.channelGone ? null : bestEffort(clock, () => ms.api(`uuid_kill ${uuid}`), timeoutMs),
  ]);
}
