import { beforeEach, describe, expect, it } from 'vitest';
import type { ActivePath, LinkState, PathSnapshot } from '../../bridge/model.js';
import { PathSelector } from '../../bridge/path-selector.js';
import { FakeClock } from '../support/fake-clock.js';

const timings = { degradedForMs: 2_000, failbackStableMs: 5_000 };

describe('PathSelector', () => {
  let clock: FakeClock;
  let changes: { path: PathSnapshot; previous: ActivePath }[];
  let selector: PathSelector;
  let phone: { state: LinkState; sinceMs: number };
  let radio: { state: LinkState; sinceMs: number };

  const setPhone = (state: LinkState) => {
    phone = { state, sinceMs: clock.now() };
    selector.updateLinks(phone, radio);
  };
  const setRadio = (state: LinkState) => {
    radio = { state, sinceMs: clock.now() };
    selector.updateLinks(phone, radio);
  };
  const active = () => selector.snapshot().active;

  beforeEach(() => {
    clock = new FakeClock();
    changes = [];
    selector = new PathSelector('polisen', clock, timings, (path, previous) =>
      changes.push({ path, previous }),
    );
    phone = { state: 'unknown', sinceMs: clock.now() };
    radio = { state: 'unknown', sinceMs: clock.now() };
  });

  it('stays on none outside a conference whatever the links do', () => {
    setPhone('up');
    setPhone('down');
    expect(active()).toBe('none');
    expect(changes).toHaveLength(0);
  });

  it('moves to phone as soon as the call connects in a conference', () => {
    selector.join('veckokonferens');
    expect(active()).toBe('none');
    setPhone('up');
    expect(active()).toBe('phone');
    expect(changes.at(-1)?.path).toMatchObject({
      active: 'phone',
      reason: 'phone-up',
      conferenceId: 'veckokonferens',
    });
  });

  it('fails over to radio at once when the phone link goes down', () => {
    selector.join('c1');
    setPhone('up');
    setPhone('down');
    expect(active()).toBe('radio');
    expect(changes.at(-1)).toMatchObject({
      previous: 'phone',
      path: { active: 'radio', reason: 'phone-down' },
    });
  });

  it('falls back to radio when the call-out was never answered', () => {
    selector.join('c1');
    setPhone('down');
    expect(active()).toBe('radio');
  });

  it('fails over on a degraded phone only after degradedForMs', () => {
    selector.join('c1');
    setPhone('up');
    setPhone('degraded');
    clock.advance(1_999);
    expect(active()).toBe('phone');
    clock.advance(1);
    expect(active()).toBe('radio');
    expect(selector.snapshot().reason).toBe('phone-degraded');
  });

  it('cancels the degraded countdown when quality recovers', () => {
    selector.join('c1');
    setPhone('up');
    setPhone('degraded');
    clock.advance(1_500);
    setPhone('up');
    clock.advance(10_000);
    expect(active()).toBe('phone');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fails back to phone only after the phone has been up for failbackStableMs', () => {
    selector.join('c1');
    setPhone('up');
    setPhone('down');
    clock.advance(3_000);
    setPhone('up');
    clock.advance(4_999);
    expect(active()).toBe('radio');
    clock.advance(1);
    expect(active()).toBe('phone');
    expect(selector.snapshot().reason).toBe('phone-stable');
  });

  it('never flaps when the phone goes up and down every second', () => {
    selector.join('c1');
    setPhone('up');
    setPhone('down');
    const before = changes.length;
    for (let i = 0; i < 60; i++) {
      clock.advance(1_000);
      setPhone(i % 2 === 0 ? 'up' : 'down');
    }
    expect(active()).toBe('radio');
    expect(changes.length).toBe(before);
    // Once it stays up, it comes back exactly once.
    setPhone('up');
    clock.advance(5_000);
    expect(active()).toBe('phone');
    expect(changes.length).toBe(before + 1);
  });

  it('a degraded dip during the stable period restarts the count', () => {
    selector.join('c1');
    setPhone('down');
    setPhone('up');
    clock.advance(4_000);
    setPhone('degraded');
    clock.advance(500);
    setPhone('up');
    clock.advance(4_999);
    expect(active()).toBe('radio');
    clock.advance(1);
    expect(active()).toBe('phone');
  });

  it('goes to none when on radio and the radio link is down too', () => {
    selector.join('c1');
    setPhone('down');
    setRadio('down');
    expect(active()).toBe('none');
    expect(selector.snapshot().reason).toBe('no-working-path');
  });

  it('fails over to none instead of radio when radio is known down', () => {
    selector.join('c1');
    setRadio('down');
    setPhone('up');
    setPhone('down');
    expect(active()).toBe('none');
  });

  it('recovers from none to radio when the radio comes back while phone is still down', () => {
    selector.join('c1');
    setRadio('down');
    setPhone('down');
    expect(active()).toBe('none');
    setRadio('up');
    expect(active()).toBe('radio');
  });

  it('keeps a host override until it is released, then applies the normal rules', () => {
    selector.join('c1');
    setPhone('up');
    selector.pin('radio', 'host-anna');
    expect(selector.snapshot()).toMatchObject({ active: 'radio', override: 'radio', by: 'host-anna' });
    clock.advance(60_000);
    setPhone('degraded');
    setPhone('up');
    expect(active()).toBe('radio');
    clock.advance(60_000);
    expect(active()).toBe('radio');
    selector.release('host-anna');
    // The phone has been up for 60 s, longer than the stable period: straight back.
    expect(selector.snapshot()).toMatchObject({ active: 'phone', override: null, reason: 'phone-stable' });
  });

  it('reports an override even when it pins the path already in use', () => {
    selector.join('c1');
    setPhone('up');
    const before = changes.length;
    selector.pin('phone', 'host');
    expect(changes.length).toBe(before + 1);
    expect(changes.at(-1)?.path).toMatchObject({
      active: 'phone',
      override: 'phone',
      reason: 'override-phone',
    });
    selector.release('host');
    expect(changes.at(-1)?.path).toMatchObject({
      active: 'phone',
      override: null,
      reason: 'override-released',
    });
  });

  it('leaving the conference clears timers and the override', () => {
    selector.join('c1');
    setPhone('up');
    setPhone('down');
    setPhone('up');
    expect(clock.pendingTimers()).toBe(1);
    selector.pin('radio', 'host');
    selector.leave('conference-ended');
    expect(selector.snapshot()).toMatchObject({ active: 'none', override: null, conferenceId: null });
    expect(clock.pendingTimers()).toBe(0);
  });
});
