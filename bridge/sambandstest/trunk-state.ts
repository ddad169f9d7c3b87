/**
 * The carrier trunks' state as a sambandstest records it at the start and end of a run (issue 9),
 * and the one wording of it that the reports share.
 */
import type { TrunkStatus } from '../trunk-status.js';
import type { TrunkSnapshot } from './model.js';

/** Where the service reads the trunks' state: the core (GatewayCore satisfies it). */
export interface TrunkSource {
  trunks(): TrunkStatus[];
  trunksUsable(): boolean;
}

export function takeTrunkSnapshot(source: TrunkSource, at: string): TrunkSnapshot {
  return { at, usable: source.trunksUsable(), trunks: source.trunks().map((t) => ({ ...t })) };
}

const STATE: Record<TrunkStatus['state'], string> = { up: 'uppe', down: 'nere', unknown: 'okänd' };
const REGISTRATION: Record<TrunkStatus['registration'], string> = {
  none: 'registreras ej',
  registering: 'registrerar',
  registered: 'registrerad',
  failed: 'registrering misslyckad',
};

/** One trunk's state in words: `uppe, registrerad, 23 ms (OPTIONS answered 200; sedan …)`. */
export function trunkFigures(t: TrunkStatus): string {
  const figures = [STATE[t.state], REGISTRATION[t.registration], t.rttMs === null ? '' : `${t.rttMs} ms`];
  return `${figures.filter(Boolean).join(', ')} (${t.reason}; sedan ${t.since})`;
}

export function trunkText(t: TrunkStatus): string {
  return `${t.id} ${trunkFigures(t)}`;
}

/** Whether a trunk counts against the trunks being usable (as the gateway judges it). */
export function trunkBad(t: TrunkStatus): boolean {
  return t.state === 'down' || t.registration === 'failed';
}

/** A whole snapshot on one line, for CSV cells and plain text. */
export function trunkSnapshotText(snapshot: TrunkSnapshot | null): string {
  if (!snapshot) return 'ej registrerat';
  if (snapshot.trunks.length === 0) return 'inga operatörstrunkar';
  const verdict = snapshot.usable ? 'nåbara' : 'INGEN TRUNK NÅBAR – telefondeltagare på radio';
  return `${verdict}: ${snapshot.trunks.map(trunkText).join('; ')}`;
}
