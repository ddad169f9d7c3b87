/**
 * A virtual TETRA terminal: a subscriber of the virtual network that speaks PEI bytes over any
 * ByteStream (an in-memory pair in tests, a socat pty via servePty). It echoes commands until
 * ATE0, reports SDS delivery as `+CMGS: <inst>,4|5,<ref>`, and prints unsolicited codes for
 * incoming SDS and group-call events. Power-off makes it silent; coverage-off makes the network
 * unreachable (+CSQ 99, +CREG 0, +CME ERROR: 30).
 */
import type { ByteStream } from '../../adapters/radio/byte-stream.js';
import { interpret, type PeiTarget } from './at-interpreter.js';
import { CommandReader } from './command-reader.js';
import type { SimCallEvent, SimNode, TetraNetwork } from './network.js';
import { PeiOut, tsi } from './pei-format.js';

const MAX_RECEIVED = 100;
/** TETRA call priority 15: emergency (pre-emptive). */
export const EMERGENCY_PRIORITY = 15;
const AI_SERVICE_STATUS = 13;

export interface VirtualTerminalOptions {
  issi: string;
  network: TetraNetwork;
  talkgroup?: string;
  /** +CSQ value 0–31 while in coverage (dBm = −113 + 2n). */
  signal?: number;
  /** Refuse AT+CMGS until `AT+CTSDS=12,…` selected the service (some vendors). */
  requiresSdsServiceSelect?: boolean;
  /** Send `> ` after AT+CMGS (some vendors). */
  cmgsPrompt?: boolean;
  /** Refuse AT+CMGS with `+CME ERROR: 43` (terminal busy) while a call is active (some vendors). */
  sdsBusyInCall?: boolean;
}

export class VirtualTerminal implements SimNode, PeiTarget {
  readonly issi: string;
  readonly ownTsi: string;
  readonly vendor = 'SAMBAND-SIM';
  readonly model = 'VT-1';
  readonly requiresSdsServiceSelect: boolean;
  readonly sdsBusyInCall: boolean;
  echo = true;
  mode = 0;
  talkgroup: string | null;
  sdsServiceSelected = false;
  #network: TetraNetwork;
  #signal: number;
  #powered = true;
  #coverage = true;
  #prompt: boolean;
  #stream: ByteStream | null = null;
  #detach: Array<() => void> = [];
  #nextInstance = 0;
  #callId: number | null = null;
  /** Every SDS received (for assertions on terminals with no PEI attached). */
  readonly received: Array<{ from: string; bits: number; hex: string }> = [];

  constructor(options: VirtualTerminalOptions) {
    this.issi = options.issi;
    this.ownTsi = tsi(options.issi);
    this.#network = options.network;
    this.talkgroup = options.talkgroup ?? null;
    this.#signal = options.signal ?? 20;
    this.requiresSdsServiceSelect = options.requiresSdsServiceSelect ?? false;
    this.sdsBusyInCall = options.sdsBusyInCall ?? false;
    this.#prompt = options.cmgsPrompt ?? false;
    options.network.attach(this);
  }

