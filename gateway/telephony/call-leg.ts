/**
 * One connected call: the caller's SIP dialog plus its FreeSWITCH endpoint in the conference.
 * Its state machine is `connected → ended`; whatever ends it (far-end BYE, FreeSWITCH hang-up,
 * media time-out, our hang-up, shutdown), 'call.ended' is emitted exactly once and both the
 * endpoint and the dialog are released (no FreeSWITCH channel is left open).
 * Voice activity comes from the member's own conference events (start-talking/stop-talking
 * on its channel's event socket) and becomes 'call.talking' — for participants only: a radio
 * leg (`reportsTalking: false`) never reports talking, so its audio can never key a radio.
 */
import type { Clock, Logger, TelephonyEvents, TimerHandle } from '../../bridge/ports.js';
import type { CustomEventHandler, EndpointLike, SipDialog } from './drachtio-types.js';
import { describe } from './link-supervisor.js';
import { parseChannelDump, phoneMetrics } from './quality.js';
import { accepted, refused } from './room-controls.js';
import { callTags } from './room-survey.js';
import { bestEffort, withTimeout } from './timing.js';

export type Emit = <K extends keyof TelephonyEvents & string>(event: K, payload: TelephonyEvents[K]) => void;

export interface CallLegOptions {
  conferenceId: string;
  /** null for a dial-in caller who is not a configured participant (guest). */
  participantId: string | null;
  number: string | null;
  endpoint: EndpointLike;
  dialog: SipDialog;
  emit: Emit;
  clock: Clock;
  logger: Logger;
  mediaTimeoutMs: number;
  qualityIntervalMs: number;
  operationTimeoutMs: number;
  finished: (leg: CallLeg) => void;
  /** The FreeSWITCH room and this call's member id in it. */
  room: string;
  memberId: number;
  /** false for a radio audio leg: its speech is never reported (DESIGN §5, echo). */
  reportsTalking: boolean;
  /** The radio whose audio leg this is (null for phones). */
  radioId: string | null;
}

const CONFERENCE_EVENTS = 'conference::maintenance';

export class CallLeg {
  readonly conferenceId: string;
  readonly participantId: string | null;
  readonly number: string | null;
  readonly #o: CallLegOptions;
  readonly #detach: (() => void)[] = [];
  #timer: TimerHandle | null = null;
  #state: 'connected' | 'ended' = 'connected';
  #talking = false;

  constructor(options: CallLegOptions) {
    this.#o = options;
    this.conferenceId = options.conferenceId;
    this.participantId = options.participantId;
    this.number = options.number;
    const { endpoint, dialog } = options;
    const onBye = () => this.end('remote-hangup', { dialogGone: true });
    const onEndpointGone = (info?: { reason?: string }) => {
      const reason = info?.reason ?? 'unknown';
      if (reason === 'MEDIA_TIMEOUT') {
        this.#emitFor('call.media-timeout', { silentForMs: options.mediaTimeoutMs });
        this.end('media-timeout', { endpointGone: true });
      } else {
        this.end(`media-server-hangup: ${reason}`, { endpointGone: true });
      }
    };
    const onDtmf = (evt: { dtmf: string }) => {
      if (this.#state === 'connected') this.#emitFor('call.dtmf', { digit: evt.dtmf });
    };
    dialog.on('destroy', onBye);
    endpoint.on('destroy', onEndpointGone);
    endpoint.on('dtmf', onDtmf);
    if (options.reportsTalking) {
      const onConference: CustomEventHandler = (_body, evt) => {
        const action = evt.getHeader('Action');
        if (action === 'start-talking') this.#setTalking(true);
        else if (action === 'stop-talking') this.#setTalking(false);
      };
      endpoint.addCustomEventListener(CONFERENCE_EVENTS, onConference);
      this.#detach.push(() => endpoint.removeCustomEventListener(CONFERENCE_EVENTS, onConference));
    }
    this.#detach.push(
      () => dialog.removeListener('destroy', onBye),
      () => endpoint.removeListener('destroy', onEndpointGone),
      () => endpoint.removeListener('dtmf', onDtmf),
    );
  }

  get ended(): boolean {
    return this.#state === 'ended';
  }

