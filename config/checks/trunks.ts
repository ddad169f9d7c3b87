/**
 * Carrier trunks (issue 9): one form or the other, unique ids, credentials complete and the
 * password only from the environment (a trunk password in a file is a toll-fraud key).
 */
import type { Check } from './context.js';

export const trunkRules: Check = (ctx) => {
  const { sip } = ctx.config.telephony;
  if (sip.trunk !== undefined && sip.trunks.length > 0) {
    ctx.error(['telephony', 'sip', 'trunk'], 'give either "trunk" (one host:port) or "trunks", not both');
  }
  const { config } = ctx;
  const dialIn = config.conferences.some(
    (c) => c.hostPinHash !== undefined || c.participantPinHash !== undefined,
  );
  if (config.telephony.backend === 'drachtio' && dialIn && sip.trustedSources.length === 0) {
    ctx.warn(
      ['telephony', 'sip', 'trustedSources'],
      "empty: every dial-in is refused with 403; list the trunks' and the PBX's addresses (CIDRs)",
    );
  }
  const seen = new Set<string>();
  sip.trunks.forEach((trunk, i) => {
    const at = ['telephony', 'sip', 'trunks', i];
    if (seen.has(trunk.id)) ctx.error([...at, 'id'], `trunk id "${trunk.id}" is used twice`);
    seen.add(trunk.id);
    if ((trunk.username === undefined) !== (trunk.password === undefined)) {
      ctx.error(
        [...at, trunk.username === undefined ? 'password' : 'username'],
        'digest authentication needs both "username" and "password"',
      );
    }
    if (trunk.register && trunk.username === undefined && trunk.password === undefined) {
      ctx.error([...at, 'register'], 'registration needs the trunk\'s "username" and "password"');
    }
    if (trunk.register && trunk.register.retryMaxMs < trunk.register.retryMinMs) {
      ctx.error([...at, 'register', 'retryMaxMs'], 'must not be below "retryMinMs"');
    }
    if (trunk.password !== undefined && !ctx.isFromEnv([...at, 'password'])) {
      ctx.error([...at, 'password'], `expected \${env:NAME}, found a password written in the file`);
    }
  });
};
