/**
 * One connected call: the caller's SIP dialog plus its FreeSWITCH endpoint in the conference.
 * Its state machine is `connected → ended`; whatever ends it (far-end BYE, FreeSWITCH hang-up,
 * media time-out, our hang-up, shutdown), 'call.ended' is emitted exactly once and both the
 * endpoint and the dialog are released (no FreeSWITCH channel is left open).
 * Voice activity comes from the member's own conference events (start-talking/stop-talking
 * on its channel's event socket) and becomes 'call.talking' — for participants only: a radio
 * leg (`reportsTalking: false`) never reports talking, so its audio can never key a radio.
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import { CallReport, type Emit } from './call-report.js';
import type {
  CustomEventHandler,
  EndpointLike,
  EslEvent,
  MediaServerLike,
  SipDialog,
} from './drachtio-types.js';
import { contained } from './library-guard.js';
import { describe } from './link-supervisor.js';
import { mediaStatsCommand } from './quality.js';
import { accepted, refused } from './room-controls.js';
import { callTags } from './room-survey.js';
import { bestEffort, withTimeout } from './timing.js';

export type { Emit } from './call-report.js';

export interface CallLegOptions {
  conferenceId: string;
  /** null for a dial-in caller who is not a configured participant (guest). */
  participantId: string | null;
  number: string | null;
  endpoint: EndpointLike;
  dialog: SipDialog;
  /** The media server's inbound event socket: where the channel's hang-up cause always arrives. */
  ms: MediaServerLike;
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

/**
 * How long a hang-up reported without a cause waits for the cause from the inbound socket: fsmrf
 * reports the end without one when the channel's own socket closes before its CHANNEL_CALLSTATE
 * event is read (seen as "media-server-hangup: unknown" for a media time-out).
 */
export const HANGUP_CAUSE_WAIT_MS = 1000;

/** What every call needs from the media server's inbound socket: its hang-up, with the cause. */
export const HANGUP_EVENTS = ['CHANNEL_HANGUP_COMPLETE'];

export class CallLeg {
  readonly conferenceId: string;
  readonly participantId: string | null;
  readonly number: string | null;
  readonly #o: CallLegOptions;
  readonly #report: CallReport;

  constructor(options: CallLegOptions) {
    this.#o = options;
    this.conferenceId = options.conferenceId;
    this.participantId = options.participantId;
    this.number = options.number;
    const { endpoint, dialog, ms, clock } = options;
    const report = new CallReport({
      ...options,
      readChannel: () => {
        const { command, args } = mediaStatsCommand(endpoint.uuid);
        return withTimeout(
          clock,
          endpoint.api(command, args).then((reply) => reply.getBody()),
          options.operationTimeoutMs,
          'mediaStats',
        );
      },
      channelGone: () => void this.end('media-server-hangup: channel gone', { endpointGone: true }),
    });
    this.#report = report;
    const hungUp = (reason: string) => void this.end(report.hangupCause(reason), { endpointGone: true });
    let inboundCause: string | null = null;
    let waiting: TimerHandle | null = null;
    // Each listener runs inside a library's socket handler: contained, so a throw cannot end the process.
    const guard = <A extends unknown[]>(what: string, fn: (...args: A) => unknown) =>
      contained(options.logger, what, fn);
    const onHangupEvent = guard('hang-up event', (evt: EslEvent) => {
      inboundCause = evt.getHeader('Hangup-Cause') ?? 'unknown';
      hungUp(inboundCause);
    });
    const onEndpointGone = guard('endpoint destroy', (info?: { reason?: string }) => {
      const reason = info?.reason ?? inboundCause;
      if (reason) {
        hungUp(reason);
        return;
      }
      options.logger.info(
        { uuid: endpoint.uuid },
        'hang-up without its cause on the channel socket: waiting for the inbound event',
      );
      waiting ??= clock.setTimeout(() => hungUp('unknown'), HANGUP_CAUSE_WAIT_MS);
    });
    const onBye = guard('dialog destroy', () => void this.end('remote-hangup', { dialogGone: true }));
    const onDtmf = guard('dtmf', (evt: { dtmf: string }) => report.dtmf(evt.dtmf));
    const hangupEvent = `esl::event::CHANNEL_HANGUP_COMPLETE::${endpoint.uuid}`;
    dialog.on('destroy', onBye);
    endpoint.on('destroy', onEndpointGone);
    endpoint.on('dtmf', onDtmf);
    ms.conn.on(hangupEvent, onHangupEvent);
    if (options.reportsTalking) {
      const onConference: CustomEventHandler = guard('conference event', (_body: unknown, evt: EslEvent) => {
        const action = evt.getHeader('Action');
        if (action === 'start-talking') report.talking(true);
        else if (action === 'stop-talking') report.talking(false);
      });
      endpoint.addCustomEventListener(CONFERENCE_EVENTS, onConference);
      report.onFinish(() => endpoint.removeCustomEventListener(CONFERENCE_EVENTS, onConference));
    }
    report.onFinish(() => {
      dialog.removeListener('destroy', onBye);
      endpoint.removeListener('destroy', onEndpointGone);
      endpoint.removeListener('dtmf', onDtmf);
      ms.conn.removeListener(hangupEvent, onHangupEvent);
      if (waiting) clock.clearTimeout(waiting);
    });
  }

  get ended(): boolean {
    return !this.#report.live;
  }

  /**
   * Announces the call to the core, starts reading RTP statistics, and tags the channel with
   * whose call it is, so a gateway restarted after a crash can take it over (room-survey.ts).
   */
  announce(): void {
    if (this.ended) return;
    this.#o.logger.info({ number: this.number }, 'call connected');
    this.#report.connected(this.number);
    const { endpoint, dialog, conferenceId, participantId, radioId } = this.#o;
    const tags = callTags({ conferenceId, participantId, radioId, dialogId: dialog.id });
    // No time-out of its own: a FreeSWITCH that never answers is caught by the link watchdog.
    endpoint.set(tags).catch((err: unknown) => {
      if (!this.ended) {
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
    if (this.ended) return;
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
    if (muted) this.#report.talking(false);
  }

  /**
   * Ends the call once: emits 'call.ended' synchronously, then releases the endpoint and the
   * dialog (bounded in time: fsmrf's Endpoint#destroy waits for a BYE that a dead FreeSWITCH never sends).
   */
  end(cause: string, gone: { dialogGone?: boolean; endpointGone?: boolean } = {}): Promise<void> {
    if (!this.#report.end(cause)) return Promise.resolve();
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
    this.#report.release();
  }
}
