/**
 * One mod_conference room and the slice of its API the adapter uses, with FreeSWITCH 1.10's
 * reply texts: `mute|unmute <id>` → "+OK mute 3", `lock|unlock` → "+OK <name> locked",
 * `recording start <file>` → "+OK Record file <file>", `recording stop <file>|all` →
 * "+OK Stopped recording 1 file" or "-ERR non-existant recording '<file>'", `relate a[,b] c[,d]
 * nohear` → "+OK a->c nohear set" per pair; an unknown member → "-ERR Non-Existant ID 9";
 * `json_list` → conference_jlist's JSON (mod_conference.c). Member ids come from FreeSWITCH's
 * global pool (next_member_id), which recording nodes draw from too.
 * A locked room refuses inbound channels unless `conference_enforce_security=false`; a full
 * room refuses everyone (no add-member either way). Muted members fire no start-talking.
 */
import type { JoinOptions } from '../../../../gateway/telephony/drachtio-types.js';
import type { FakeEndpoint } from './fake-endpoint.js';

/** What a room needs from its FreeSWITCH. */
export interface RoomHost {
  nextMemberId(): number;
  now(): number;
}

type Flags = NonNullable<JoinOptions['flags']>;

export class FakeRoom {
  readonly uuid: string;
  maxMembers = 0;
  locked = false;
  readonly members = new Map<FakeEndpoint, number>();
  /** Members muted by `conference <room> mute`. */
  readonly muted = new Set<number>();
  /** Members whose voice is over the energy threshold (start-talking without stop-talking). */
  readonly talking = new Set<number>();
  readonly recordings = new Set<string>();
  /** "listener->speaker" pairs set to nohear. */
  readonly nohear = new Set<string>();
  readonly commands: string[] = [];
  /** Members that joined with the `mute` flag and were not unmuted since. */
  readonly #joinedMuted = new Set<number>();
  readonly #recordingIds = new Map<string, number>();
  readonly #joinedAt = new Map<number, number>();
  readonly #host: RoomHost;
  readonly #createdAt: number;

  constructor(
    readonly name: string,
    host: RoomHost,
  ) {
    this.uuid = `conf-${name}`;
    this.#host = host;
    this.#createdAt = host.now();
  }

  /** add-member, or null when FreeSWITCH refuses the join (full, or locked for this channel). */
  join(ep: FakeEndpoint, flags: Flags = {}): { memberId: number; confUuid: string } | null {
    if (this.maxMembers > 0 && this.members.size >= this.maxMembers) return null;
    if (this.locked && ep.vars.get('conference_enforce_security') !== 'false') return null;
    const memberId = this.#host.nextMemberId();
    this.members.set(ep, memberId);
    this.#joinedAt.set(memberId, this.#host.now());
    if (flags.mute) this.#joinedMuted.add(memberId);
    return { memberId, confUuid: this.uuid };
  }

  memberId(ep: FakeEndpoint): number | undefined {
    return this.members.get(ep);
  }

  /** MFLAG_CAN_SPEAK: cleared by the `mute` join flag or `conference mute`, set by unmute. */
  canSpeak(memberId: number): boolean {
    return !this.muted.has(memberId) && !this.#joinedMuted.has(memberId);
  }

  /** `conference <name> <rest...>`: `words` are the tokens after the name. */
  api(words: string[]): string {
    this.commands.push(words.join(' '));
    const [verb, a, b, c] = words;
    switch (verb) {
      case 'mute':
      case 'unmute': {
        const id = Number(a);
        if (![...this.members.values()].includes(id)) return `-ERR Non-Existant ID ${a}\n`;
        if (verb === 'mute') this.muted.add(id);
        else {
          this.muted.delete(id);
          this.#joinedMuted.delete(id);
        }
        return `+OK ${verb} ${id}\n`;
      }
      case 'hup':
        return this.#hup(a);
      case 'lock':
      case 'unlock':
        this.locked = verb === 'lock';
        return `+OK ${this.name} ${verb}ed\n`;
      case 'recording':
        return this.#recording(a, b);
      case 'relate':
        return this.#relate(a ?? '', b ?? '', c ?? '');
      case 'set': {
        // conference_api_sub_set: replies with the previous value.
        if (a !== 'max_members' || b === undefined || !(Number(b) >= 0)) return '-ERR Usage\n';
        const previous = this.maxMembers ?? 0;
        this.maxMembers = Number(b);
        return String(previous);
      }
      case 'json_list': {
        const list = [this.jsonList()];
        return a === 'compact' ? JSON.stringify(list) : JSON.stringify(list, null, '\t');
      }
      default:
        return `-ERR Conference command '${verb ?? ''}' not found.\n`;
    }
  }

