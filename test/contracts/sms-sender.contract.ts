/**
 * The SmsSender contract (issue 12): whatever sends the call-up's SMS — the serial modem adapter
 * over a memory pair or a pty, against the simulated modem — must pass these.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SmsSender } from '../../bridge/ports.js';

export interface SmsRig {
  sender: SmsSender;
  /** What the network received, decoded as a phone shows it. */
  received(): { to: string; text: string }[];
  unreachable(number: string): void;
  refuse(number: string): void;
  /** Pulls the cable: later sends fail with adapter-down. */
  unplug(): void;
  dispose(): Promise<void>;
}

export function runSmsSenderContract(name: string, factory: () => Promise<SmsRig>): void {
  describe(`SmsSender contract: ${name}`, () => {
    let rig: SmsRig | null = null;
    afterEach(async () => {
      await rig?.dispose();
      rig = null;
    });
    const open = async () => {
      rig = await factory();
      return rig;
    };

    it('delivers Swedish text intact, counted on the status report', async () => {
      const r = await open();
      const text =
        'KALLELSE: Höga flöden Umeälven. Sammankallad av Länsstyrelsen kl 03:12. Ring in: +46701740691.';
      expect(await r.sender.sendSms('+46701740681', text)).toEqual({ state: 'delivered', parts: 1 });
      expect(r.received()).toEqual([{ to: '+46701740681', text }]);
    });

    it('sends text outside the GSM alphabet as UCS2, and a long one in numbered parts', async () => {
      const r = await open();
      expect(await r.sender.sendSms('+46701740682', 'Dammbrott – ”utrym”')).toEqual({
        state: 'delivered',
        parts: 1,
      });
      const long = 'Vattenföring över 100-årsflöde vid Stornorrfors. '.repeat(4);
      expect(await r.sender.sendSms('+46701740683', long)).toEqual({ state: 'delivered', parts: 2 });
      expect(r.received().map((m) => m.text)).toEqual([
        'Dammbrott – ”utrym”',
        expect.stringMatching(/^\(1\/2\) Vattenföring/),
        expect.stringMatching(/^\(2\/2\) /),
      ]);
    });

    it('fails a refused message and one the status report says never arrived', async () => {
      const r = await open();
      r.refuse('+46701740684');
      r.unreachable('+46701740685');
      expect(await r.sender.sendSms('+46701740684', 'Test')).toMatchObject({
        state: 'failed',
        fault: 'rejected',
      });
      expect(await r.sender.sendSms('+46701740685', 'Test')).toMatchObject({
        state: 'failed',
        fault: 'rejected',
        reason: 'status report TP-Status 70',
      });
      // The modem is still usable after a refusal.
      expect(await r.sender.sendSms('+46701740686', 'Test')).toEqual({ state: 'delivered', parts: 1 });
    });

    it('sends one message at a time: parallel sends never interleave their charset and text', async () => {
      const r = await open();
      const outcomes = await Promise.all([
        r.sender.sendSms('+46701740687', 'Ett – UCS2'),
        r.sender.sendSms('+46701740688', 'Två i GSM åäö'),
      ]);
      expect(outcomes.map((o) => o.state)).toEqual(['delivered', 'delivered']);
      expect(r.received().map((m) => m.text)).toEqual(['Ett – UCS2', 'Två i GSM åäö']);
    });

    it('reports adapter-down, never throws, when the modem is gone', async () => {
      const r = await open();
      r.unplug();
      expect(await r.sender.sendSms('+46701740689', 'Test')).toMatchObject({
        state: 'failed',
        fault: 'adapter-down',
      });
    });
  });
}
