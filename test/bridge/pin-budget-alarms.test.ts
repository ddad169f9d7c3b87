import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../bridge/core.js';
import type { Alarm } from '../../bridge/events.js';
import { testCore } from '../support/core-fixture.js';
import { FakeClock } from '../support/fake-clock.js';
import { ScriptedTelephony } from '../support/scripted-ports.js';

describe('the dial-in PIN budget as an alarm', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  it('raises pin-budget-spent with the lock end, and pin-budget-cleared when it ends', () => {
    const clock = new FakeClock();
    const telephony = new ScriptedTelephony();
    const core = testCore({
      participants: [
        { id: 'polisen', name: 'p', organisation: 'p', phoneNumbers: ['+46701740605'], priority: 1 },
      ],
      telephony,
      clock,
    });
    cores.push(core);
    const alarms: Alarm[] = [];
    core.events.on('alarm', (alarm) => alarms.push(alarm));

    const until = clock.now() + 300_000;
    telephony.events.emit('dial-in.pin-budget', { spent: true, until, budget: 30, windowMs: 600_000 });
    expect(alarms).toEqual([
      {
        kind: 'pin-budget-spent',
        at: new Date(clock.now()).toISOString(),
        until: new Date(until).toISOString(),
        detail: `dial-in PIN budget spent (30 wrong PINs within 600 s from all callers): until ${new Date(until).toISOString()} only participants' numbers may dial in`,
      },
    ]);
    clock.advance(300_000);
    telephony.events.emit('dial-in.pin-budget', { spent: false, until, budget: 30, windowMs: 600_000 });
    expect(alarms.map((a) => a.kind)).toEqual(['pin-budget-spent', 'pin-budget-cleared']);
    expect(alarms[1]).toMatchObject({
      at: new Date(until).toISOString(),
      until: new Date(until).toISOString(),
    });
  });
});
