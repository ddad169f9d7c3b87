/**
 * Carrier trunk health as a link of the gateway itself (issue 9): what the telephony adapter
 * reports per trunk (OPTIONS keep-alive, registration), kept by the core so that MQTT, OPC UA,
 * /readyz, metrics and the board can show it, and so that "no trunk usable" moves phone-path
 * participants to radio at once (PhoneLinkMonitor, reason `trunks-down`).
 */
export const TRUNK_STATES = ['unknown', 'up', 'down'] as const;
export type TrunkState = (typeof TRUNK_STATES)[number];

/** `none`: the trunk does not register. */
export const TRUNK_REGISTRATIONS = ['none', 'registering', 'registered', 'failed'] as const;
export type TrunkRegistration = (typeof TRUNK_REGISTRATIONS)[number];

export interface TrunkStatus {
  id: string;
  state: TrunkState;
  /** ISO-8601 UTC time of the last state change. */
  since: string;
  reason: string;
  registration: TrunkRegistration;
  /** Round trip of the last answered OPTIONS (ms), null before the first. */
  rttMs: number | null;
}

export interface TrunksReport {
  trunks: TrunkStatus[];
  /** Some trunk can take calls (up, or unknown: not probed yet or keep-alive off). */
  usable: boolean;
}

/** The latest report, and each trunk whose status changed told once. */
export class TrunkWatch {
  readonly #byId = new Map<string, TrunkStatus>();
  #usable = true;

  constructor(private readonly changed: (trunk: TrunkStatus, usable: boolean) => void) {}

  report(report: TrunksReport): void {
    this.#usable = report.usable;
    for (const trunk of report.trunks) {
      const before = this.#byId.get(trunk.id);
      this.#byId.set(trunk.id, trunk);
      if (!before || JSON.stringify(before) !== JSON.stringify(trunk)) this.changed(trunk, report.usable);
    }
  }

  get usable(): boolean {
    return this.#usable;
  }

  snapshot(): TrunkStatus[] {
    return [...this.#byId.values()];
  }
}