  /**
   * Announces the call to the core, starts reading RTP statistics, and tags the channel with
   * whose call it is, so a gateway restarted after a crash can take it over (room-survey.ts).
   */
  announce(): void {
    if (this.#state !== 'connected') return;
    this.#o.logger.info({ number: this.number }, 'call connected');
    this.#emitFor('call.connected', { number: this.number });
    this.#scheduleQuality();
    const { endpoint, dialog, conferenceId, participantId, radioId } = this.#o;
    const tags = callTags({ conferenceId, participantId, radioId, dialogId: dialog.id });
    // No time-out of its own: a FreeSWITCH that never answers is caught by the link watchdog.
    endpoint.set(tags).catch((err: unknown) => {
      if (this.#state === 'connected') {
        this.#o.logger.warn(
          { err: describe(err) },
          'channel not tagged: a restart could not take this call over',
        );
      }
    });
  }

  get memberId(): number {
    return this.#o.memberId;
  }

  /** The FreeSWITCH channel's uuid. */
  get uuid(): string {
    return this.#o.endpoint.uuid;
  }

  /** `conference <room> mute|unmute <member>`; a muted member stops talking at once. */
  async setMuted(muted: boolean): Promise<void> {
    if (this.#state === 'ended') return;
    const { endpoint, room, memberId, clock, operationTimeoutMs } = this.#o;
    const reply = await withTimeout(
      clock,
      endpoint.api('conference', `${room} ${muted ? 'mute' : 'unmute'} ${memberId}`),
      operationTimeoutMs,
      'conference mute',
    );
    const body = reply.getBody();
    if (!accepted(body)) throw refused(body);
    this.#o.logger.info({ muted }, muted ? 'muted' : 'unmuted');
    if (muted) this.#setTalking(false);
  }

  /**
   * Ends the call once: emits 'call.ended' synchronously, then releases the endpoint and the
   * dialog (bounded in time: fsmrf's Endpoint#destroy waits for a BYE that a dead FreeSWITCH never sends).
   */
  end(cause: string, gone: { dialogGone?: boolean; endpointGone?: boolean } = {}): Promise<void> {
    if (this.#state === 'ended') return Promise.resolve();
    this.#state = 'ended';
    for (const off of this.#detach.splice(0)) off();
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#o.logger.info({ cause }, 'call ended');
    if (this.#talking) this.#emitFor('call.talking', { talking: false });
    this.#talking = false;
    this.#emitFor('call.ended', { cause });
    this.#o.finished(this);
    const { clock, operationTimeoutMs: ms, endpoint, dialog } = this.#o;
    return Promise.all([
      gone.endpointGone ? null : bestEffort(clock, () => endpoint.destroy(), ms),
      gone.dialogGone ? null : bestEffort(clock, () => dialog.destroy(), ms),
    ]).then(() => undefined);
  }

  /**
   * Lets go of the call without ending it (the gateway stops and keeps calls): listeners and
   * timers go, nothing is emitted, the channel and the dialog stay up for the next process.
   */
  release(): void {
    if (this.#state === 'ended') return;
    this.#state = 'ended';
    for (const off of this.#detach.splice(0)) off();
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #setTalking(talking: boolean): void {
    if (this.#state !== 'connected' || !this.#o.reportsTalking || talking === this.#talking) return;
    this.#talking = talking;
    this.#emitFor('call.talking', { talking });
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
    const { endpoint, clock, operationTimeoutMs } = this.#o;
    try {
      const dump = await withTimeout(
        clock,
        endpoint
          .api('uuid_set_media_stats', endpoint.uuid)
          .then(() => endpoint.api('uuid_dump', endpoint.uuid)),
        operationTimeoutMs,
        'uuid_dump',
      );
      const metrics = phoneMetrics(parseChannelDump(dump.getBody()));
      if (metrics && this.#state === 'connected') this.#emitFor('call.quality', { metrics });
    } catch (err) {
      this.#o.logger.debug({ err: describe(err) }, 'RTP statistics unavailable');
    }
  }

  #emitFor<
    K extends
      | 'call.connected'
      | 'call.ended'
      | 'call.media-timeout'
      | 'call.dtmf'
      | 'call.quality'
      | 'call.talking',
  >(event: K, rest: Omit<TelephonyEvents[K], 'conferenceId' | 'participantId'>): void {
    if (this.participantId === null) return;
    const payload = { conferenceId: this.conferenceId, participantId: this.participantId, ...rest };
    this.#o.emit(event, payload as TelephonyEvents[K]);
  }
}
