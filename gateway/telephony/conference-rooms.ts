/**
 * One FreeSWITCH conference per Samband conference, created on first use. createConference adds
 * a hidden, muted control member with `endconf`, so the room persists while members come and
 * go; `max_members` counts that member, so the room is sized roster + radio legs + 1.
 * A room that already runs (the gateway restarted) is re-attached: members join it by name.
 * `ensure`'s `ready` step runs once per created or re-attached room, before anyone joins it
 * through this adapter (the adapter's lock; for a re-attached room, taking stock of its calls).
 */
import type { Clock, Logger } from '../../bridge/ports.js';
import type { ConferenceLike, MediaServerLike } from './drachtio-types.js';
import { bestEffort, withTimeout } from './timing.js';

export interface RoomSizing {
  rosterSize: number;
  radioLegs: number;
}

/** `conference` null: the room was running already (re-attached), its control member not ours. */
interface Room {
  conference: ConferenceLike | null;
}

export class ConferenceRooms {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  /** Keyed by FreeSWITCH conference name; valid for one MediaServer only. */
  #rooms = new Map<string, Promise<Room>>();
  #ms: MediaServerLike | null = null;

  constructor(clock: Clock, logger: Logger, timeoutMs: number) {
    this.#clock = clock;
    this.#logger = logger;
    this.#timeoutMs = timeoutMs;
  }

  /** FreeSWITCH (re)connected or went away: rooms must be ensured again on the new one. */
  mediaServerChanged(ms: MediaServerLike | null): void {
    if (ms === this.#ms) return;
    this.#ms = ms;
    this.#rooms = new Map();
  }

  /** Makes sure the room exists on `ms`; resolves once members can join it by `name`. */
  async ensure(
    ms: MediaServerLike,
    name: string,
    sizing: RoomSizing,
    ready: (reattached: boolean) => Promise<void> = async () => {},
  ): Promise<void> {
    this.mediaServerChanged(ms);
    let room = this.#rooms.get(name);
    if (!room) {
      room = this.#create(ms, name, sizing).then(async (created) => {
        await ready(created.conference === null).catch((err: unknown) =>
          this.#logger.warn({ conference: name, err: String(err) }, 'room settings not applied'),
        );
        return created;
      });
      this.#rooms.set(name, room);
      // A failed creation is retried by the next call rather than cached.
      room.catch(() => {
        if (this.#rooms.get(name) === room) this.#rooms.delete(name);
      });
    }
    await room;
  }

  /**
   * Ends the rooms: a created one by hanging up its control member (it carries `endconf`), a
   * re-attached one — whose control member belongs to the process before the restart — by
   * hanging up every member (`hup all` includes the control member).
   */
  async close(): Promise<void> {
    const rooms = [...this.#rooms.entries()];
    const ms = this.#ms;
    this.#rooms = new Map();
    await Promise.all(
      rooms.map(([name, room]) =>
        bestEffort(
          this.#clock,
          async () => {
            const { conference } = await room;
            if (conference) await conference.destroy();
            else await ms?.api(`conference ${name} hup all`);
          },
          this.#timeoutMs,
        ),
      ),
    );
  }

  /**
   * A room kept from before a restart keeps the max_members it was created with; the roster may
   * have grown since (seen: a room sized for 40 turned away 60 of 100 with join-failed). The
   * reply to `set max_members` is the previous value.
   */
  async #resize(ms: MediaServerLike, name: string, maxMembers: number): Promise<void> {
    const reply = await withTimeout(
      this.#clock,
      ms.api(`conference ${name} set max_members ${maxMembers}`),
      this.#timeoutMs,
      'conference set max_members',
    ).catch((err: unknown) => `-ERR ${String(err)}`);
    const previous = /^\d+$/.test(reply.trim()) ? Number(reply.trim()) : null;
    if (previous === null) {
      this.#logger.warn(
        { conference: name, maxMembers, reply: reply.slice(0, 80) },
        're-attached room not resized',
      );
    }
    this.#logger.info(
      { conference: name, maxMembers, previous },
      'conference room already running: re-attached',
    );
  }

  async #create(ms: MediaServerLike, name: string, sizing: RoomSizing): Promise<Room> {
    const maxMembers = sizing.rosterSize + sizing.radioLegs + 1;
    try {
      const creating = ms.createConference(name, { maxMembers });
      // fsmrf joins the control member without a time-out: bound it, and end a late room.
      const conference = await withTimeout(this.#clock, creating, this.#timeoutMs, 'create conference').catch(
        (err: unknown) => {
          creating.then((late) => late.destroy()).catch(() => {});
          throw err;
        },
      );
      this.#logger.info({ conference: name, maxMembers }, 'conference room created');
      return { conference };
    } catch (err) {
      if (err === 'conference exists') {
        await this.#resize(ms, name, maxMembers);
        return { conference: null };
      }
      throw err;
    }
  }
}
