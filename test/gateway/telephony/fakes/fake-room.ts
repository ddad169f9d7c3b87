/**
 * One mod_conference room and the slice of its API the adapter uses, with FreeSWITCH 1.10's
 * reply texts: `mute|unmute <id>` → "+OK mute 3", `lock|unlock` → "+OK <name> locked",
 * `recording start <file>` → "+OK Record file <file>", `recording stop <file>|all` →
 * "+OK Stopped recording 1 file" or "-ERR non-existant recording '<file>'", `relate a[,b] c[,d]
 * nohear` → "+OK a->c nohear set" per pair; an unknown member → "-ERR Non-Existant ID 9".
 * A locked room refuses inbound channels unless `conference_enforce_security=false`; a full
 * room refuses everyone (no add-member either way). Muted members fire no start-talking.
 */
import type { FakeEndpoint } from './fake-endpoint.js';

export class FakeRoom {
  readonly uuid: string;
  maxMembers = 0;
  locked = false;
  readonly members = new Map<FakeEndpoint, number>();
  readonly muted = new Set<number>();
  readonly recordings = new Set<string>();
  /** "listener->speaker" pairs set to nohear. */
  readonly nohear = new Set<string>();
  readonly commands: string[] = [];
  #nextMember = 1;

  constructor(readonly name: string) {
    this.uuid = `conf-${name}`;
  }

  /** add-member, or null when FreeSWITCH refuses the join (full, or locked for this channel). */
  join(ep: FakeEndpoint): { memberId: number; confUuid: string } | null {
    if (this.maxMembers > 0 && this.members.size >= this.maxMembers) return null;
    if (this.locked && ep.vars.get('conference_enforce_security') !== 'false') return null;
    const memberId = this.#nextMember++;
    this.members.set(ep, memberId);
    return { memberId, confUuid: this.uuid };
  }

  memberId(ep: FakeEndpoint): number | undefined {
    return this.members.get(ep);
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
        else this.muted.delete(id);
        return `+OK ${verb} ${id}\n`;
      }
      case 'lock':
      case 'unlock':
        this.locked = verb === 'lock';
        return `+OK ${this.name} ${verb}ed\n`;
      case 'recording':
        return this.#recording(a, b);
      case 'relate':
        return this.#relate(a ?? '', b ?? '', c ?? '');
      default:
        return `-ERR unknown conference command ${verb ?? ''}\n`;
    }
  }

  #recording(action: string | undefined, file: string | undefined): string {
    if (!file) return '-ERR missing file\n';
    if (action === 'start') {
      this.recordings.add(file);
      return `+OK Record file ${file}\n`;
    }
    if (action !== 'stop') return '-ERR unsupported\n';
    const stopped = file === 'all' ? [...this.recordings] : this.recordings.has(file) ? [file] : [];
    if (stopped.length === 0) return `-ERR non-existant recording '${file}'\n`;
    for (const f of stopped) this.recordings.delete(f);
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
