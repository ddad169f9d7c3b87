/**
 * RTP counters from FreeSWITCH, one API round trip a sample: mod_commands' JSON API
 * `json {"command":"mediaStats","data":{"uuid":…}}` (1.10.12, json_stats_function) updates the
 * channel's statistics and answers with them as numbers — about 1 kB. It replaced
 * `uuid_set_media_stats` + `uuid_dump`: two round trips and a dump of every channel variable
 * (about 8 kB, URL-encoded) that the ESL library, fsmrf's debug line and our own parser each
 * went through, for 100 calls every few seconds.
 */
import type { RtpCounters } from '../../bridge/model.js';

/** The API command and its argument that read a channel's media statistics. */
export function mediaStatsCommand(uuid: string): { command: 'json'; args: string } {
  return { command: 'json', args: JSON.stringify({ command: 'mediaStats', data: { uuid } }) };
}

/** What a mediaStats reply says: the counters (null: no audio RTP session yet), or the channel is gone. */
export type MediaStats = { gone: false; counters: RtpCounters | null } | { gone: true };

/** The reply was not one of mediaStats' answers: an -ERR line or text that is not its JSON. */
export class MediaStatsReplyError extends Error {
  constructor(reason: string, reply: string) {
    super(`mediaStats: ${reason}: ${JSON.stringify(reply.slice(0, 200))}`);
    this.name = 'MediaStatsReplyError';
  }
}

/**
 * Reads a mediaStats reply. Success: `{…,"status":"success","response":{"audio":{…}}}`; a channel
 * that no longer exists: `"status":"error"` with `"response":{"response":"Session does not exist"}`.
 * Anything else (`-ERR Parse error.`, `INVALID INPUT`, `-ERR json Command not found!`) throws.
 */
export function readMediaStats(reply: string): MediaStats {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply);
  } catch {
    throw new MediaStatsReplyError('not a JSON reply', reply);
  }
  if (!isObject(parsed)) throw new MediaStatsReplyError('not a JSON object', reply);
  const response = parsed.response;
  if (parsed.status === 'error') {
    if (isObject(response) && response.response === 'Session does not exist') return { gone: true };
    throw new MediaStatsReplyError('refused', reply);
  }
  if (parsed.status !== 'success' || !isObject(response)) {
    throw new MediaStatsReplyError('no status and response', reply);
  }
  const audio = response.audio;
  return { gone: false, counters: isObject(audio) ? rtpCounters(audio) : null };
}

/**
 * The inbound audio counters (totals since the channel's RTP session began), where present.
 * FreeSWITCH's flaws are sequence gaps (lost packets); skips are what it dropped as unusable.
 * Its `in_mos` is left aside: it is computed over the whole call, which is what the core must not
 * judge on (bridge/quality-window.ts).
 */
export function rtpCounters(audio: Readonly<Record<string, unknown>>): RtpCounters | null {
  const num = (name: string): number | undefined => {
    const value = audio[`in_${name}`];
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  };
  const packets = num('packet_count');
  if (packets === undefined || packets < 0) return null;
  const lost = Math.max(num('flaw_total') ?? 0, num('skip_packet_count') ?? 0, 0);
  const counters: RtpCounters = { packets, lost };
  // switch_rtp.c check_jitter: the variance of packet inter-arrival times in ms² (a running
  // average since the call began), and its largest value so far. Its square root is the jitter
  // in ms; read as ms it overstated 8 ms of jitter as 64 ms and failed clean calls over.
  const variance = num('jitter_max_variance');
  if (variance !== undefined && variance >= 0)
    counters.jitterPeakMs = Math.round(Math.sqrt(variance) * 10) / 10;
  return counters;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
