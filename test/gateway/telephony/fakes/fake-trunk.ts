/**
 * A carrier trunk (or an SBC/PBX in front of one) as drachtio-srf 5.0 sees it through
 * drachtio-server. What is faithful:
 * - a trunk that challenges answers 401 (WWW-Authenticate) or 407 (Proxy-Authenticate); with
 *   `auth` the library answers the challenge once (lib/digest-client.js, Authorization or
 *   Proxy-Authorization) and a second challenge — wrong credentials — is the final response
 *   (drachtio-agent.js pendingSipAuthRequests), so createUAC rejects with that 401/407; without
 *   `auth` the challenge itself is the final response;
 * - `unavailable` answers 503; `silent` answers nothing, so drachtio-server retransmits and
 *   times out with 408 after Timer B (64*T1 = 32 s); `unreachable` (DNS, TCP/TLS connect) makes
 *   drachtio-server refuse to send: the library calls cbRequest(err) and rejects with a plain
 *   Error, not a SipError;
 * - an answering trunk sends 100 Trying at once (the library hands provisionals to cbProvisional).
 */

export type TrunkState = 'up' | 'unavailable' | 'silent' | 'unreachable';

/** drachtio-server's Timer B for an unanswered INVITE over UDP (RFC 3261 §17.1.1.2). */
export const TIMER_B_MS = 32_000;

export interface TrunkInvite {
  uri: string;
  /** The header the library answered the challenge with, if it did. */
  answeredWith: 'Authorization' | 'Proxy-Authorization' | null;
  proxy: string | undefined;
  callingNumber: string | undefined;
}

export class FakeTrunk {
  state: TrunkState = 'up';
  /** Challenge every new request with this status (digest), when credentials are set. */
  challenge: 401 | 407 = 401;
  /** The credentials the trunk expects; none = it takes any request unauthenticated. */
  credentials: { username: string; password: string } | null = null;
  readonly invites: TrunkInvite[] = [];
  readonly options: { uri: string; answeredWith: TrunkInvite['answeredWith'] }[] = [];
  /** The status an OPTIONS is answered with while the trunk is up. */
  optionsStatus = 200;

  constructor(readonly hostport: string) {}

  /**
   * What a request (INVITE or OPTIONS) meets: 'pass' (the trunk takes it), a SIP status (the
   * final response), 'silent' or 'unreachable'. `auth` is drachtio-srf's `auth` option.
   */
  meet(auth: { username: string; password: string } | undefined): {
    verdict: 'pass' | 'silent' | 'unreachable' | number;
    answeredWith: TrunkInvite['answeredWith'];
  } {
    if (this.state === 'unreachable') return { verdict: 'unreachable', answeredWith: null };
    if (this.state === 'silent') return { verdict: 'silent', answeredWith: null };
    if (this.state === 'unavailable') return { verdict: 503, answeredWith: null };
    if (!this.credentials) return { verdict: 'pass', answeredWith: null };
    if (!auth) return { verdict: this.challenge, answeredWith: null };
    const answeredWith = this.challenge === 407 ? 'Proxy-Authorization' : 'Authorization';
    const right = auth.username === this.credentials.username && auth.password === this.credentials.password;
    return { verdict: right ? 'pass' : this.challenge, answeredWith };
  }
}

/** host:port of a Request-URI (`sip:user@host:port;params` or `sip:host:port`), port 5060 if none. */
export function hostportOf(uri: string): string {
  const rest = uri.replace(/^sips?:/, '').replace(/^[^@]*@/, '');
  const hostport = rest.split(';')[0] ?? rest;
  return hostport.includes(':') ? hostport : `${hostport}:5060`;
}
