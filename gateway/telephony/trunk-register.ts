/**
 * REGISTER with the operator (issue 9), per trunk with a `register` block, through
 * drachtio-server: drachtio-srf answers the registrar's 401/407 once with the trunk's
 * credentials (lib/digest-client.js, same Call-ID, CSeq + 1); a second challenge is the final
 * response, i.e. wrong credentials. One Call-ID per trunk for the life of the process and a
 * rising CSeq (RFC 3261 §10.2.4), so the registrar sees refreshes of one binding.
 *
 * - The expiry the registrar grants (our Contact's `expires`, else the Expires header) rules;
 *   the binding is refreshed REFRESH_MARGIN_MS before it ends, or at half its life if short.
 * - 423 Interval Too Brief: asked again at once with its Min-Expires.
 * - A failed REGISTER is retried after a bounded exponential back-off. The verdict is 'failed'
 *   when no binding is in force (never registered, or the last one has expired) or when the
 *   registrar refuses us (401/407 to our credentials, 403, 404): those will not heal by waiting.
 *   A refresh lost to a time-out or a 5xx keeps 'registered' until the granted expiry ends.
 * - Nothing is sent while drachtio-server's control link is down (it is the gateway, not the
 *   trunk, that is away); the binding's expiry still runs.
 * - `unregister()` (clean shutdown) sends Expires: 0 for every binding in force.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, Logger, TimerHandle } from '../../bridge/ports.js';
import type { TrunkRegistration as RegistrationState } from '../../bridge/trunk-status.js';
import { Backoff } from './backoff.js';
import type { SipResponseLike, SrfLike } from './drachtio-types.js';
import { describe } from './link-supervisor.js';
import { registrarUri, type Trunk, type TrunkRegistration, transportParam } from './trunks.js';

/** Refresh this long before the granted expiry (room for Timer F's retransmissions, 32 s). */
export const REFRESH_MARGIN_MS = 60_000;
/** While the control link is down, how often to look whether registering can start. */
const LINK_WAIT_MS = 1_000;
/** Statuses that say the registrar will not have us; waiting does not help. */
const REFUSED = new Set([401, 403, 404, 407]);

export interface RegistrationVerdict {
  trunkId: string;
  registration: Exclude<RegistrationState, 'none'>;
  reason: string;
}

export interface TrunkRegistrarOptions {
  trunks: readonly Trunk[];
  srf: SrfLike;
  clock: Clock;
  logger: Logger;
  /** Whether drachtio-server's control link is up now. */
  linkUp(): boolean;
  onVerdict(verdict: RegistrationVerdict): void;
}

type Outcome =
  | { kind: 'response'; res: SipResponseLike }
  | { kind: 'timeout' }
  | { kind: 'unsent'; error: string };

/** One trunk's registration. */
class Registration {
  readonly #callId = `${randomUUID()}@samband`;
  #cseq = 1;
  #expiresS: number;
  /** When the binding the registrar last granted ends (ms, clock time); 0: none in force. */
  #boundUntil = 0;
  #timer: TimerHandle | null = null;
  #expiry: TimerHandle | null = null;
  #state: RegistrationVerdict['registration'] = 'registering';
  readonly #backoff: Backoff;
  #closed = false;

  constructor(
    readonly trunk: Trunk,
    readonly reg: TrunkRegistration,
    readonly o: TrunkRegistrarOptions,
  ) {
    this.#expiresS = reg.expiresS;
    this.#backoff = new Backoff(reg.retryMinMs, reg.retryMaxMs);
  }

  start(): void {
    this.#schedule(0);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) this.o.clock.clearTimeout(this.#timer);
    if (this.#expiry) this.o.clock.clearTimeout(this.#expiry);
  }

  get bound(): boolean {
    return this.#boundUntil > this.o.clock.now();
  }

  /** Expires: 0 for our binding; resolves with the registrar's status or why there is none. */
  async unregister(): Promise<string> {
    if (!this.bound || !this.o.linkUp()) return 'not registered';
    this.#boundUntil = 0;
    const outcome = await this.#send(0);
    return outcome.kind === 'response' ? `unregister-${outcome.res.status}` : outcome.kind;
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    if (this.#timer) this.o.clock.clearTimeout(this.#timer);
    this.#timer = this.o.clock.setTimeout(() => {
      this.#timer = null;
      void this.#attempt();
    }, ms);
  }

