/** LoginAttempt and CheckSlots: the steps every front door runs a login through. */
import { describe, expect, it } from 'vitest';
import { CheckSlots, LoginAttempt } from '../../../adapters/auth/login-attempt.js';
import { flushPromises } from '../../support/fake-clock.js';
import { fakeTimeThrottle } from '../../support/login-throttle.js';

function aThrottle() {
  return fakeTimeThrottle({ freeFailures: 1, maxDelayMs: 1000 });
}

describe('LoginAttempt', () => {
  it('holds nothing and counts nothing for a clean source, in the same tick', () => {
    const { throttle, counted } = aThrottle();
    expect(new LoginAttempt(throttle, '10.0.0.1', 'u').hold()).toBeNull();
    expect(new LoginAttempt(undefined, '10.0.0.1', 'u').hold()).toBeNull();
    expect(counted).toEqual([]);
  });

  it('holds a suspect before its check and counts the attempt once, however often it waits', async () => {
    const { throttle, clock, counted } = aThrottle();
    for (let i = 0; i < 3; i++) throttle.failed('10.6.6.6', 'u'); // penalty now 200 ms
    const attempt = new LoginAttempt(throttle, '10.6.6.6', 'u');
    let held = true;
    void attempt.hold()?.then(() => {
      held = false;
    });
    clock.advance(199);
    await flushPromises();
    expect(held).toBe(true);
    clock.advance(1);
    await flushPromises();
    expect(held).toBe(false);
    // Wrong again: held by the user's penalty too, still one "slowed" for the attempt.
    const failed = attempt.failed();
    clock.advance(1000);
    await failed;
    expect(counted).toEqual(['slowed']);
  });

  it('counts a suspect turned away for want of a slot as refused, a clean one not', () => {
    const { throttle, counted } = aThrottle();
    throttle.failed('10.6.6.6', 'u');
    const slots = new CheckSlots(2); // one for suspects
    const suspect = () => {
      const a = new LoginAttempt(throttle, '10.6.6.6', 'u');
      a.hold();
      return a;
    };
    const first = suspect().takeSlot(slots);
    expect(first).not.toBeNull();
    expect(suspect().takeSlot(slots)).toBeNull();
    expect(counted).toEqual(['refused']);
    // The other slot is kept for clean sources.
    const clean = new LoginAttempt(throttle, '10.1.1.1', 'v');
    const release = clean.takeSlot(slots);
    expect(release).not.toBeNull();
    expect(new LoginAttempt(throttle, '10.1.1.2', 'w').takeSlot(slots)).toBeNull();
    expect(counted).toEqual(['refused']);
    release?.();
    release?.(); // a second release frees nothing more
    first?.();
    expect(slots.pending).toBe(0);
  });
});
