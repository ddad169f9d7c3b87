/**
 * Warnings: the configuration works, but something an operator would want to know before the
 * phones fail — the point of the product is that every organisation keeps a working path.
 */
import type { Check } from './context.js';
import { configuredRoster } from './roster-of.js';

export const fallbackCoverage: Check = (ctx) => {
  const { config } = ctx;
  const conferencesOf = new Map<string, string[]>();
  for (const conference of config.conferences) {
    for (const id of configuredRoster(config, conference)) {
      conferencesOf.set(id, [...(conferencesOf.get(id) ?? []), conference.id]);
    }
  }

  config.participants.forEach((p, i) => {
    if (p.phone.length === 0 && !p.radio) {
      ctx.warn(
        ['participants', i],
        `participant "${p.id}" has neither a phone number nor a radio: unreachable`,
      );
      return;
    }
    const conferences = conferencesOf.get(p.id);
    if (!p.radio && conferences) {
      ctx.warn(
        ['participants', i, 'radio'],
        `participant "${p.id}" has no radio: no fallback path if its phone fails (in ${conferences.map((c) => `"${c}"`).join(', ')})`,
      );
    }
  });

  const needsRadio = config.participants.some((p) => p.radio && conferencesOf.has(p.id));
  if (needsRadio && config.radios.length === 0) {
    ctx.warn(
      ['radios'],
      'no gateway radio terminal: conference participants have radios but no fallback path',
    );
  }
};

export const timingSanity: Check = (ctx) => {
  const { degradedForMs, failbackStableMs } = ctx.config.failover;
  if (failbackStableMs < degradedForMs) {
    ctx.warn(
      ['failover', 'failbackStableMs'],
      `expected at least degradedForMs (${degradedForMs}) so a participant does not flap back to a shaky phone, found ${failbackStableMs}`,
    );
  }
};

export const httpAccess: Check = (ctx) => {
  const { http } = ctx.config;
  if (http.enabled && http.tokens.length === 0) {
    ctx.warn(['http', 'tokens'], 'no API tokens: the HTTP API and dashboard will refuse everyone');
  }
};

export const opcuaAccess: Check = (ctx) => {
  const { opcua } = ctx.config;
  if (opcua.enabled && opcua.users.length === 0 && !opcua.allowAnonymous) {
    ctx.warn(
      ['opcua', 'users'],
      'no OPC UA users and no anonymous access: the OPC UA server will refuse everyone',
    );
  }
};
