/**
 * A virtual TETRA network (SwMI): subscribers by ISSI, talkgroups, SDS routing with delivery
 * reports, group calls with one talker at a time and a hang time, per-terminal coverage and
 * power. Every delay goes through the injected Clock, so tests run in fake time.
 */
import type { Clock, TimerHandle } from '../../bridge/ports.js';

export type SimCallEvent =
  /** `priority` 0–15; 15 is an emergency call. */
  | { kind: 'incoming'; callId: number; gssi: string; caller: string; priority: number }
  | { kind: 'connected'; callId: number; gssi: string }
  /** 0 granted, 1 not granted, 2 queued, 3 granted to another user. */
  | { kind: 'grant'; callId: number; grant: 0 | 1 | 2 | 3; talker: string }
  | { kind: 'ceased'; callId: number }
  | { kind: 'released'; callId: number; cause: number };

/** What the network needs from a subscriber terminal. */
export interface SimNode {
  readonly issi: string;
  /** Powered on and in coverage. */
  reachable(): boolean;
  selectedGroup(): string | null;
  /** `aiService` 12 = SDS type 4, 13 = status. */
  deliverSds(from: string, bits: number, hex: string, aiService: number): void;
  callEvent(event: SimCallEvent): void;
}

export interface TetraNetworkOptions {
  clock: Clock;
  /** One-way latency of every network operation. */
  latencyMs?: number;
  /** A group call with nobody talking ends after this (cause 13, expiry of timer). */
  hangTimeMs?: number;
}

interface GroupCallState {
  id: number;
  gssi: string;
  members: Set<string>;
  talker: string | null;
  hangTimer: TimerHandle | null;
}

export const CAUSE_USER_DISCONNECT = 1;
export const CAUSE_TIMER_EXPIRY = 13;

export class TetraNetwork {
  readonly #clock: Clock;
  #latencyMs: number;
  readonly #hangTimeMs: number;
  readonly #nodes = new Map<string, SimNode>();
  readonly #calls = new Map<string, GroupCallState>();
  readonly #timers = new Set<TimerHandle>();
  #nextCallId = 1;

  constructor(options: TetraNetworkOptions) {
    this.#clock = options.clock;
    this.#latencyMs = options.latencyMs ?? 50;
    this.#hangTimeMs = options.hangTimeMs ?? 10_000;
  }

  /** Changes the one-way latency of subsequent operations. */
  setLatency(ms: number): void {
    this.#latencyMs = ms;
  }

  attach(node: SimNode): void {
    this.#nodes.set(node.issi, node);
  }

  detach(issi: string): void {
    this.#nodes.delete(issi);
  }

  /** Routes an SDS; `onReport(true)` once delivered, `onReport(false)` if the target is unreachable. */
  sendSds(
    from: string,
    to: string,
    bits: number,
    hex: string,
    onReport: (delivered: boolean) => void,
    aiService = 12,
  ): void {
    this.#later(() => {
      const target = this.#nodes.get(to);
      const sender = this.#nodes.get(from);
      const delivered = target?.reachable() === true;
      if (delivered) target?.deliverSds(from, bits, hex, aiService);
      this.#later(() => {
        if (sender?.reachable()) onReport(delivered);
      });
    });
  }

  /**
   * Sets up (or joins) the group call on `gssi`; the caller gets `connected`, members `incoming`
   * with the call's priority (15 = emergency).
   */
  setupGroupCall(from: string, gssi: string, priority = 0): void {
    this.#later(() => {
      let call = this.#calls.get(gssi);
      if (!call) {
        call = { id: this.#nextCallId++, gssi, members: new Set(), talker: null, hangTimer: null };
        this.#calls.set(gssi, call);
        for (const node of this.#nodes.values()) {
          if (node.issi === from || node.selectedGroup() !== gssi || !node.reachable()) continue;
          call.members.add(node.issi);
          node.callEvent({ kind: 'incoming', callId: call.id, gssi, caller: from, priority });
        }
        this.#armHangTimer(call);
      }
      call.members.add(from);
      this.#nodes.get(from)?.callEvent({ kind: 'connected', callId: call.id, gssi });
    });
  }

  /** Transmit demand: granted if the floor is free, refused otherwise. */
  demandTx(from: string, callId: number): void {
    this.#later(() => {
      const call = this.#byId(callId);
      if (!call?.members.has(from)) return;
      const node = this.#nodes.get(from);
      if (call.talker !== null && call.talker !== from) {
        node?.callEvent({ kind: 'grant', callId, grant: 1, talker: call.talker });
        return;
      }
      call.talker = from;
      this.#disarm(call);
      for (const issi of call.members) {
        const grant = issi === from ? 0 : 3;
        this.#nodes.get(issi)?.callEvent({ kind: 'grant', callId, grant, talker: from });
      }
    });
  }

  ceaseTx(from: string, callId: number): void {
    this.#later(() => {
      const call = this.#byId(callId);
      if (!call || call.talker !== from) return;
      call.talker = null;
      for (const issi of call.members) {
        if (issi !== from) this.#nodes.get(issi)?.callEvent({ kind: 'ceased', callId });
      }
      this.#armHangTimer(call);
    });
  }

  /** A member leaves (ATH); the floor is freed if it held it. */
  leaveCall(from: string, callId: number): void {
    const call = this.#byId(callId);
    if (!call?.members.has(from)) return;
    if (call.talker === from) this.ceaseTx(from, callId);
    call.members.delete(from);
    this.#nodes.get(from)?.callEvent({ kind: 'released', callId, cause: CAUSE_USER_DISCONNECT });
    if (call.members.size === 0) this.#end(call, CAUSE_USER_DISCONNECT);
  }

  /** Who is talking on `gssi` now (null if nobody or no call). */
  talker(gssi: string): string | null {
    return this.#calls.get(gssi)?.talker ?? null;
  }

  close(): void {
    for (const t of this.#timers) this.#clock.clearTimeout(t);
    this.#timers.clear();
    this.#calls.clear();
  }

  #byId(callId: number): GroupCallState | undefined {
    return [...this.#calls.values()].find((c) => c.id === callId);
  }

  #armHangTimer(call: GroupCallState): void {
    this.#disarm(call);
    call.hangTimer = this.#after(this.#hangTimeMs, () => {
      call.hangTimer = null;
      if (call.talker === null) this.#end(call, CAUSE_TIMER_EXPIRY);
    });
  }

  #disarm(call: GroupCallState): void {
    if (call.hangTimer) this.#clock.clearTimeout(call.hangTimer);
    if (call.hangTimer) this.#timers.delete(call.hangTimer);
    call.hangTimer = null;
  }

  #end(call: GroupCallState, cause: number): void {
    this.#disarm(call);
    this.#calls.delete(call.gssi);
    for (const issi of call.members)
      this.#nodes.get(issi)?.callEvent({ kind: 'released', callId: call.id, cause });
  }

  #later(fn: () => void): void {
    this.#after(this.#latencyMs, fn);
  }

  #after(ms: number, fn: () => void): TimerHandle {
    const t = this.#clock.setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
    return t;
  }
}
