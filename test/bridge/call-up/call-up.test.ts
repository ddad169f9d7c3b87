import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../bridge/core.js';
import type { ConferenceEvent } from '../../../bridge/events.js';
import type { ParticipantSpec } from '../../../bridge/model.js';
import type { SmsOutcome, SmsProgress, SmsSender, SmsSenderEvents } from '../../../bridge/ports.js';
import { TypedEmitter } from '../../../bridge/typed-emitter.js';
import { testCore } from '../../support/core-fixture.js';
import { FakeClock, flushPromises } from '../../support/fake-clock.js';
import { ScriptedRadio, ScriptedTelephony } from '../../support/scripted-ports.js';

/** An SMS sender whose outcomes the test settles, one per number. */
class PendingSms implements SmsSender {
  readonly id = 'modem-1';
  readonly events = new TypedEmitter<SmsSenderEvents>();
  readonly sent: {
    to: string;
    text: string;
    settle: (o: SmsOutcome) => void;
    retry: (p: SmsProgress) => void;
  }[] = [];
  sendSms(to: string, text: string, onRetry?: (p: SmsProgress) => void): Promise<SmsOutcome> {
    return new Promise((settle) => this.sent.push({ to, text, settle, retry: (p) => onRetry?.(p) }));
  }
  async close(): Promise<void> {}
}

const participant = (id: string, n: number, extra: Partial<ParticipantSpec> = {}): ParticipantSpec => ({
  id,
  name: id,
  organisation: id,
  phoneNumbers: [`+4670174062${n}`],
  priority: 3,
  ...extra,
});

