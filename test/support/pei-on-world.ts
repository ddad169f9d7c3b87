/** The real PEI adapter on a simulated RAKEL world's in-memory link, started in fake time. */
import { PeiRadioTerminal } from '../../adapters/radio/terminal.js';
import { nullLogger } from '../../bridge/null-logger.js';
import type { TetraWorld } from '../../sim/tetra/world.js';
import type { FakeClock } from './fake-clock.js';

export async function startPeiOnWorld(
  world: TetraWorld,
  clock: FakeClock,
  radio: { id: string; issi: string; talkgroup: string },
): Promise<PeiRadioTerminal> {
  const terminal = new PeiRadioTerminal({
    ...radio,
    port: `sim:${radio.id}`,
    open: world.opener(radio.id),
    clock,
    logger: nullLogger,
  });
  let started = false;
  const starting = terminal.start().then(() => {
    started = true;
  });
  for (let i = 0; i < 100 && !started; i++) await clock.advanceAsync(100, 50);
  await starting;
  return terminal;
}

/** Closing sends AT+CUTXC/ATH and waits for answers, so time must pass meanwhile. */
export async function closeInFakeTime(terminal: PeiRadioTerminal, clock: FakeClock): Promise<void> {
  const closing = terminal.close();
  await clock.advanceAsync(3_000, 50);
  await closing;
}
