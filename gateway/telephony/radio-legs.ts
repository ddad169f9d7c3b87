/**
 * Radio audio legs (DESIGN §5/§6): each radio's `audio` SIP URI — the RoIP interface on the
 * terminal's accessory audio — is called and joined to its conference as a member that is not a
 * participant. Its speech is never reported as talking (CallLeg `reportsTalking: false`), so
 * radio audio can never key a radio. A member never hears itself in mod_conference's mix; two
 * radio legs in one room (on one talkgroup they would feed each other) are set not to hear each
 * other with `relate <a> <b> nohear` both ways. A leg that drops or fails is called again with
 * back-off while the back end is up; close() hangs them all up.
 */
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import { Backoff } from './backoff.js';
import { type CallContext, joinRoom } from './call-context.js';
import type { CallLeg } from './call-leg.js';
import { type DialledLeg, dialLeg } from './call-out.js';
import { dialRoutes } from './dial-routes.js';
import type { MediaServerLike } from './drachtio-types.js';
import { describe } from './link-supervisor.js';

export interface RadioAudioLeg {
  radioId: string;
  /** SIP URI of the RoIP interface (configured: never anything else is dialled). */
  uri: string;
  conferenceId: string;
}

export interface RadioLegsOptions {
  ctx: CallContext;
  legs: readonly RadioAudioLeg[];
  clock: Clock;
  logger: Logger;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** `conference <args>` that must answer +OK (RoomControls#command). */
  command(ms: MediaServerLike, args: string): Promise<string>;
}

interface Slot {
  spec: RadioAudioLeg;
  logger: Logger;
  backoff: Backoff;
  leg: CallLeg | null;
  connecting: boolean;
  timer: TimerHandle | null;
}

export class RadioLegs {
  readonly #o: RadioLegsOptions;
  readonly #slots: Slot[];
  #available = false;
  #closed = false;

  constructor(options: RadioLegsOptions) {
    this.#o = options;
    this.#slots = options.legs.map((spec) => ({
      spec,
      logger: options.logger.child({ radioId: spec.radioId, conferenceId: spec.conferenceId }),
      backoff: new Backoff(options.reconnectMinMs, options.reconnectMaxMs),
      leg: null,
      connecting: false,
      timer: null,
    }));
  }

  /** How many radio legs are configured (they count in the rooms' max_members). */
  get size(): number {
    return this.#slots.length;
  }

  /** Connected radio legs (for tests and status). */
  connected(): { radioId: string; memberId: number }[] {
    return this.#slots.flatMap((s) => (s.leg ? [{ radioId: s.spec.radioId, memberId: s.leg.memberId }] : []));
  }

  /** Back end up: call every radio leg that is not connected; down: stop retrying until it is back. */
  backendChanged(available: boolean): void {
    this.#available = available && !this.#closed;
    for (const slot of this.#slots) {
      if (this.#available) {
        if (!slot.leg && !slot.connecting && !slot.timer) void this.#connect(slot);
      } else {
        this.#clearTimer(slot);
        slot.backoff.reset();
      }
    }
  }

  async close(): Promise<void> {
    this.#stop();
    await Promise.all(this.#slots.map((slot) => slot.leg?.end('shutdown')));
  }

  /** Stops calling and lets the legs go without hanging up (the gateway stops and keeps calls). */
  release(): void {
    this.#stop();
    for (const slot of this.#slots) slot.leg?.release();
  }

  #stop(): void {
    this.#closed = true;
    this.#available = false;
    for (const slot of this.#slots) this.#clearTimer(slot);
  }

  async #connect(slot: Slot): Promise<void> {
    slot.connecting = true;
    try {
      const call = await dialRadio(this.#o.ctx, slot.spec, slot.logger);
      slot.connecting = false;
      slot.backoff.reset();
      slot.leg = this.#o.ctx.adopt({
        ...call,
        conferenceId: slot.spec.conferenceId,
        participantId: null,
        number: slot.spec.uri,
        logger: slot.logger,
        radio: {
          radioId: slot.spec.radioId,
          finished: (leg) => {
            if (slot.leg !== leg) return;
            slot.leg = null;
            this.#retry(slot);
          },
        },
      });
      await this.#isolate(slot, call.room);
    } catch (err) {
      slot.connecting = false;
      slot.logger.warn({ err: describe(err) }, 'radio audio leg could not be connected');
      this.#retry(slot);
    }
  }

  /** Radio legs in one room must not hear each other (each would re-transmit the other). */
  async #isolate(slot: Slot, room: string): Promise<void> {
    const mine = slot.leg?.memberId;
    const others = this.#slots
      .filter((s) => s !== slot && s.spec.conferenceId === slot.spec.conferenceId && s.leg)
      .map((s) => s.leg?.memberId);
    const ms = this.#o.ctx.mediaServer();
    if (mine === undefined || others.length === 0 || !ms) return;
    const list = others.join(',');
    try {
      await this.#o.command(ms, `${room} relate ${mine} ${list} nohear`);
      await this.#o.command(ms, `${room} relate ${list} ${mine} nohear`);
    } catch (err) {
      slot.logger.warn({ err: describe(err) }, 'radio legs could not be kept from hearing each other');
    }
  }

  #retry(slot: Slot): void {
    if (!this.#available || this.#closed || slot.timer) return;
    const delay = slot.backoff.next();
    slot.logger.info({ retryInMs: delay }, 'radio audio leg down: calling it again');
    slot.timer = this.#o.clock.setTimeout(() => {
      slot.timer = null;
      if (this.#available && !slot.leg && !slot.connecting) void this.#connect(slot);
    }, delay);
  }

  #clearTimer(slot: Slot): void {
    if (slot.timer) this.#o.clock.clearTimeout(slot.timer);
    slot.timer = null;
  }
}

/** Calls the RoIP interface (it answers by itself: no prompt) and joins it to the room. */
async function dialRadio(ctx: CallContext, spec: RadioAudioLeg, logger: Logger): Promise<DialledLeg> {
  // A RoIP interface answers by itself: no prompt, no confirmation.
  return dialLeg(
    ctx,
    spec.conferenceId,
    dialRoutes(spec.uri, ctx.telephony.sip, [], ctx.trunks),
    logger,
    (guard, endpoint, room) => joinRoom(ctx, guard, endpoint, room, false),
  );
}
