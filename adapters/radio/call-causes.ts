/** `+CTCR: <cci>,<disconnect cause>` causes (EN 300 392-5 / EN 300 392-2 §14.8.18). */
const CAUSES: readonly string[] = [
  'not defined or unknown',
  'user requested disconnect',
  'called party busy',
  'called party not reachable',
  'called party does not support encryption',
  'congestion in infrastructure',
  'not allowed traffic case',
  'incompatible traffic case',
  'requested service not available',
  'pre-emptive use of resource',
  'invalid call identifier',
  'call rejected by the called party',
  'no idle CC entity',
  'expiry of timer',
  'SwMI requested disconnection',
  'acknowledged service not completed',
  'unknown TETRA identity',
  'SS-specific disconnection',
  'unknown external subscriber identity',
  'call restoration of the other user failed',
  'called party requires encryption',
  'concurrent set-up not supported',
  'called party is under the same DM-GATE as the calling party',
];

export function disconnectCause(cause: number): string {
  return CAUSES[cause] ?? `unknown cause ${cause}`;
}
