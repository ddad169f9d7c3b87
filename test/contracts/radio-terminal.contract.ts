/**
 * The RadioTerminal port's contract, passed by the PEI adapter on an in-memory link and on a
 * real pty (socat + serialport) to the PEI-speaking simulator, and by any future adapter
 * (e.g. a 3GPP MCPTT client) that replaces it.
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

    // Consumers read status() first and then follow 'status' events; no replay to new listeners
    // is promised. A delivery report proves reachability but is not the subscriber "heard"
    // transmitting, so no 'heard' is required for it.
    it('an SDS to a reachable subscriber is delivered, with its round trip', async () => {
      const outcome = await send(h.subscriberIssi);
      expect(outcome).toEqual({ delivered: true, roundTripMs: expect.any(Number) });
      if (outcome.delivered) expect(outcome.roundTripMs).toBeGreaterThanOrEqual(0);
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

    // A TETRA network reports an unknown ISSI like an absent one (delivery report 5), so the
    // fault may be either; what matters is that it is never reported delivered.
    it('an SDS to an unknown ISSI is not delivered', async () => {
      expect(await send(h.unknownIssi)).toMatchObject({
        delivered: false,
        fault: expect.stringMatching(/^(rejected|terminal-off|no-coverage|timeout)$/),
      });
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
