/**
 * The Telephony port's contract: every implementation (SimTelephony now, the drachtio adapter
 * later) runs this suite. Hooks are chosen so a real adapter can provide them too: a sipp
 * scenario can answer or go silent (setReachable), and record the INVITEs it saw (dialled).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreErrorCodes, SambandError } from '../../bridge/errors.js';
import type { Telephony, TelephonyEvents } from '../../bridge/ports.js';
import { EventLog, settle } from './harness.js';

export interface TelephonyHarness {
  port: Telephony;
  conferenceId: string;
  /** A participant whose far end answers while reachable; at least two configured numbers. */
  participant: { id: string; numbers: string[] };
  /** A well-formed number that is not configured for `participant`. */
  unconfiguredNumber: string;
  /** A participant id the implementation does not know. */
  unknownParticipantId: string;
  /** Make the participant's far end answer and carry media (true), or unreachable (false). */
  setReachable(participantId: string, reachable: boolean): void | Promise<void>;
  /** Numbers the far side has seen dialled so far, in order. */
  dialled(): string[];
  /** Let time pass (fake time: advance the clock; real time: sleep). */
  advance(ms: number): Promise<void>;
  /** Upper bound for a call-out to settle, whatever its outcome. */
  settleWithinMs: number;
  /** The implementation's media time-out (a silent connected call must end after it). */
  mediaTimeoutMs: number;
  /** Release what the factory created (the suite may already have closed the port). */
  dispose(): Promise<void>;
}

export type TelephonyFactory = () => Promise<TelephonyHarness>;

type Log = EventLog<TelephonyEvents>;
const CALL_EVENTS = ['call.connected', 'call.ended', 'call.media-timeout', 'backend.status'] as const;

export function runTelephonyContract(name: string, factory: TelephonyFactory): void {
  describe(`Telephony contract: ${name}`, () => {
    let h: TelephonyHarness;
    let log: Log;

    beforeEach(async () => {
      h = await factory();
      log = new EventLog<TelephonyEvents>(h.port.events, CALL_EVENTS);
    });
    afterEach(async () => {
      log.detach();
      await h.dispose();
    });

    const callOut = (numbers = h.participant.numbers) =>
      h.port.callOut({ conferenceId: h.conferenceId, participantId: h.participant.id, numbers });

    const connect = async () => {
      const result = await settle(callOut(), h.advance, h.settleWithinMs);
      expect(result.outcome).toBe('answered');
      return result;
    };

    it('a new backend.status listener learns that the back end is available', () => {
      expect(log.of('backend.status').at(-1)).toMatchObject({ available: true });
    });

    it('an answered call emits call.connected before the call-out resolves answered', async () => {
      let connectedBeforeResolve = false;
      const result = await settle(
        callOut().then((r) => {
          connectedBeforeResolve = log.of('call.connected').length === 1;
          return r;
        }),
        h.advance,
        h.settleWithinMs,
      );
      expect(result).toMatchObject({ outcome: 'answered', number: h.participant.numbers[0] });
      expect(connectedBeforeResolve).toBe(true);
      expect(log.of('call.connected')[0]).toMatchObject({
        conferenceId: h.conferenceId,
        participantId: h.participant.id,
      });
    });

    it('a second call-out for a connected participant dials nothing new', async () => {
      await connect();
      const dialledBefore = h.dialled().length;
      const again = await settle(callOut(), h.advance, h.settleWithinMs);
      expect(again.outcome).toBe('answered');
      expect(h.dialled()).toHaveLength(dialledBefore);
      expect(log.of('call.connected')).toHaveLength(1);
    });

    it('hangup emits call.ended exactly once, cause hangup', async () => {
      await connect();
      await h.port.hangup(h.conferenceId, h.participant.id);
      await h.port.hangup(h.conferenceId, h.participant.id);
      await h.advance(1000);
      expect(log.of('call.ended')).toEqual([
        { conferenceId: h.conferenceId, participantId: h.participant.id, cause: 'hangup' },
      ]);
    });

    it('hangup without a call is a no-op', async () => {
      await expect(h.port.hangup(h.conferenceId, h.participant.id)).resolves.toBeUndefined();
      await h.advance(1000);
      expect(log.of('call.ended')).toHaveLength(0);
    });

    it('rejects an unconfigured number and dials nothing, not even the configured ones', async () => {
      const numbers = [h.participant.numbers[0] ?? '', h.unconfiguredNumber];
      const error = await callOut(numbers).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SambandError);
      expect(error).toMatchObject({ code: CoreErrorCodes.NUMBER_NOT_CONFIGURED });
      await h.advance(1000);
      expect(h.dialled()).toEqual([]);
    });

    it('rejects an unknown participant and dials nothing', async () => {
      const call = h.port.callOut({
        conferenceId: h.conferenceId,
        participantId: h.unknownParticipantId,
        numbers: [],
      });
      await expect(call).rejects.toMatchObject({ code: CoreErrorCodes.UNKNOWN_PARTICIPANT });
      expect(h.dialled()).toEqual([]);
    });

    it('an unreachable participant is not answered; every number is tried, the last reported', async () => {
      await h.setReachable(h.participant.id, false);
      const result = await settle(callOut(), h.advance, h.settleWithinMs);
      expect(result.outcome).not.toBe('answered');
      expect(result.number).toBe(h.participant.numbers.at(-1));
      expect(h.dialled()).toEqual(h.participant.numbers);
      expect(log.of('call.connected')).toHaveLength(0);
      expect(log.of('call.ended')).toHaveLength(0);
    });

    it('a connected call whose far end goes silent ends once, after the media time-out', async () => {
      await connect();
      await h.setReachable(h.participant.id, false);
      await h.advance(h.mediaTimeoutMs + 1000);
      expect(log.names().filter((n) => n !== 'backend.status')).toEqual([
        'call.connected',
        'call.media-timeout',
        'call.ended',
      ]);
      expect(log.of('call.ended')[0]?.cause).toBe('media-timeout');
      await h.port.hangup(h.conferenceId, h.participant.id);
      expect(log.of('call.ended')).toHaveLength(1);
    });

    it('close ends connected calls once, reports unavailable, and later call-outs fail cleanly', async () => {
      await connect();
      await h.port.close();
      expect(log.of('call.ended')).toEqual([
        { conferenceId: h.conferenceId, participantId: h.participant.id, cause: 'shutdown' },
      ]);
      expect(log.of('backend.status').at(-1)).toMatchObject({ available: false });
      const dialledBefore = h.dialled().length;
      const later = await settle(callOut(), h.advance, h.settleWithinMs);
      expect(later).toMatchObject({ outcome: 'failed', cause: 'adapter-down' });
      expect(h.dialled()).toHaveLength(dialledBefore);
      await expect(h.port.hangup(h.conferenceId, h.participant.id)).resolves.toBeUndefined();
      await expect(h.port.close()).resolves.toBeUndefined();
      expect(log.of('call.ended')).toHaveLength(1);
    });
  });
}
