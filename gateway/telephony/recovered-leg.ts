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
import type { Clock, Logger, TelephonyEvents, TimerHandle } from '../../bridge/ports.js';
import type { Emit } from './call-leg.js';
import type { EslEvent, MediaServerLike, SrfLike } from './drachtio-types.js';
import { describe } from './link-supervisor.js';
import { parseChannelDump, phoneMetrics } from './quality.js';
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
  readonly #detach: (() => void)[] = [];
  #state: 'connected' | 'ended' = 'connected';
  #talking = false;
  #timer: TimerHandle | null = null;

  constructor(options: RecoveredLegOptions) {
    this.#o = options;
    this.conferenceId = options.conferenceId;
    this.participantId = options.participantId;
    const { ms, uuid } = options;
    this.#listen(`esl::event::CHANNEL_HANGUP_COMPLETE::${uuid}`, (evt) => {
      const cause = evt.getHeader('Hangup-Cause') ?? 'unknown';
      if (cause === 'MEDIA_TIMEOUT') {
        this.#emit('call.media-timeout', { silentForMs: options.mediaTimeoutMs });
        void this.end('media-timeout', { channelGone: true });
      } else {
        void this.end(`media-server-hangup: ${cause}`, { channelGone: true });
      }
    });
    this.#listen(`esl::event::CUSTOM::${uuid}`, (evt) => {
      if (evt.getHeader('Event-Subclass') !== 'conference::maintenance') return;
      const action = evt.getHeader('Action');
      if (action === 'start-talking') this.#setTalking(true);
      else if (action === 'stop-talking') this.#setTalking(false);
    });
    this.#listen(`esl::event::DTMF::${uuid}`, (evt) => {
      const digit = evt.getHeader('DTMF-Digit');
      if (digit) this.#emit('call.dtmf', { digit });
    });
    // Without the event socket the call can no longer be watched: it counts as dropped.
    const onSocketLost = () => void this.end('media-server-hangup: event socket lost', { channelGone: true });
    ms.on('end', onSocketLost);
    this.#detach.push(() => ms.removeListener('end', onSocketLost));
  }

  get ended(): boolean {
    return this.#state === 'ended';
  }

  get uuid(): string {
    return this.#o.uuid;
  }

  /** Starts reading RTP statistics; a channel found gone on the way ends the call. */
  watch(): void {
    if (this.#state !== 'connected') return;
    this.#o.logger.info({ uuid: this.#o.uuid, memberId: this.#o.memberId }, 'call taken over after restart');
    this.#scheduleQuality();
  }

  async setMuted(muted: boolean): Promise<void> {
    if (this.#state === 'ended') return;
    const { room, memberId } = this.#o;
    const reply = await this.#api(`conference ${room} ${muted ? 'mute' : 'unmute'} ${memberId}`);
    if (!accepted(reply)) throw refused(reply);
    this.#o.logger.info({ muted }, muted ? 'muted' : 'unmuted');
    if (muted) this.#setTalking(false);
  }

  /** Ends the call once: 'call.ended' at once, then the channel and the far end's dialog go. */
  end(cause: string, gone: { channelGone?: boolean } = {}): Promise<void> {
    if (this.#state === 'ended') return Promise.resolve();
    this.#state = 'ended';
    for (const off of this.#detach.splice(0)) off();
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#o.logger.info({ cause }, 'call ended');
    if (this.#talking) this.#emit('call.talking', { talking: false });
    this.#talking = false;
    this.#emit('call.ended', { cause });
    this.#o.finished(this);
    const { operationTimeoutMs: timeoutMs, ...call } = this.#o;
    return hangUpOrphan({ ...call, timeoutMs, channelGone: gone.channelGone === true });
  }

  /** Lets go of the call without ending it (see CallLeg#release). */
  release(): void {
    if (this.#state === 'ended') return;
    this.#state = 'ended';
    for (const off of this.#detach.splice(0)) off();
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #listen(event: string, handler: (evt: EslEvent) => void): void {
    const conn = this.#o.ms.conn;
    const guarded = (evt: EslEvent) => {
      if (this.#state === 'connected') handler(evt);
    };
    conn.on(event, guarded);
    this.#detach.push(() => conn.removeListener(event, guarded));
  }

  #api(command: string): Promise<string> {
    const { clock, ms, operationTimeoutMs } = this.#o;
    return withTimeout(clock, ms.api(command), operationTimeoutMs, command.split(' ')[0] ?? 'api');
  }

  #setTalking(talking: boolean): void {
    if (this.#state !== 'connected' || talking === this.#talking) return;
    this.#talking = talking;
    this.#emit('call.talking', { talking });
  }

  #scheduleQuality(): void {
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = null;
      void this.#readQuality().finally(() => {
        if (this.#state === 'connected') this.#scheduleQuality();
      });
    }, this.#o.qualityIntervalMs);
  }

  async #readQuality(): Promise<void> {
    const { uuid } = this.#o;
    try {
      await this.#api(`uuid_set_media_stats ${uuid}`);
      const dump = await this.#api(`uuid_dump ${uuid}`);
      // A hang-up event can be missed (it fired before we subscribed): the channel is gone.
      if (/^-ERR No such channel/m.test(dump)) {
        void this.end('media-server-hangup: channel gone', { channelGone: true });
        return;
      }
      const metrics = phoneMetrics(parseChannelDump(dump));
      if (metrics && this.#state === 'connected') this.#emit('call.quality', { metrics });
    } catch (err) {
      this.#o.logger.debug({ err: describe(err) }, 'RTP statistics unavailable');
    }
  }

  #emit<K extends 'call.ended' | 'call.media-timeout' | 'call.dtmf' | 'call.quality' | 'call.talking'>(
    event: K,
    rest: Omit<TelephonyEvents[K], 'conferenceId' | 'participantId'>,
  ): void {
    const payload = { conferenceId: this.conferenceId, participantId: this.participantId, ...rest };
    this.#o.emit(event, payload as TelephonyEvents[K]);
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
