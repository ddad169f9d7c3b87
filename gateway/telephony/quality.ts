/**
 * RTP counters from FreeSWITCH. We parse `uuid_dump` ourselves: fsmrf's getChannelVariables runs
 * every `variable_rtp_audio_*` value through parseInt, which turns a jitter of 12.5 into 12.
 */
import type { RtpCounters } from '../../bridge/model.js';

/** Parses the `Name: url-encoded value` lines of a `uuid_dump` body. */
export function parseChannelDump(body: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of body.split('\n')) {
    const at = line.indexOf(': ');
    if (at <= 0) continue;
    const raw = line.slice(at + 2).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // keep the raw text
    }
    vars.set(line.slice(0, at), value);
  }
  return vars;
}

/**
 * The inbound audio counters of a channel (totals since its RTP session began), where present.
 * FreeSWITCH's flaws are sequence gaps (lost packets); skips are what it dropped as unusable.
 * Its `mos` is left aside: it is computed over the whole call, which is what the core must not
 * judge on (bridge/quality-window.ts).
 */
export function rtpCounters(vars: ReadonlyMap<string, string>): RtpCounters | null {
  const num = (name: string): number | undefined => {
    const value = Number.parseFloat(vars.get(`variable_rtp_audio_in_${name}`) ?? '');
    return Number.isFinite(value) ? value : undefined;
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
