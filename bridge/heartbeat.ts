/**
 * Site-agent heartbeat payload (MQTT `.../participants/{pid}/heartbeat`, published by the agent).
 * Example: {"ts":"2026-11-28T09:00:00Z","powerSource":"battery","battery":87,"note":"UPS"}
 * Every field is optional; an empty object `{}` is a valid heartbeat.
 */
import { CoreErrorCodes, ValidationError } from './errors.js';

export const POWER_SOURCES = ['mains', 'battery', 'generator', 'unknown'] as const;
export type PowerSource = (typeof POWER_SOURCES)[number];

export interface AgentHeartbeat {
  ts?: string;
  battery?: number;
  powerSource?: PowerSource;
  note?: string;
}

const MAX_PAYLOAD_BYTES = 4096;
const MAX_NOTE_CHARS = 280;

/** Parses and validates a raw heartbeat payload. @throws ValidationError with a precise message. */
export function parseHeartbeat(payload: Uint8Array | string): AgentHeartbeat {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > MAX_PAYLOAD_BYTES) fail(`payload is ${size} bytes; at most ${MAX_PAYLOAD_BYTES}`);
  const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail('payload is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('payload must be a JSON object');
  const raw = value as Record<string, unknown>;
  const allowed = new Set(['ts', 'battery', 'powerSource', 'note']);
  for (const key of Object.keys(raw)) if (!allowed.has(key)) fail(`unknown field "${key}"`);
  const heartbeat: AgentHeartbeat = {};
  if (raw.ts !== undefined) {
    if (typeof raw.ts !== 'string' || Number.isNaN(Date.parse(raw.ts))) fail('"ts" must be an ISO-8601 time');
    heartbeat.ts = raw.ts;
  }
  if (raw.battery !== undefined) {
    if (typeof raw.battery !== 'number' || raw.battery < 0 || raw.battery > 100)
      fail('"battery" must be 0-100');
    heartbeat.battery = raw.battery;
  }
  if (raw.powerSource !== undefined) {
    if (!POWER_SOURCES.includes(raw.powerSource as PowerSource))
      fail(`"powerSource" must be one of ${POWER_SOURCES.join(', ')}`);
    heartbeat.powerSource = raw.powerSource as PowerSource;
  }
  if (raw.note !== undefined) {
    if (typeof raw.note !== 'string' || raw.note.length > MAX_NOTE_CHARS)
      fail(`"note" must be a string of at most ${MAX_NOTE_CHARS} characters`);
    heartbeat.note = raw.note;
  }
  return heartbeat;
}

function fail(message: string): never {
  throw new ValidationError(CoreErrorCodes.INVALID_HEARTBEAT, `invalid heartbeat: ${message}`);
}
