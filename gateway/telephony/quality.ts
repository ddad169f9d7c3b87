/**
 * RTP figures from FreeSWITCH. We parse `uuid_dump` ourselves: fsmrf's getChannelVariables runs
 * every `variable_rtp_audio_*` value through parseInt, which turns a MOS of 4.38 into 4.
 */
import type { PhoneMetrics } from '../../bridge/model.js';

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

/** MOS, jitter (ms) and packet loss (%) from the inbound audio statistics, where present. */
export function phoneMetrics(vars: ReadonlyMap<string, string>): PhoneMetrics | null {
  const num = (name: string): number | undefined => {
    const value = Number.parseFloat(vars.get(`variable_rtp_audio_in_${name}`) ?? '');
    return Number.isFinite(value) ? value : undefined;
  };
  const packets = num('packet_count');
  if (packets === undefined || packets <= 0) return null;
  const metrics: PhoneMetrics = {};
  const mos = num('mos');
  if (mos !== undefined && mos > 0) metrics.mos = round(mos, 2);
  const jitter = num('jitter_max_variance');
  if (jitter !== undefined) metrics.jitterMs = round(jitter, 1);
  // Flaws are FreeSWITCH's count of sequence gaps (lost packets); skips are what it dropped.
  const lost = Math.max(num('flaw_total') ?? 0, num('skip_packet_count') ?? 0);
  const lossPct = (lost / (packets + lost)) * 100;
  metrics.lossPct = round(Math.min(100, Math.max(0, lossPct)), 2);
  return metrics;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
