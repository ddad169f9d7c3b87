/**
 * What a FreeSWITCH room holds after the gateway process that ran it died. FreeSWITCH keeps
 * every member when the gateway's event sockets close (mod_conference runs until the member
 * leaves), and drachtio-server keeps the callers' SIP dialogs. So a restarted gateway can take
 * the calls over — if it can tell whose each channel is. Every call the adapter connects is
 * therefore tagged with channel variables (`callTags`), and a re-attached room is surveyed:
 * `conference <room> json_list` for members and recordings, `uuid_getvar` for the tags.
 */
import type { Clock } from '../../bridge/ports.js';
import type { MediaServerLike } from './drachtio-types.js';
import { withTimeout } from './timing.js';

/** Channel variables naming a call; FreeSWITCH keeps them for the channel's lifetime. */
export const TAG = {
  conference: 'samband_conference',
  participant: 'samband_participant',
  radio: 'samband_radio',
  dialog: 'samband_dialog',
} as const;

export interface CallIdentity {
  conferenceId: string;
  /** null: a dial-in guest (no configured participant) or a radio leg. */
  participantId: string | null;
  radioId: string | null;
  /** drachtio-server's id of the far end's dialog (caller or called party). */
  dialogId: string;
}

export function callTags(call: CallIdentity): Record<string, string> {
  const tags: Record<string, string> = { [TAG.conference]: call.conferenceId, [TAG.dialog]: call.dialogId };
  if (call.participantId !== null) tags[TAG.participant] = call.participantId;
  if (call.radioId !== null) tags[TAG.radio] = call.radioId;
  return tags;
}

/** A member found in a re-attached room. */
export interface SurvivingMember {
  uuid: string;
  memberId: number;
  /** null: untagged — joined by something other than this adapter, or tagging never finished. */
  identity: CallIdentity | null;
}

export interface RoomSurvey {
  /** Files the room is being recorded to. */
  recordings: string[];
  /** Members other than fsmrf's hidden control member (the one that ends the room). */
  members: SurvivingMember[];
}

interface JsonListMember {
  type?: string;
  id?: number;
  uuid?: string;
  record_path?: string;
  flags?: { end_conference?: boolean };
}

interface JsonListConference {
  conference_name?: string;
  members?: JsonListMember[];
}

/**
 * Surveys `room` on `ms`. A room FreeSWITCH does not know yields null (it ended, or FreeSWITCH
 * restarted); a reply that is not mod_conference's JSON throws.
 */
export async function surveyRoom(
  ms: MediaServerLike,
  room: string,
  clock: Clock,
  timeoutMs: number,
): Promise<RoomSurvey | null> {
  const api = (command: string) =>
    withTimeout(clock, ms.api(command), timeoutMs, command.split(' ')[0] ?? '');
  const reply = (await api(`conference ${room} json_list`)).trim();
  if (/not found/i.test(reply) && !reply.startsWith('[')) return null;
  const conference = parseJsonList(reply, room);
  const recordings: string[] = [];
  const callers: { uuid: string; memberId: number }[] = [];
  for (const m of conference.members ?? []) {
    if (m.type === 'recording_node' && m.record_path) recordings.push(m.record_path);
    if (m.type !== 'caller' || !m.uuid || typeof m.id !== 'number' || m.flags?.end_conference) continue;
    callers.push({ uuid: m.uuid, memberId: m.id });
  }
  // Side by side: a room of 40 members is 160 variable reads.
  const members = await Promise.all(
    callers.map(async (c): Promise<SurvivingMember> => ({ ...c, identity: await identify(api, c.uuid) })),
  );
  return { recordings, members };
}

function parseJsonList(reply: string, room: string): JsonListConference {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply);
  } catch {
    throw new Error(`conference ${room} json_list: not JSON: ${reply.slice(0, 80)}`);
  }
  const list = Array.isArray(parsed) ? (parsed as JsonListConference[]) : [];
  const conference = list.find((c) => c.conference_name === room) ?? list[0];
  if (!conference) throw new Error(`conference ${room} json_list: no conference in the reply`);
  return conference;
}

async function identify(
  api: (command: string) => Promise<string>,
  uuid: string,
): Promise<CallIdentity | null> {
  const read = async (name: string): Promise<string | null> => {
    const value = (await api(`uuid_getvar ${uuid} ${name}`)).trim();
    return value === '' || value === '_undef_' || value.startsWith('-ERR') ? null : value;
  };
  const [conferenceId, dialogId, participantId, radioId] = await Promise.all(
    [TAG.conference, TAG.dialog, TAG.participant, TAG.radio].map(read),
  );
  if (!conferenceId || !dialogId) return null;
  return { conferenceId, dialogId, participantId: participantId ?? null, radioId: radioId ?? null };
}
