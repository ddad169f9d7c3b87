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
 * - an answering trunk's 100 Trying stays in drachtio-server (seen on 0.9.10: the application
 *   never gets it); a ringing phone's 180 reaches cbProvisional after `postDialDelayMs`.
 * - as a registrar (REGISTER): challenged like any request; once through, 200 with our Contact
 *   and the expiry it grants in the Contact's `expires` (the asked one unless `grantS`), 423
 *   with Min-Expires when asked for less than `minExpiresS`, or `refuse`'s status.
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

export interface TrunkRegister {
  /** The expiry asked for (0: unregister). */
  expires: number;
  contact: string;
  callId: string | undefined;
  cseq: string | undefined;
}

export class FakeTrunk {
  state: TrunkState = 'up';
  /** Challenge every new request with this status (digest), when credentials are set. */
  challenge: 401 | 407 = 401;
  /** The credentials the trunk expects; none = it takes any request unauthenticated. */
  credentials: { username: string; password: string } | null = null;
  readonly invites: TrunkInvite[] = [];
  readonly options: { uri: string; answeredWith: TrunkInvite['answeredWith'] }[] = [];
  /** How long after the INVITE the 180 of a ringing phone comes back through this trunk. */
  postDialDelayMs = 20;
  /** The status an OPTIONS is answered with while the trunk is up. */
  optionsStatus = 200;

  /** The registrar's ways: what it grants, its Min-Expires, a status it refuses every REGISTER with. */
  registrar: { grantS: number | null; minExpiresS: number | null; refuse: number | null } = {
    grantS: null,
    minExpiresS: null,
    refuse: null,
  };
  /** Every REGISTER that got through the challenge (or needed none). */
  readonly registers: TrunkRegister[] = [];

  constructor(readonly hostport: string) {}

  /**
   * A REGISTER that passed the challenge: the status and headers of its final response, as the
   * registrar would answer it.
   */
  register(headers: Record<string, string>): { status: number; headers: Record<string, string> } {
    const header = (name: string) =>
      Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    const contact = header('Contact') ?? '';
    const asked = Number(/;expires=([0-9]+)/.exec(contact)?.[1] ?? header('Expires') ?? 3600);
    this.registers.push({ expires: asked, contact, callId: header('Call-ID'), cseq: header('CSeq') });
    if (this.registrar.refuse) return { status: this.registrar.refuse, headers: {} };
    const { minExpiresS, grantS } = this.registrar;
    if (asked > 0 && minExpiresS !== null && asked < minExpiresS)
      return { status: 423, headers: { 'Min-Expires': String(minExpiresS) } };
    if (asked === 0) return { status: 200, headers: {} };
    // drachtio-server has put its address in for "localhost".
    const bound = contact.replace(/@localhost/, '@127.0.0.1:5060').replace(/;expires=[0-9]+/, '');
    return { status: 200, headers: { Contact: `${bound};expires=${grantS ?? asked}` } };
  }

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
