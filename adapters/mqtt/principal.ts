/** Who an MQTT connection is, once authenticated. The ACL decides on this alone. */
export type Principal =
  | { kind: 'gateway'; username: string }
  | { kind: 'dashboard'; username: string }
  | { kind: 'agent'; username: string; participantId: string }
  | { kind: 'anonymous' };

/** A stable identity for comparing two connections (client-id takeover guard, logs). */
export function principalKey(principal: Principal): string {
  return principal.kind === 'anonymous' ? 'anonymous' : `${principal.kind}:${principal.username}`;
}

export function principalLog(principal: Principal): { role: Principal['kind']; username?: string } {
  return principal.kind === 'anonymous'
    ? { role: 'anonymous' }
    : { role: principal.kind, username: principal.username };
}
