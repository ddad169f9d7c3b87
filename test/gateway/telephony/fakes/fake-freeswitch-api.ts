/**
 * FreeSWITCH's API commands as the adapter sends them (over the inbound socket, or an endpoint's
 * outbound one: the same commands either way), with 1.10.12's reply texts from mod_commands.c
 * and mod_event_socket.c: `uuid_getvar` → the value or "_undef_"; `uuid_exists` → "true" /
 * "false"; `uuid_kill` → "+OK\n" and the channel hangs up; `json` → mod_commands' JSON API
 * (json_function: the request echoed with "status" and "response", or "-ERR Parse error.") of
 * which only `mediaStats` is modelled; an unknown channel → "-ERR No such channel!\n"; an
 * unknown command → "-ERR <name> Command not found!\n". Only what the adapter sends is modelled.
 */
import type { FakeEndpoint } from './fake-endpoint.js';

export interface ApiHost {
  channel(uuid: string): FakeEndpoint | undefined;
  conferenceApi(args: string): string;
  /** What `status` reports: sessions now, the switch.conf.xml limits and idle CPU (%). */
  load(): { sessions: number; maxSessions: number; sessionsPerSecondMax: number; idleCpuPct: number };
}

const NO_CHANNEL = '-ERR No such channel!\n';

/**
 * The inbound RTP statistics mediaStats reports unless the channel's own `rtp_audio_in_*`
 * variables say otherwise (how a test scripts a call's quality).
 */
const RTP_IN_STATS: Record<string, number> = {
  raw_bytes: 430_000,
  media_bytes: 400_000,
  packet_count: 2500,
  media_packet_count: 2500,
  skip_packet_count: 0,
  jitter_packet_count: 0,
  dtmf_packet_count: 0,
  cng_packet_count: 0,
  flush_packet_count: 0,
  largest_jb_size: 0,
  jitter_min_variance: 0.5,
  jitter_max_variance: 12.5,
  jitter_loss_rate: 0,
  jitter_burst_rate: 0,
  mean_interval: 20,
  flaw_total: 25,
  quality_percentage: 98.5,
  mos: 4.38,
};
const RTP_OUT_STATS = ['raw_bytes', 'media_bytes', 'packet_count', 'media_packet_count', 'skip_packet_count'];

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
    case 'json':
      return json(host, args);
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

/**
 * mod_commands json_function + switch_json_api_execute: the request object comes back with
 * "status" (and "message" on error) and "response", printed unformatted on one line.
 */
function json(host: ApiHost, args: string): string {
  if (!args) return '-ERR No JSON supplied.\n';
  let request: unknown;
  try {
    request = JSON.parse(args);
  } catch {
    return '-ERR Parse error.\n';
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return '-ERR Parse error.\n';
  const req = request as Record<string, unknown>;
  const data = req.data;
  const reply = (status: 'success' | 'error', response: unknown, message?: string) =>
    `${JSON.stringify({ ...req, status, ...(message ? { message } : {}), response })}\n`;
  if (req.command !== 'mediaStats' || data === undefined) {
    return reply('error', null, 'Invalid request or non-existant command');
  }
  const failed = (response: string) => reply('error', { response }, 'The command returned an error');
  const uuid = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).uuid : undefined;
  if (typeof uuid !== 'string' || uuid === '') return failed('INVALID INPUT');
  const ep = host.channel(uuid);
  if (!ep) return failed('Session does not exist');
  return reply('success', { audio: audioStats(ep.vars) });
}

/** jsonify_stats: every counter a number, inbound first, then outbound and RTCP. */
function audioStats(vars: ReadonlyMap<string, string>): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const [name, value] of Object.entries(RTP_IN_STATS)) {
    const own = Number.parseFloat(vars.get(`rtp_audio_in_${name}`) ?? '');
    stats[`in_${name}`] = Number.isFinite(own) ? own : value;
  }
  for (const name of RTP_OUT_STATS) stats[`out_${name}`] = 0;
  return {
    ...stats,
    out_dtmf_packet_count: 0,
    out_cng_packet_count: 0,
    rtcp_packet_count: 0,
    rtcp_octet_count: 0,
  };
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
