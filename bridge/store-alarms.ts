/**
 * Turns the store health into domain events: every change as `store.health` (the dashboard's
 * banner, metrics, OPC UA), and the turn from healthy to failing and back as an `alarm`, which a
 * person must act on (free the disk) — raised once when writes start failing, cleared once when
 * they succeed again, never repeated for each write held back.
 */
import type { DomainEvents } from './events.js';
import type { StoreHealth } from './store-health.js';

type Emit = <K extends keyof DomainEvents & string>(event: K, payload: DomainEvents[K]) => void;

/** Returns the unsubscribe. */
export function raiseStoreAlarms(health: StoreHealth, emit: Emit): () => void {
  let ok = health.snapshot().ok;
  return health.events.on('changed', (snapshot) => {
    emit('store.health', { health: snapshot });
    if (snapshot.ok === ok) return;
    ok = snapshot.ok;
    emit('alarm', {
      kind: ok ? 'store-cleared' : 'store-failed',
      at: snapshot.since,
      detail: ok
        ? 'the store takes writes again; everything kept in memory has been written'
        : `the store refuses writes (${snapshot.reason ?? 'unknown'}); the gateway runs from memory and retries`,
      pendingWrites: snapshot.pendingWrites,
    });
  });
}