  /** The room as conference_jlist describes it; members newest first (the list is prepended). */
  jsonList(): Record<string, unknown> {
    const secondsSince = (ms: number) => Math.floor((this.#host.now() - ms) / 1000);
    const callers = [...this.members].map(([ep, id]) => ({
      id,
      json: this.#callerJson(ep, id, secondsSince),
    }));
    const recordings = [...this.recordings].map((file) => ({
      id: this.#recordingIds.get(file) ?? 0,
      json: { type: 'recording_node', record_path: file, join_time: 0 },
    }));
    const members = [...callers, ...recordings].sort((x, y) => y.id - x.id).map((m) => m.json);
    return {
      conference_name: this.name,
      member_count: this.members.size,
      ghost_count: 0,
      rate: 8000,
      run_time: secondsSince(this.#createdAt),
      conference_uuid: this.uuid,
      canvas_count: 0,
      max_bw_in: 0,
      force_bw_in: 0,
      video_floor_packets: 0,
      locked: this.locked,
      destruct: false,
      wait_mod: false,
      audio_always: false,
      running: true,
      answered: true,
      enforce_min: false,
      bridge_to: false,
      dynamic: true,
      exit_sound: true,
      enter_sound: true,
      recording: this.recordings.size > 0,
      video_bridge: false,
      video_floor_only: false,
      video_rfc4579: false,
      ...(this.maxMembers > 0 ? { max_members: this.maxMembers } : {}),
      variables: {},
      members,
    };
  }

  #callerJson(ep: FakeEndpoint, id: number, secondsSince: (ms: number) => number): Record<string, unknown> {
    const flags = ep.flags ?? {};
    return {
      type: 'caller',
      id,
      flags: {
        can_hear: !flags.deaf,
        can_see: true,
        can_speak: this.canSpeak(id),
        hold: false,
        mute_detect: false,
        talking: this.talking.has(id),
        has_video: false,
        video_bridge: false,
        has_floor: false,
        is_moderator: flags.moderator === true,
        end_conference: flags.endconf === true,
        mandatory_member_end_conference: false,
        pass_digits: false,
      },
      uuid: ep.uuid,
      caller_id_name: ep.callerId.name,
      caller_id_number: ep.callerId.number,
      join_time: secondsSince(this.#joinedAt.get(id) ?? this.#host.now()),
      last_talking: 0,
      energy: 100,
      volume_in: 0,
      volume_out: 0,
      'output-volume': 0,
      'input-volume': 0,
    };
  }

  /**
   * `hup all|<id>`: the member leaves the room (MFLAG_RUNNING cleared); a channel that nothing
   * controls any more then ends its dialplan and hangs up — the fake hangs it up at once. The
   * control member carries endconf, so `hup all` ends the room.
   */
  #hup(target: string | undefined): string {
    const chosen = [...this.members].filter(([, id]) => target === 'all' || String(id) === target);
    if (chosen.length === 0) return '-ERR Invalid member!\n';
    let out = '';
    for (const [ep, id] of chosen) {
      ep.serverHangup('NORMAL_CLEARING');
      out += `+OK hup ${id}\n`;
    }
    return out;
  }

  #recording(action: string | undefined, file: string | undefined): string {
    if (!file) return '-ERR missing file\n';
    if (action === 'start') {
      this.recordings.add(file);
      this.#recordingIds.set(file, this.#host.nextMemberId());
      return `+OK Record file ${file}\n`;
    }
    if (action !== 'stop') return '-ERR unsupported\n';
    const stopped = file === 'all' ? [...this.recordings] : this.recordings.has(file) ? [file] : [];
    if (stopped.length === 0) return `-ERR non-existant recording '${file}'\n`;
    for (const f of stopped) {
      this.recordings.delete(f);
      this.#recordingIds.delete(f);
    }
    return `+OK Stopped recording ${stopped.length} file${stopped.length === 1 ? '' : 's'}\n`;
  }

  #relate(listeners: string, speakers: string, how: string): string {
    if (how !== 'nohear') return '-ERR unsupported relation\n';
    const ids = new Set(this.members.values());
    let out = '';
    for (const l of listeners.split(',').map(Number)) {
      for (const s of speakers.split(',').map(Number)) {
        if (!ids.has(l) || !ids.has(s)) {
          out += `-ERR relationship ${l}->${s} not found.\n`;
          continue;
        }
        this.nohear.add(`${l}->${s}`);
        out += `+OK ${l}->${s} nohear set\n`;
      }
    }
    return out;
  }
}
