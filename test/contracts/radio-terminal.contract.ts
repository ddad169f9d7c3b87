/**
 * The RadioTerminal port's contract: SimRadioTerminal now, the serial PEI adapter later (against
 * a PEI simulator on a pty, whose subscribers can be switched off the same way).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RadioTerminal, RadioTerminalEvents } from '../../bridge/ports.js';
import { EventLog, settle } from './harness.js';

export interface RadioTerminalHarness {
  port: RadioTerminal;
  /** A subscriber the network knows and that is reachable until told otherwise. */
  subscriberIssi: string;
  /** An ISSI the network does not know. */
  unknownIssi: string;
  setReachable(issi: string, reachable: boolean): void | Promise<void>;
  /** Let time pass (fake time: advance the clock; real time: sleep). */
  advance(ms: number): Promise<void>;
  /** Upper bound for an SDS delivery report to arrive (or be given up on). */
  sdsWithinMs: number;
  /** Release what the factory created (the suite may already have closed the port). */
  dispose(): Promise<void>;
}

export type RadioTerminalFactory = () => Promise<RadioTerminalHarness>;

export function runRadioTerminalContract(name: string, factory: RadioTerminalFactory): void {
  describe(`RadioTerminal contract: ${name}`, () => {
    let h: RadioTerminalHarness;
    let log: EventLog<RadioTerminalEvents>;

    beforeEach(async () => {
      h = await factory();
      log = new EventLog<RadioTerminalEvents>(h.port.events, ['status', 'heard']);
    });
    afterEach(async () => {
      log.detach();
      await h.dispose();
    });

    const send = (issi: string, text = 'Sambandsprov: svara') =>
      settle(h.port.sendSds(issi, text), h.advance, h.sdsWithinMs);

    it('status() has the RadioStatus shape and names this terminal', () => {
      const status = h.port.status();
      expect(Object.keys(status).sort()).toEqual(
        ['connected', 'mode', 'port', 'radioId', 'reason', 'registered', 'rssiDbm', 'talkgroup'].sort(),
      );
      expect(status).toMatchObject({
        radioId: h.port.id,
        port: expect.any(String),
        connected: true,
        registered: expect.any(Boolean),
        reason: expect.any(String),
      });
      expect(['TMO', 'DMO', 'unknown']).toContain(status.mode);
      expect(status.talkgroup === null || typeof status.talkgroup === 'string').toBe(true);
      // dBm from AT+CSQ is always negative (−113 + 2n); null when unknown.
      expect(status.rssiDbm === null || status.rssiDbm < 0).toBe(true);
    });

    it('a new status listener learns the current status', () => {
      expect(log.of('status').at(-1)).toMatchObject({ radioId: h.port.id, connected: true });
    });

    it('an SDS to a reachable subscriber is delivered, with its round trip, and the subscriber is heard', async () => {
      const outcome = await send(h.subscriberIssi);
      expect(outcome).toEqual({ delivered: true, roundTripMs: expect.any(Number) });
      if (outcome.delivered) expect(outcome.roundTripMs).toBeGreaterThanOrEqual(0);
      expect(log.of('heard')).toEqual([{ issi: h.subscriberIssi, at: expect.any(Number), how: 'sds' }]);
    });

    it('an SDS is not reported delivered before the delivery report arrives', async () => {
      let settled = false;
      const pending = h.port.sendSds(h.subscriberIssi, 'x').then((o) => {
        settled = true;
        return o;
      });
      await Promise.resolve();
      expect(settled).toBe(false);
      await settle(pending, h.advance, h.sdsWithinMs);
    });

    it('an SDS to an unreachable subscriber is not delivered and says why', async () => {
      await h.setReachable(h.subscriberIssi, false);
      const outcome = await send(h.subscriberIssi);
      expect(outcome).toMatchObject({
        delivered: false,
        fault: expect.stringMatching(/^(terminal-off|no-coverage|timeout)$/),
      });
      expect(outcome).toHaveProperty('reason', expect.any(String));
      expect(log.of('heard')).toHaveLength(0);
    });

    it('a subscriber back in reach receives again', async () => {
      await h.setReachable(h.subscriberIssi, false);
      await send(h.subscriberIssi);
      await h.setReachable(h.subscriberIssi, true);
      expect(await send(h.subscriberIssi)).toMatchObject({ delivered: true });
    });

    it('an SDS to an unknown ISSI is rejected', async () => {
      expect(await send(h.unknownIssi)).toMatchObject({ delivered: false, fault: 'rejected' });
    });

    it('close settles an SDS in flight and later sends resolve adapter-down', async () => {
      const inFlight = h.port.sendSds(h.subscriberIssi, 'in flight');
      await h.port.close();
      expect(await settle(inFlight, h.advance, h.sdsWithinMs)).toMatchObject({
        delivered: false,
        fault: 'adapter-down',
      });
      expect(await send(h.subscriberIssi)).toMatchObject({ delivered: false, fault: 'adapter-down' });
      expect(h.port.status().connected).toBe(false);
      await expect(h.port.close()).resolves.toBeUndefined();
    });
  });
}
