/**
 * The SmsSender contract (issue 12): whatever sends the call-up's SMS — the serial modem adapter
 * over a memory pair or a pty, against the simulated modem — must pass these.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SmsProgress, SmsSender } from '../../bridge/ports.js';

export interface SmsRig {
  sender: SmsSender;
  /** What the network received, decoded as a phone shows it. */
  received(): { to: string; text: string }[];
  unreachable(number: string): void;
  refuse(number: string): void;
  /** Pulls the cable: the modem is gone until `replug`. */
  unplug(): Promise<void>;
  replug(): Promise<void>;
  /** A phone sends the gateway an SMS. */
  phoneSends(from: string, text: string): void;
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

    it('refuses a text longer than three SMS whole: nothing is sent, nothing cut', async () => {
      const r = await open();
      const outcome = await r.sender.sendSms('+46701740683', 'Dammbrott – ”utrym” '.repeat(12));
      expect(outcome).toMatchObject({ state: 'failed', fault: 'too-long', parts: 4 });
      expect(r.received()).toEqual([]);
    });

    it('names a refusal (+CMS ERROR) and fails one the status report says never arrived', async () => {
      const r = await open();
      r.refuse('+46701740684');
      r.unreachable('+46701740685');
      expect(await r.sender.sendSms('+46701740684', 'Test')).toMatchObject({
        state: 'failed',
        fault: 'rejected',
        reason: expect.stringContaining('SMS_ERR_CMS_TRANSFER_REJECTED (+CMS ERROR: 21)'),
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

    it('loses no recipient when the modem vanishes mid-batch: each waits and goes once it is back', async () => {
      const r = await open();
      const numbers = ['+46701740661', '+46701740662', '+46701740663', '+46701740664'];
      const retries: SmsProgress[] = [];
      const first = await r.sender.sendSms(numbers[0] as string, 'Före');
      const batch = numbers.slice(1).map((n) => r.sender.sendSms(n, `Kallelse ${n}`, (p) => retries.push(p)));
      await r.unplug();
      await sleep(50);
      await r.replug();
      const outcomes = await Promise.all(batch);
      expect(first.state).toBe('delivered');
      expect(outcomes.map((o) => o.state)).toEqual(['delivered', 'delivered', 'delivered']);
      // Every recipient got the text exactly once.
      expect(
        r
          .received()
          .map((m) => m.to)
          .sort(),
      ).toEqual(numbers);
      expect(retries.length).toBeGreaterThan(0);
      expect(retries.every((p) => p.attempt >= 1 && p.of >= p.attempt)).toBe(true);
    });

    it('fails adapter-down, never throws, when the modem stays gone', async () => {
      const r = await open();
      await r.unplug();
      expect(await r.sender.sendSms('+46701740689', 'Test')).toMatchObject({
        state: 'failed',
        fault: 'adapter-down',
      });
    });

    it('hands on replies with their sender, å ä ö intact — also those that came while it was gone', async () => {
      const r = await open();
      const got: { from: string; text: string }[] = [];
      r.sender.events.on('sms.received', (m) => got.push(m));
      r.phoneSends('+46701740671', '1');
      r.phoneSends('+46701740672', 'OK');
      for (let i = 0; i < 250 && got.length < 2; i += 1) await sleep(20);
      await r.unplug();
      r.phoneSends('+46701740673', 'Kan inte – är på älven');
      await r.replug();
      for (let i = 0; i < 250 && got.length < 3; i += 1) await sleep(20);
      expect(got).toEqual([
        { from: '+46701740671', text: '1' },
        { from: '+46701740672', text: 'OK' },
        { from: '+46701740673', text: 'Kan inte – är på älven' },
      ]);
    });
  });
}