  async #attempt(): Promise<void> {
    if (this.#closed) return;
    if (!this.o.linkUp()) {
      this.#schedule(LINK_WAIT_MS);
      return;
    }
    const outcome = await this.#send(this.#expiresS);
    if (this.#closed) return;
    if (outcome.kind === 'response' && outcome.res.status >= 200 && outcome.res.status < 300) {
      this.#registered(outcome.res);
      return;
    }
    if (outcome.kind === 'response' && outcome.res.status === 423) {
      const min = Number(outcome.res.get('Min-Expires'));
      if (Number.isInteger(min) && min > this.#expiresS && min <= 86_400) {
        this.o.logger.info({ trunk: this.trunk.id, minExpires: min }, 'registrar wants a longer expiry');
        this.#expiresS = min;
        this.#schedule(0);
        return;
      }
    }
    const reason =
      outcome.kind === 'response'
        ? `register-${outcome.res.status}`
        : outcome.kind === 'timeout'
          ? 'register-timeout'
          : `register unsent: ${outcome.error}`;
    this.#failed(reason, outcome.kind === 'response' && REFUSED.has(outcome.res.status));
  }

  #registered(res: SipResponseLike): void {
    const grantedS = grantedExpires(res, this.reg.username) ?? this.#expiresS;
    if (grantedS <= 0) {
      this.#failed('register granted no expiry', false);
      return;
    }
    const grantedMs = grantedS * 1000;
    this.#backoff.reset();
    this.#boundUntil = this.o.clock.now() + grantedMs;
    if (this.#expiry) this.o.clock.clearTimeout(this.#expiry);
    this.#expiry = this.o.clock.setTimeout(() => this.#expired(), grantedMs);
    this.#schedule(grantedMs - Math.min(grantedMs / 2, REFRESH_MARGIN_MS));
    this.o.logger.info({ trunk: this.trunk.id, expiresS: grantedS }, 'trunk registered');
    this.#tell('registered', `registered for ${grantedS} s`);
  }

  #failed(reason: string, refused: boolean): void {
    const retryMs = this.#backoff.next();
    this.o.logger.warn({ trunk: this.trunk.id, reason, retryMs }, 'trunk registration failed');
    this.#schedule(retryMs);
    if (refused) this.#boundUntil = 0;
    if (this.bound) return; // the last binding still holds; its expiry decides
    this.#tell('failed', reason);
  }

  #expired(): void {
    this.#expiry = null;
    if (this.#closed || this.bound) return;
    this.#boundUntil = 0;
    if (this.#state === 'registered') this.#tell('failed', 'registration expired');
  }

  #tell(registration: RegistrationVerdict['registration'], reason: string): void {
    this.#state = registration;
    this.o.onVerdict({ trunkId: this.trunk.id, registration, reason });
  }

  /** One REGISTER (with its digest retry inside the library) and its final outcome. */
  #send(expiresS: number): Promise<Outcome> {
    const { srf, clock } = this.o;
    const cseq = this.#cseq;
    // The library's challenge answer takes CSeq + 1; the next request goes above both.
    this.#cseq += 2;
    return new Promise((resolve) => {
      let done = false;
      const finish = (outcome: Outcome): void => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        resolve(outcome);
      };
      const timer = clock.setTimeout(() => finish({ kind: 'timeout' }), this.reg.timeoutMs);
      srf
        .request(registrarUri(this.trunk, this.reg), {
          method: 'REGISTER',
          headers: {
            From: `<${this.reg.aor}>`,
            To: `<${this.reg.aor}>`,
            'Call-ID': this.#callId,
            CSeq: `${cseq} REGISTER`,
            // drachtio-server puts its own address in for "localhost".
            Contact: `<sip:${this.reg.username}@localhost${transportParam(this.trunk)}>;expires=${expiresS}`,
            Expires: String(expiresS),
          },
          ...(this.trunk.proxy ? { proxy: this.trunk.proxy } : {}),
          ...(this.trunk.auth ? { auth: { ...this.trunk.auth } } : {}),
        })
        .then((sent) =>
          sent.on('response', (res) => {
            if (res.status >= 200) finish({ kind: 'response', res });
          }),
        )
        .catch((err: unknown) => finish({ kind: 'unsent', error: describe(err) }));
    });
  }
}

/**
 * The expiry the registrar granted our binding: the `expires` of the Contact whose user is ours
 * (the shortest, if it lists several of them), else the Expires header; undefined if neither.
 */
export function grantedExpires(res: Pick<SipResponseLike, 'get'>, username: string): number | undefined {
  const contacts = splitContacts(res.get('Contact') ?? '');
  const ours = contacts
    .filter((c) => new RegExp(`^<?sips?:${escapeRegExp(username)}@`, 'i').test(c))
    .map((c) => /;\s*expires\s*=\s*([0-9]+)/i.exec(c.replace(/^<[^>]*>/, ''))?.[1])
    .filter((e): e is string => e !== undefined)
    .map(Number);
  if (ours.length > 0) return Math.min(...ours);
  const header = res.get('Expires');
  if (header !== undefined && /^\s*[0-9]+\s*$/.test(header)) return Number(header);
  return undefined;
}

/** Contact values split at commas outside <…> and quotes. */
function splitContacts(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') depth++;
    else if (!quoted && c === '>') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  // A display name before the URI ("Name" <sip:…>) is not part of the match.
  return out.filter((c) => c.length > 0).map((c) => c.replace(/^[^<]*(?=<)/, ''));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every registering trunk's registration. */
export class TrunkRegistrar {
  readonly #registrations: Registration[];

  constructor(options: TrunkRegistrarOptions) {
    this.#registrations = options.trunks.flatMap((trunk) =>
      trunk.register ? [new Registration(trunk, trunk.register, options)] : [],
    );
  }

  start(): void {
    for (const r of this.#registrations) r.start();
  }

  /** Stops refreshing; bindings stay with the registrar until they expire (keep-calls). */
  close(): void {
    for (const r of this.#registrations) r.close();
  }

  /** Stops refreshing and removes every binding in force (Expires: 0); best effort. */
  async unregister(logger: Logger): Promise<void> {
    this.close();
    await Promise.all(
      this.#registrations.map(async (r) => {
        const result = await r.unregister();
        logger.info({ trunk: r.trunk.id, result }, 'trunk unregistered');
      }),
    );
  }
}
