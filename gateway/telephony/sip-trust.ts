/**
 * Who may ring the gateway at all (issue 9): an INVITE from an address outside
 * `telephony.sip.trustedSources` (the trunks' and the PBX's CIDRs) or from a well-known SIP
 * scanner is refused with a bare 403 before anything is answered — no media, no PIN prompt, no
 * headers that tell it what it reached. Empty trustedSources trusts nobody.
 */

/** User-Agent substrings of SIP scanners and toll-fraud tools (SIPVicious and its kin). */
const SCANNER_AGENTS =
  /friendly-scanner|sipvicious|sipcli|vaxsipuseragent|sip-scan|sipsak|sundayddr|iwar|smap|pplsip|sivus|nmap/i;

export function isScannerAgent(userAgent: string | undefined): boolean {
  return userAgent !== undefined && SCANNER_AGENTS.test(userAgent);
}

interface Cidr {
  network: number;
  mask: number;
}

function ipv4(address: string): number | null {
  // An IPv4-mapped IPv6 address (::ffff:192.0.2.1) as drachtio-server may report it.
  const parts = address.replace(/^::ffff:/i, '').split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value >>> 0;
}

function parseCidr(text: string): Cidr | null {
  const [address = '', bits = '32'] = text.split('/');
  const network = ipv4(address);
  const length = Number(bits);
  if (network === null || !Number.isInteger(length) || length < 0 || length > 32) return null;
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return { network: (network & mask) >>> 0, mask };
}

export class TrustedSources {
  readonly #cidrs: Cidr[];

  constructor(cidrs: readonly string[]) {
    this.#cidrs = cidrs.flatMap((c) => {
      const parsed = parseCidr(c);
      return parsed ? [parsed] : [];
    });
  }

  /** Whether a request from `address` may be answered at all (an unparsable address: no). */
  trusts(address: string | undefined): boolean {
    const value = address === undefined ? null : ipv4(address);
    if (value === null) return false;
    return this.#cidrs.some((c) => (value & c.mask) >>> 0 === c.network);
  }
}

/** Why an INVITE is refused before anything else happens, or null when it may proceed. */
export function untrusted(
  trusted: TrustedSources,
  request: { source_address: string; get(header: string): string | undefined },
): 'scanner' | 'untrusted-source' | null {
  if (isScannerAgent(request.get('User-Agent'))) return 'scanner';
  if (!trusted.trusts(request.source_address)) return 'untrusted-source';
  return null;
}
