import { beforeEach, expect, it } from 'vitest';
import { StateThrottle } from '../../../adapters/mqtt/state-throttle.js';
import { FakeClock } from '../../support/fake-clock.js';

let clock: FakeClock;
let sent: string[];
let throttle: StateThrottle<number>;

beforeEach(() => {
  clock = new FakeClock();
  sent = [];
  throttle = new StateThrottle({ clock, windowMs: 250, send: (key, value) => sent.push(`${key}=${value}`) });
});

it('sends the first change of a quiet key at once', () => {
  throttle.offer('weekly', 1);
  expect(sent).toEqual(['weekly=1']);
});

it('holds changes within the window and sends only the latest when it ends', () => {
  throttle.offer('weekly', 1);
  throttle.offer('weekly', 2);
  throttle.offer('weekly', 3);
  clock.advance(249);
  expect(sent).toEqual(['weekly=1']);
  clock.advance(1);
  expect(sent).toEqual(['weekly=1', 'weekly=3']);
});

it('keeps a steady stream to one send per window, ending on the last value', () => {
  for (let i = 1; i <= 100; i++) {
    throttle.offer('weekly', i);
    clock.advance(10);
  }
  clock.advance(1000);
  expect(sent.length).toBeLessThanOrEqual(6);
  expect(sent.at(-1)).toBe('weekly=100');
  expect(clock.pendingTimers()).toBe(0);
});

it('sends at once again after a quiet window', () => {
  throttle.offer('weekly', 1);
  clock.advance(250);
  throttle.offer('weekly', 2);
  expect(sent).toEqual(['weekly=1', 'weekly=2']);
});

it('throttles each key on its own', () => {
  throttle.offer('a', 1);
  throttle.offer('b', 1);
  throttle.offer('a', 2);
  expect(sent).toEqual(['a=1', 'b=1']);
  clock.advance(250);
  expect(sent).toEqual(['a=1', 'b=1', 'a=2']);
});

it('flush sends what is held and leaves no timer behind', () => {
  throttle.offer('a', 1);
  throttle.offer('a', 2);
  throttle.offer('b', 1);
  throttle.flush();
  expect(sent).toEqual(['a=1', 'b=1', 'a=2']);
  expect(clock.pendingTimers()).toBe(0);
  throttle.offer('a', 3);
  expect(sent.at(-1)).toBe('a=3');
});

it('discard forgets what is held', () => {
  throttle.offer('a', 1);
  throttle.offer('a', 2);
  throttle.discard();
  clock.advance(1000);
  expect(sent).toEqual(['a=1']);
  expect(clock.pendingTimers()).toBe(0);
});
