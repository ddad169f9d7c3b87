/**
 * FreeSWITCH's API commands as the adapter sends them (over the inbound socket, or an endpoint's
 * outbound one: the same commands either way), with 1.10.12's reply texts from mod_commands.c
 * and mod_event_socket.c: `uuid_getvar` → the value or "_undef_"; `uuid_exists` → "true" /
 * "false"; `uuid_kill` → "+OK\n" and the channel hangs up; `uuid_set_media_stats` → "+OK:\n";
 * `uuid_dump` → the channel's `Name: url-encoded value` lines; an unknown channel →
 * "-ERR No such channel!\n"; an unknown command → "-ERR <name> Command not found!\n".
 */
import type { FakeEndpoint } from './fake-endpoint.js';

export interface ApiHost {
  channel(uuid: string): FakeEndpoint | undefined;
  conferenceApi(args: string): string;
  /** What `status` reports: sessions now, the switch.conf.xml limits and idle CPU (%). */
  load(): { sessions: number; maxSessions: number; sessionsPerSecondMax: number; idleCpuPct: number };
}

const NO_CHANNEL = '-ERR No such channel!\n';

/** What uuid_dump shows of RTP statistics unless the channel's own variables say otherwise. */
const RTP_STATS: [string, string][] = [
  ['rtp_audio_in_mos', '4.38'],
  ['rtp_audio_in_packet_count', '2500'],
  ['rtp_audio_in_skip_packet_count', '0'],
  ['rtp_audio_in_flaw_total', '25'],
  ['rtp_audio_in_jitter_max_variance', '12.5'],
];

export function freeswitchApi(host: ApiHost, command: string): string {
  const line = command.trim();
  const space = line.indexOf(' ');
  const name = space < 0 ? line : line.slice(0, space);
  const args = space < 0 ? '' : line.slice(space + 1).trim();
  switch (name) {
    case 'status':
      return status(host);
    case 'conference':
      return host.conferenceApi(args);
    case 'uuid_exists':
      return host.channel(args) ? 'true' : 'false';
    case 'uuid_getvar':
      return getvar(host, args);
    case 'uuid_kill':
      return kill(host, args);
    case 'uuid_dump':
      return dump(host, args);
    case 'uuid_set_media_stats':
      if (!args) return '-USAGE: <uuid>\n';
      return host.channel(args) ? '+OK:\n' : `-ERR No such channel ${args}!\n`;
    default:
      return `-ERR ${name} Command not found!\n`;
  }
}

function getvar(host: ApiHost, args: string): string {
  const [uuid, variable] = args.split(' ');
  if (!uuid || variable === undefined) return '-USAGE: <uuid> <var>\n';
  const ep = host.channel(uuid);
  if (!ep) return NO_CHANNEL;
  if (!variable) return '-ERR No variable name specified!\n';
  return ep.vars.get(variable) ?? '_undef_';
}

/** switch_ivr_kill_uuid: hangs the channel up with the cause given (NORMAL_CLEARING if none). */
function kill(host: ApiHost, args: string): string {
  if (!args) return '-USAGE: <uuid> [cause]\n';
  const space = args.indexOf(' ');
  const uuid = space < 0 ? args : args.slice(0, space);
  const cause = space < 0 ? '' : args.slice(space + 1).trim();
  const ep = host.channel(uuid);
  if (!ep) return NO_CHANNEL;
  ep.serverHangup(cause ? cause.toUpperCase() : 'NORMAL_CLEARING');
  return '+OK\n';
}

/** switch_event_serialize of the channel's CHANNEL_DATA: one `Name: url-encoded value` a line. */
function dump(host: ApiHost, args: string): string {
  const uuid = args.split(' ')[0] ?? '';
  const ep = uuid ? host.channel(uuid) : undefined;
  if (!ep) return uuid ? NO_CHANNEL : '-USAGE: <uuid> [format]\n';
  const vars = new Map([...RTP_STATS, ...ep.vars]);
  const lines = ['Event-Name: CHANNEL_DATA', `Unique-ID: ${ep.uuid}`];
  for (const [k, v] of vars) lines.push(`variable_${k}: ${encodeURIComponent(v)}`);
  return `${lines.join('\n')}\n`;
}

/** mod_commands status_function, 1.10.12's lines (the session counts and `min idle cpu`). */
function status(host: ApiHost): string {
  const { sessions, maxSessions, sessionsPerSecondMax, idleCpuPct } = host.load();
  return [
    'UP 0 years, 0 days, 1 hour, 0 minutes, 0 seconds, 0 milliseconds, 0 microseconds',
    'FreeSWITCH (Version 1.10.12 -release 64bit) is ready',
    `${sessions} session(s) since startup`,
    `${sessions} session(s) - peak ${sessions}, last 5min ${sessions} `,
    `0 session(s) per Sec out of max ${sessionsPerSecondMax}, peak 1, last 5min 1 `,
    `${maxSessions} session(s) max`,
    `min idle cpu 0.00/${idleCpuPct.toFixed(2)}`,
    'Current Stack Size/Max 240K/8192K',
    '',
  ].join('\n');
}
