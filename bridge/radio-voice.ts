/**
 * The voice side of the radio fallback: the gateway's terminals key up for conference speech
 * only while someone is on the radio path, and only phone-path speech counts — a participant on
 * radio is heard through the radio leg itself, so its speech must never key a radio (echo).
 * One FloorControl per terminal does the keying; this decides when it may.
 */
import { FloorControl, type FloorSnapshot, type FloorTimings } from './floor-control.js';
import type { ActivePath } from './model.js';
import type { Clock, Logger, RadioTerminal } from './ports.js';

export interface RadioVoiceOptions {
  terminals: readonly RadioTerminal[];
  clock: Clock;
  logger: Logger;
  timings: FloorTimings;
  participantFor(issi: string): string | undefined;
  onFloor(floor: FloorSnapshot): void;
  /** The participant's active path now. */
  activePathOf(participantId: string): ActivePath | null;
  /** Whether anyone is on the radio path now. */
  anyoneOnRadio(): boolean;
}

export class RadioVoice {
  readonly #floors: FloorControl[];
  readonly #o: RadioVoiceOptions;
  /** Phone participants talking in the conference now (they drive radio keying). */
  readonly #talking = new Set<string>();

  constructor(options: RadioVoiceOptions) {
    this.#o = options;
    this.#floors = options.terminals.map(
      (terminal) =>
        new FloorControl({
          terminal,
          clock: options.clock,
          logger: options.logger,
          timings: options.timings,
          participantFor: options.participantFor,
          onChange: options.onFloor,
        }),
    );
  }

  /** A participant's phone leg started or stopped talking. */
  setTalking(participantId: string, talking: boolean): void {
    const counts = talking && this.#o.activePathOf(participantId) === 'phone';
    const before = this.#talking.size > 0;
    if (counts) this.#talking.add(participantId);
    else this.#talking.delete(participantId);
    const now = this.#talking.size > 0;
    if (now !== before) for (const floor of this.#floors) floor.setConferenceSpeech(now);
  }

  /** A participant's path changed: speech off the phone path stops counting; radio demand follows. */
  pathChanged(participantId: string, active: ActivePath, previous: ActivePath): void {
    if (active !== 'phone') this.setTalking(participantId, false);
    if (active === 'radio' || previous === 'radio') {
      const enabled = this.#o.anyoneOnRadio();
      for (const floor of this.#floors) floor.setEnabled(enabled);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#floors.map((floor) => floor.close()));
  }
}
