/**
 * The carrier trunks (issue 9): `telephony.sip.trunks[]`, or the single `telephony.sip.trunk`
 * of older configurations as one trunk named "trunk". Which trunks a number may go through, in
 * which order, and the Request-URI for a number on a trunk.
 */
import type { TelephonyConfig, TrunkConfig } from '../../config/schema.js';

export interface Trunk {
  id: string;
  /** host[:port] as it appears in the Request-URI. */
  hostport: string;
  transport: 'udp' | 'tcp' | 'tls';
  /** Outbound proxy (drachtio-srf's `proxy` option). */
  proxy?: string;
  /** Digest credentials, answered to 401 and 407 by drachtio-srf (its `auth` option). */
  auth?: { username: string; password: string };
  callerId?: string;
  callsPerSecond?: number;
  maxCalls?: number;
  order: number;
  prefixes: readonly string[];
  keepAlive: { intervalMs: number; timeoutMs: number; failures: number };
  /** REGISTER with the operator; absent: the trunk does not register. */
  register?: TrunkRegistration;
}

export interface TrunkRegistration {
  /** host[:port] of the registrar (the trunk's own by default). */
  registrar: string;
  /** The address of record: `sip:username@trunk-host`. */
  aor: string;
  username: string;
  expiresS: number;
  timeoutMs: number;
  retryMinMs: number;
  retryMaxMs: number;
}

/** The trunk id the single-trunk form (`telephony.sip.trunk`) is known by. */
export const LEGACY_TRUNK_ID = 'trunk';

export function trunksFromConfig(sip: TelephonyConfig['sip']): Trunk[] {
  if (sip.trunks.length === 0) {
    if (!sip.trunk) return [];
    // Exactly as before issue 9: no keep-alive, no credentials, the URI host as written.
    return [
      {
        id: LEGACY_TRUNK_ID,
        hostport: sip.trunk.replace(/^sips?:/, ''),
        transport: 'udp',
        order: 0,
        prefixes: [],
        keepAlive: { intervalMs: 0, timeoutMs: 5_000, failures: 2 },
      },
    ];
  }
  const indexed = sip.trunks.map((t, index) => ({ t, index }));
  indexed.sort((a, b) => a.t.order - b.t.order || a.index - b.index);
  return indexed.map(({ t }) => ({
    id: t.id,
    hostport: `${t.host}:${t.port}`,
    transport: t.transport,
    ...(t.outboundProxy ? { proxy: t.outboundProxy } : {}),
    ...(t.username && t.password ? { auth: { username: t.username, password: t.password } } : {}),
    ...(t.callerId ? { callerId: t.callerId } : {}),
    ...(t.callsPerSecond ? { callsPerSecond: t.callsPerSecond } : {}),
    ...(t.maxCalls ? { maxCalls: t.maxCalls } : {}),
    order: t.order,
    prefixes: t.prefixes,
    keepAlive: {
      intervalMs: t.keepAliveIntervalMs,
      timeoutMs: t.keepAliveTimeoutMs,
      failures: t.keepAliveFailures,
    },
    ...(t.register && t.username ? { register: registrationOf(t, t.register, t.username) } : {}),
  }));
}

function registrationOf(
  t: TrunkConfig,
  register: NonNullable<TrunkConfig['register']>,
  username: string,
): TrunkRegistration {
  return {
    registrar: register.registrar ?? `${t.host}:${t.port}`,
    // The operator's domain is the trunk's host, wherever its registrar is.
    aor: `sip:${username}@${t.host}`,
    username,
    expiresS: register.expiresS,
    timeoutMs: register.timeoutMs,
    retryMinMs: register.retryMinMs,
    retryMaxMs: register.retryMaxMs,
  };
}

/** `;transport=tcp|tls` for the non-default transports (RFC 3261 §19.1.1). */
export function transportParam(trunk: Pick<Trunk, 'transport'>): string {
  return trunk.transport === 'udp' ? '' : `;transport=${trunk.transport}`;
}

/** The Request-URI for an E.164 number on a trunk: `sip:+4670...@host:port[;transport=…]`. */
export function trunkUri(number: string, trunk: Pick<Trunk, 'hostport' | 'transport'>): string {
  return `sip:${number}@${trunk.hostport}${transportParam(trunk)}`;
}

/** The registrar's Request-URI: `sip:registrar[;transport=…]`. */
export function registrarUri(trunk: Trunk, registration: TrunkRegistration): string {
  return `sip:${registration.registrar}${transportParam(trunk)}`;
}

/** The URI a trunk itself is addressed by (OPTIONS keep-alive). */
export function trunkHostUri(trunk: Pick<Trunk, 'hostport' | 'transport'>): string {
  return `sip:${trunk.hostport}${transportParam(trunk)}`;
}

/**
 * The trunks a number may go through, best first: the trunks whose prefix matches it (the
 * longest matching prefix wins; several trunks may share it), else every trunk without prefixes.
 */
export function trunksForNumber(number: string, trunks: readonly Trunk[]): Trunk[] {
  let best = 0;
  for (const t of trunks)
    for (const p of t.prefixes) if (number.startsWith(p)) best = Math.max(best, p.length);
  if (best > 0)
    return trunks.filter((t) => t.prefixes.some((p) => p.length === best && number.startsWith(p)));
  return trunks.filter((t) => t.prefixes.length === 0);
}
