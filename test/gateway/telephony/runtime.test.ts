/**
 * The typed edge matches the real libraries: every method drachtio-types.ts relies on exists on
 * real drachtio-srf 5.0.x / drachtio-fsmrf 4.1.x objects (nothing connects here).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../../bridge/null-logger.js';
import { realDrachtioDriver } from '../../../gateway/telephony/runtime.js';

const require = createRequire(import.meta.url);

function methodsOf(ctorPath: string): string[] {
  const ctor = require(ctorPath) as { prototype: object };
  const names = new Set<string>();
  for (let p: object | null = ctor.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const n of Object.getOwnPropertyNames(p)) names.add(n);
  }
  return [...names];
}

describe('real drachtio libraries behind the driver', () => {
  it('Srf has connect, disconnect, invite, createUAS, createUAC, request, on, removeListener', () => {
    const srf = realDrachtioDriver().createSrf();
    for (const m of [
      'connect',
      'disconnect',
      'invite',
      'createUAS',
      'createUAC',
      'request',
      'on',
      'removeListener',
    ]) {
      expect(typeof (srf as unknown as Record<string, unknown>)[m], m).toBe('function');
    }
    expect(() => srf.disconnect()).toThrow();
  });

  it('fsmrf MediaServer, Endpoint, Conference and srf Dialog have the methods the adapter calls', () => {
    expect(methodsOf('drachtio-fsmrf/lib/mediaserver.js')).toEqual(
      expect.arrayContaining(['api', 'createEndpoint', 'createConference', 'disconnect']),
    );
    expect(methodsOf('drachtio-fsmrf/lib/endpoint.js')).toEqual(
      expect.arrayContaining(['set', 'play', 'playCollect', 'join', 'modify', 'api', 'destroy']),
    );
    expect(methodsOf('drachtio-fsmrf/lib/conference.js')).toEqual(expect.arrayContaining(['destroy']));
    expect(methodsOf('drachtio-srf/lib/dialog.js')).toEqual(expect.arrayContaining(['destroy']));
    expect(typeof realDrachtioDriver().createMrf(realDrachtioDriver().createSrf(), nullLogger).connect).toBe(
      'function',
    );
  });
});