  /** Serves PEI on `stream` until it closes or `detach` is called. */
  attach(stream: ByteStream): () => void {
    this.detach();
    const reader = new CommandReader();
    this.#stream = stream;
    this.#detach = [
      stream.events.on('data', (bytes) => {
        if (!this.#powered) return;
        if (this.#prompt && /AT\+CMGS=/i.test(Buffer.from(bytes).toString('latin1'))) stream.write('\r\n> ');
        for (const cmd of reader.push(bytes)) {
          if (this.echo) stream.write(`${cmd.line}\r${cmd.body !== undefined ? `\n${cmd.body}\x1a` : ''}`);
          this.#print(interpret(cmd, this));
        }
      }),
      stream.events.on('close', () => this.detach()),
    ];
    return () => this.detach();
  }

  detach(): void {
    for (const off of this.#detach) off();
    this.#detach = [];
    this.#stream = null;
  }

  // ------------------------------------------------------------ fault injection
  setPower(on: boolean): void {
    this.#powered = on;
    if (!on) this.#callId = null;
  }
  setCoverage(on: boolean): void {
    this.#coverage = on;
  }
  setSignal(n: number): void {
    this.#signal = n;
  }
  /** Writes raw bytes to the gateway (garbage, split lines…). */
  inject(bytes: Uint8Array | string): void {
    this.#stream?.write(bytes);
  }

  // ------------------------------------------------------------ SimNode (network side)
  reachable(): boolean {
    return this.#powered && this.#coverage;
  }
  selectedGroup(): string | null {
    return this.talkgroup;
  }
  inCoverage(): boolean {
    return this.#coverage;
  }
  signal(): number {
    return this.#coverage ? this.#signal : 99;
  }
  deliverSds(from: string, bits: number, hex: string, aiService = 12): void {
    this.received.push({ from, bits, hex });
    // Bounded: a simulator left running for days must not grow without limit.
    if (this.received.length > MAX_RECEIVED) this.received.splice(0, this.received.length - MAX_RECEIVED);
    this.#print([PeiOut.sdsHeader(from, this.issi, bits, aiService), hex]);
  }
  callEvent(e: SimCallEvent): void {
    if (!this.#powered) return;
    switch (e.kind) {
      case 'incoming':
        this.#callId = e.callId;
        this.#print([PeiOut.incoming(e.callId, tsi(e.caller), tsi(e.gssi), e.priority)]);
        return;
      case 'connected':
        this.#callId = e.callId;
        this.#print([PeiOut.connected(e.callId)]);
        return;
      case 'grant':
        this.#print([PeiOut.grant(e.callId, e.grant, tsi(e.talker))]);
        return;
      case 'ceased':
        this.#print([PeiOut.ceased(e.callId)]);
        return;
      case 'released':
        if (this.#callId === e.callId) this.#callId = null;
        this.#print([PeiOut.released(e.callId, e.cause)]);
        return;
    }
  }

  // ------------------------------------------------------------ PeiTarget (PEI side) and user actions
  sendSds(to: string, bits: number, hex: string): number {
    const instance = this.#nextInstance;
    this.#nextInstance = (this.#nextInstance + 1) % 256;
    const ref = hex.startsWith('82') ? Number.parseInt(hex.slice(4, 6), 16) : 0;
    this.#network.sendSds(this.issi, to, bits, hex, (delivered) => {
      this.#print([PeiOut.cmgsReport(instance, delivered, ref)]);
    });
    return instance;
  }
  inCall(): boolean {
    return this.#callId !== null;
  }
  dial(gssi: string, priority = 0): void {
    this.#network.setupGroupCall(this.issi, gssi, priority);
  }
  /** The user presses the emergency button: an emergency-priority (15) group call on the selected talkgroup. */
  emergencyCall(): boolean {
    if (!this.talkgroup || !this.reachable()) return false;
    this.dial(this.talkgroup, EMERGENCY_PRIORITY);
    return true;
  }
  /** The user sends a status message (AI service 13), e.g. status 0, "emergency". */
  sendStatus(to: string, value: number): void {
    const hex = (value & 0xffff).toString(16).toUpperCase().padStart(4, '0');
    this.#network.sendSds(this.issi, to, 16, hex, () => {}, AI_SERVICE_STATUS);
  }
  demandTx(cci: number): boolean {
    if (this.#callId !== cci) return false;
    this.#network.demandTx(this.issi, cci);
    return true;
  }
  ceaseTx(cci: number): boolean {
    if (this.#callId !== cci) return false;
    this.#network.ceaseTx(this.issi, cci);
    return true;
  }
  hangup(): void {
    if (this.#callId !== null) this.#network.leaveCall(this.issi, this.#callId);
    this.#callId = null;
  }
  /** The user presses PTT (a terminal with no PEI attached, e.g. a participant's radio). */
  pressPtt(): boolean {
    if (this.#callId === null) return false;
    return this.demandTx(this.#callId);
  }
  releasePtt(): boolean {
    return this.#callId !== null && this.ceaseTx(this.#callId);
  }

  #print(lines: string[]): void {
    if (!this.#powered || !this.#stream) return;
    this.#stream.write(lines.map((l) => `\r\n${l}\r\n`).join(''));
  }
}
