import { afterEach, describe, expect, it } from 'vitest';
import { backendReady } from '../../bridge/backend-ready.js';
import type { Core } from '../../bridge/core.js';
import type { TelephonyEvents } from '../../bridge/ports.js';
import { RetainedEmitter } from '../../bridge/retained-emitter.js';
import { testCore } from '../support/core-fixture.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { ScriptedTelephony } from '../support/scripted-ports.js';

/** An adapter that reports its back end like the drachtio one: retained 'backend.status'. */
class ConnectingTelephony extends ScriptedTelephony {
  override readonly events = new RetainedEmitter<TelephonyEvents>();
  constructor(available: boolean) {
    super();
    this.events.retain('backend.status', { available, reason: available ? 'up' : 'connecting' });
  }
  up(): void {
    this.events.retain('backend.status', { available: true, reason: 'up' });
  }
}

describe('backendReady', () => {
  it('does not wait for an adapter that is up, or says nothing about its back end', async () => {
    const clock = new FakeClock();
    expect(await backendReady(new ConnectingTelephony(true), clock, 15_000)).toBe(true);
    expect(await backendReady(new ScriptedTelephony(), clock, 15_000)).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('waits for a connecting back end, and gives up after the bound', async () => {
    const clock = new FakeClock();
    const connecting = new ConnectingTelephony(false);
    let ready: boolean | null = null;
    void backendReady(connecting, clock, 15_000).then((r) => {
      ready = r;
    });
    clock.advance(14_000);
    await flushPromises();
    expect(ready).toBeNull();
    connecting.up();
    await flushPromises();
    expect(ready).toBe(true);
    expect(clock.pendingTimers()).toBe(0);

    const never = backendReady(new ConnectingTelephony(false), clock, 15_000);
    clock.advance(15_000);
    expect(await never).toBe(false);
  });
});

describe('core start with a telephony back end still connecting', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  it('convenes a conveneOnStart conference once the back end is up, not before', async () => {
    const clock = new FakeClock();
    const telephony = new ConnectingTelephony(false);
    const participants = [
      { id: 'polisen', name: 'p', organisation: 'p', phoneNumbers: ['+46701740605'], priority: 1 },
    ];
    const core = testCore({
      participants,
      telephony,
      clock,
      conferences: [{ id: 'vk', name: 'vk', roster: ['polisen'], conveneOnStart: true }],
      timings: { startupWaitMs: 15_000 },
    });
    cores.push(core);
    const starting = core.start();
    clock.advance(2000);
    await flushPromises();
    expect(core.conference('vk').state).toBe('idle');
    expect(telephony.callLog).toEqual([]);
    telephony.up();
    await starting;
    expect(core.conference('vk').state).not.toBe('idle');
    expect(telephony.callLog.map((c) => c.participantId)).toEqual(['polisen']);
  });

  it('a host who convenes while the back end is still coming up never makes the start fail', async () => {
    const clock = new FakeClock();
    const telephony = new ConnectingTelephony(false);
    const person = (id: string, n: number) => ({
      id,
      name: id,
      organisation: id,
      phoneNumbers: [`+4670174060${n}`],
      priority: 1,
    });
    const core = testCore({
      participants: [person('polisen', 1), person('umea', 2), person('lst', 3)],
      telephony,
      clock,
      conferences: [
        { id: 'vk', name: 'vk', roster: ['polisen', 'umea'], conveneOnStart: true },
        { id: 'rc', name: 'rc', roster: ['lst'], conveneOnStart: true },
        { id: 'alv', name: 'alv', roster: ['polisen'], conveneOnStart: false },
      ],
      timings: { startupWaitMs: 15_000 },
    });
    cores.push(core);
    const starting = core.start();
    await flushPromises();
    // The host takes polisen into another conference, and convenes rc by hand.
    await core.convene('alv', 'tib-anna');
    await core.convene('rc', 'tib-anna');
    telephony.up();
    await expect(starting).resolves.toBeUndefined();

    expect(core.conference('vk').state).not.toBe('idle');
    expect(core.conference('vk').members.map((m) => m.participantId)).toEqual(['umea']);
    // The test core's call-out slots are held by the host's two calls until they answer.
    telephony.answer('polisen');
    telephony.answer('lst');
    await flushPromises();
    expect(telephony.callLog.map((c) => c.participantId).sort()).toEqual(['lst', 'polisen', 'umea']);
  });
});