describe('call-up (kallelse) on convene', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  function aCore(participants: ParticipantSpec[]) {
    const radio = new ScriptedRadio();
    const sms = new PendingSms();
    const clock = new FakeClock();
    const core = testCore({
      participants,
      telephony: new ScriptedTelephony(),
      clock,
      radios: [{ terminal: radio, talkgroup: '9101' }],
      sms,
      callUp: { sender: 'Länsstyrelsen', timeZone: 'Europe/Stockholm' },
      conferences: [
        {
          id: 'alv',
          name: 'Älvgruppen',
          roster: participants.map((p) => p.id),
          conveneOnStart: false,
          dialIn: '+46701740691',
        },
      ],
    });
    cores.push(core);
    const events: ConferenceEvent[] = [];
    core.events.on('conference.event', (e) => events.push(e));
    return { core, radio, sms, events };
  }

  it('texts every selected organisation by SDS and SMS, and counts each outcome for the host', async () => {
    const { core, radio, sms, events } = aCore([
      participant('umea', 1, { radio: { issi: '2420101' }, smsNumbers: ['+46701740681'] }),
      participant('vattenfall', 2, { radio: { issi: '2420102' }, smsNumbers: ['+46701740682'] }),
      participant('polisen', 3, { radio: { issi: '2420103' } }),
      participant('kommun', 4, { smsNumbers: ['+46701740684'] }),
    ]);
    radio.unreachable.add('2420102');
    const convened = await core.convene('alv', 'tib-anna', { subject: 'Höga flöden Umeälven' });
    expect(convened.callUp?.text).toBe(
      'KALLELSE: Höga flöden Umeälven (Älvgruppen). Sammankallad av Länsstyrelsen (tib-anna) kl 10:00. Ring in: +46701740691.',
    );
    expect(convened.callUp?.counts).toEqual({
      sds: { sending: 3, delivered: 0, sent: 0, failed: 0, skipped: 1 },
      sms: { sending: 3, delivered: 0, sent: 0, failed: 0, skipped: 1 },
    });
    await flushPromises();
    expect(radio.sent.map((s) => s.to)).toEqual(['2420101', '2420102', '2420103']);
    expect(sms.sent.map((s) => s.to)).toEqual(['+46701740681', '+46701740682', '+46701740684']);
    sms.sent[0]?.settle({ state: 'delivered', parts: 1 });
    sms.sent[1]?.settle({ state: 'failed', fault: 'rejected', reason: '+CMS ERROR: 21', parts: 1 });
    sms.sent[2]?.settle({ state: 'sent', parts: 2 });
    await flushPromises();

    const callUp = core.conference('alv').callUp;
    expect(callUp?.counts).toEqual({
      sds: { sending: 0, delivered: 2, sent: 0, failed: 1, skipped: 1 },
      sms: { sending: 0, delivered: 1, sent: 1, failed: 1, skipped: 1 },
    });
    expect(callUp?.recipients.find((r) => r.participantId === 'vattenfall')).toEqual({
      participantId: 'vattenfall',
      sds: { state: 'failed', detail: 'terminal-off' },
      sms: { state: 'failed', detail: 'rejected: +CMS ERROR: 21' },
      reply: null,
    });
    expect(callUp?.recipients.find((r) => r.participantId === 'kommun')?.sds).toEqual({
      state: 'skipped',
      detail: 'no-radio',
    });
    expect(
      events.filter((e) => e.type === 'call-up' && e.participantId === 'kommun').map((e) => e.detail),
    ).toEqual(['sms sent: (2 delar)']);
  });

  it('takes replies by SDS and SMS: 1 joins, 2 cannot, other text kept; unknown senders kept as unmatched', async () => {
    const { core, radio, sms, events } = aCore([
      participant('umea', 1, { radio: { issi: '2420101' }, smsNumbers: ['+46701740681'] }),
      participant('vattenfall', 2, { smsNumbers: ['+46701740682'] }),
      participant('polisen', 3, { radio: { issi: '2420103' } }),
    ]);
    await core.convene('alv', 'tib-anna', { subject: 'Höga flöden' });
    await flushPromises();
    radio.events.emit('sds.received', { from: '02420101', text: '1' });
    sms.events.emit('sms.received', { from: '+46701740682', text: '2 sitter fast vid dammen' });
    radio.events.emit('sds.received', { from: '2420103', text: 'Ringer från bilen' });
    sms.events.emit('sms.received', { from: '+46701749999', text: 'Vem är detta?' });
    const callUp = core.conference('alv').callUp;
    expect(
      callUp?.recipients.map((r) => [r.participantId, r.reply?.answer, r.reply?.notes, r.reply?.via]),
    ).toEqual([
      ['umea', 'joins', [], 'sds'],
      ['vattenfall', 'cannot', ['sitter fast vid dammen'], 'sms'],
      ['polisen', null, ['Ringer från bilen'], 'sds'],
    ]);
    expect(callUp?.replies).toEqual({ joins: 1, cannot: 1, other: 1, none: 0 });
    expect(callUp?.unmatched).toEqual([
      { from: '+46701749999', via: 'sms', text: 'Vem är detta?', at: expect.any(String) },
    ]);
    // A later "2" changes the answer; the earlier text stays.
    radio.events.emit('sds.received', { from: '2420103', text: '2' });
    expect(core.conference('alv').callUp?.recipients[2]?.reply).toMatchObject({
      answer: 'cannot',
      notes: ['Ringer från bilen'],
    });
    expect(events.filter((e) => e.type === 'call-up-reply').map((e) => e.detail)).toEqual([
      'sds: Kommer',
      'sms: Kan inte: sitter fast vid dammen',
      'sds: text: Ringer från bilen',
      'sms från okänd +46701749999: Vem är detta?',
      'sds: Kan inte',
    ]);
  });

  it('shows an SMS waiting for a vanished modem as retrying, then its outcome', async () => {
    const { core, sms } = aCore([participant('kommun', 4, { smsNumbers: ['+46701740684'] })]);
    await core.convene('alv', 'tib');
    await flushPromises();
    sms.sent[0]?.retry({ attempt: 1, of: 3, reason: 'link down: port disconnected' });
    expect(core.conference('alv').callUp?.recipients[0]?.sms).toEqual({
      state: 'sending',
      detail: 'retrying 1/3: link down: port disconnected',
    });
    sms.sent[0]?.settle({ state: 'delivered', parts: 1 });
    await flushPromises();
    expect(core.conference('alv').callUp?.recipients[0]?.sms).toEqual({ state: 'delivered', detail: null });
  });

  it('is not sent when the host turns it off, and a later run without it shows none', async () => {
    const { core, radio, sms } = aCore([participant('umea', 1, { radio: { issi: '2420101' } })]);
    await core.convene('alv', 'tib', { subject: 'Övning' });
    await core.end('alv', 'tib');
    const quiet = await core.convene('alv', 'tib', { callUp: false });
    await flushPromises();
    expect(quiet.callUp).toBeNull();
    expect(radio.sent).toHaveLength(1);
    expect(sms.sent).toHaveLength(0);
  });

  it('paces SDS so the terminal outbox never overflows: at most 4 in flight', async () => {
    const participants = Array.from({ length: 40 }, (_, i) =>
      participant(`p${i}`, i % 10, { radio: { issi: String(2420200 + i) } }),
    );
    const { core, radio } = aCore(participants);
    let inFlight = 0;
    let most = 0;
    radio.sendSds = async (to: string, text: string) => {
      radio.sent.push({ to, text });
      inFlight += 1;
      most = Math.max(most, inFlight);
      await flushPromises();
      inFlight -= 1;
      return { delivered: true, roundTripMs: 400 };
    };
    await core.convene('alv', 'tib');
    for (let i = 0; i < 20; i += 1) await flushPromises();
    expect(radio.sent).toHaveLength(40);
    expect(most).toBe(4);
    expect(core.conference('alv').callUp?.counts.sds.delivered).toBe(40);
  });
});
