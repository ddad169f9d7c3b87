/**
 * Everything that identifies something must identify exactly one thing: ids, usernames, token
 * names, phone numbers and ISSIs. A shared number or ISSI would send one organisation's call or
 * radio traffic to another, and the path-selection core keys everything by id.
 */
import { type FieldPath, formatField } from '../problem.js';
import type { Check, CheckContext } from './context.js';

interface Entry {
  readonly key: string;
  readonly path: FieldPath;
}

export const uniqueNames: Check = (ctx) => {
  const { config } = ctx;
  unique(ctx, 'participant id', fieldOf(config.participants, ['participants'], 'id'));
  unique(ctx, 'conference id', fieldOf(config.conferences, ['conferences'], 'id'));
  unique(ctx, 'radio id', fieldOf(config.radios, ['radios'], 'id'));
  unique(ctx, 'MQTT username', fieldOf(config.mqtt.users, ['mqtt', 'users'], 'username'));
  unique(ctx, 'OPC UA username', fieldOf(config.opcua.users, ['opcua', 'users'], 'username'));
  unique(ctx, 'token name', fieldOf(config.http.tokens, ['http', 'tokens'], 'name'));
  unique(ctx, 'schedule id', fieldOf(config.sambandstest.schedules, ['sambandstest', 'schedules'], 'id'));
  // Two adapters cannot open one serial port ("Cannot lock port"): say so before start-up.
  unique(ctx, 'radio port', fieldOf(config.radios, ['radios'], 'port'));
};

export const uniqueAddresses: Check = (ctx) => {
  const phones: Entry[] = [];
  const issis: Entry[] = [];
  // Gateway terminals first, so a clash is reported on the participant: the gateway's ISSI is
  // its own, and a participant with it would seem to speak whenever the gateway keys up.
  ctx.config.radios.forEach((r, i) => {
    issis.push({ key: r.issi, path: ['radios', i, 'issi'] });
  });
  ctx.config.participants.forEach((p, i) => {
    p.phone.forEach((number, j) => {
      phones.push({ key: normalisePhone(number), path: ['participants', i, 'phone', j] });
    });
    if (p.radio) issis.push({ key: p.radio.issi, path: ['participants', i, 'radio', 'issi'] });
  });
  unique(ctx, 'phone number', phones);
  unique(ctx, 'ISSI', issis);
};

function fieldOf<T, K extends keyof T & string>(items: readonly T[], listPath: FieldPath, field: K): Entry[] {
  return items.map((item, i) => ({ key: String(item[field]), path: [...listPath, i, field] }));
}

function unique(ctx: CheckContext, what: string, entries: readonly Entry[]): void {
  const first = new Map<string, FieldPath>();
  for (const { key, path } of entries) {
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, path);
      continue;
    }
    const where = `${formatField(earlier)} at line ${ctx.lineOf(earlier)}`;
    ctx.error(path, `expected a unique ${what}, found "${key}" again (first used by ${where})`);
  }
}

// SIP URIs are case-insensitive in scheme and host; E.164 numbers are already canonical.
function normalisePhone(number: string): string {
  return number.startsWith('+') ? number : number.toLowerCase();
}
