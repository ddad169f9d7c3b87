/**
 * The whole fake world for one test: a drachtio-server, a FreeSWITCH and a SIP network of
 * phones, all in the world's fake time, and the DrachtioDriver that hands the adapter fakes of
 * the real library objects. The servers outlive the gateway process: crashGateway() kills it
 * (every library object it holds goes silent) and the driver then builds objects for a fresh
 * process that connects to the same servers. Helpers inspect what a real deployment would leak.
 */
import type { DrachtioDriver } from '../../../../gateway/telephony/drachtio-types.js';
import type { FakeClock } from '../../../support/fake-clock.js';
import { FakeDrachtioServer } from './fake-drachtio-server.js';
import { FakeFreeswitch } from './fake-freeswitch.js';
import { type FakeMediaServer, FakeMrf } from './fake-media-server.js';
import { FakePhone, phoneIdFromSdp } from './fake-phone.js';
import { FakeProcess } from './fake-process.js';
import { FakeSrf, type SipNetwork } from './fake-srf.js';
import { FakeTrunk, hostportOf } from './fake-trunk.js';

export const DRACHTIO_SECRET = 'drachtio-test-secret';
export const FREESWITCH_SECRET = 'esl-test-secret';

export class FakeBackend {
  readonly drachtio = new FakeDrachtioServer(DRACHTIO_SECRET);
  readonly freeswitch: FakeFreeswitch;
  readonly phones = new Map<string, FakePhone>();
  readonly dialledUris: string[] = [];
  /** Carrier trunks by host:port; a URI to any other host reaches the phone directly. */
  readonly trunks = new Map<string, FakeTrunk>();
  /** Every Srf and Mrf the driver built, for every gateway process, oldest first. */
  readonly srfs: FakeSrf[] = [];
  readonly mrfs: FakeMrf[] = [];
  readonly #callers: FakePhone[] = [];
  readonly #network: SipNetwork;
  /** The gateway process the driver builds library objects for now. */
  #process = new FakeProcess();

  /** `clock` is the world's: the servers' and phones' timers run on it, never on an adapter's. */
  constructor(readonly clock: FakeClock) {
    this.#network = {
      byUri: (uri: string) => this.phones.get(numberOf(uri)) ?? null,
      dialled: (uri: string) => this.dialledUris.push(uri),
      trunkAt: (uri: string) => this.trunks.get(hostportOf(uri)) ?? null,
    };
    const bySdp = (sdp: string | undefined) => {
      const id = phoneIdFromSdp(sdp);
      return [...this.phones.values(), ...this.#callers].find((p) => p.id === id) ?? null;
    };
    this.freeswitch = new FakeFreeswitch(clock, FREESWITCH_SECRET, this.drachtio.dialogs, { bySdp });
  }

  /** A phone reachable as `number` (E.164 through the trunk, or a SIP URI). */
  phone(number: string): FakePhone {
    let phone = this.phones.get(number);
    if (!phone) {
      phone = new FakePhone(number);
      this.phones.set(number, phone);
    }
    return phone;
  }

  /** A trunk answering at `hostport` (host:port). */
  trunk(hostport: string): FakeTrunk {
    let trunk = this.trunks.get(hostport);
    if (!trunk) {
      trunk = new FakeTrunk(hostport);
      this.trunks.set(hostport, trunk);
    }
    return trunk;
  }

  /** Numbers (as configured) in the order they were dialled. */
  dialled(): string[] {
    return this.dialledUris.map((uri) => numberOf(uri));
  }

  /** Builds objects for the process alive when each is created (so one driver serves a restart too). */
  driver(): DrachtioDriver {
    return {
      createSrf: () => {
        const srf = new FakeSrf(this.clock, this.drachtio, this.#network, this.#process);
        this.srfs.push(srf);
        return srf;
      },
      createMrf: (srf) => {
        const mrf = new FakeMrf(this.freeswitch, this.#process, srf);
        this.mrfs.push(mrf);
        return mrf;
      },
    };
  }

  /**
   * The gateway process dies (kill -9). Its Srf and MediaServer sockets close without events,
   * its endpoints' outbound sockets and its dialogs' listeners are gone, and nothing it calls or
   * awaits ever settles. drachtio-server keeps every dialog and FreeSWITCH every channel and
   * room; the phones stay in their calls. Objects the driver builds from now on belong to a new
   * process.
   */
  crashGateway(): void {
    this.#process.kill();
    this.#process = new FakeProcess();
  }

  /** A caller who dials in from `callingNumber` to `calledNumber` (through the newest Srf). */
  dialIn(
    callingNumber: string,
    calledNumber = '+46101234567',
    digits: string[] = [],
    from: { sourceAddress?: string; userAgent?: string } = {},
  ) {
    const caller = new FakePhone(`sip:${callingNumber}@192.0.2.10`);
    caller.digits = [...digits];
    caller.autoDigits = undefined;
    this.#callers.push(caller);
    const srf = this.srf();
    return { caller, ...srf.placeCall(caller, callingNumber, calledNumber, from) };
  }

  /** The newest Srf (the restarted gateway's, after a crash). */
  srf(): FakeSrf {
    const srf = this.srfs.at(-1);
    if (!srf) throw new Error('the adapter created no Srf');
    return srf;
  }

  /** The newest inbound connection to FreeSWITCH (the restarted gateway's, after a crash). */
  mediaServer(): FakeMediaServer {
    const ms = this.freeswitch.connections.at(-1);
    if (!ms) throw new Error('the adapter has no media server');
    return ms;
  }

  /** FreeSWITCH channels still open (leak check). */
  openChannels(): number {
    return this.freeswitch.channels.size;
  }

  /** Open channels other than the hidden conference control members. */
  openCallChannels(): number {
    return [...this.freeswitch.channels].filter((ep) => !ep.flags?.endconf).length;
  }

  /** SIP dialogs with phones drachtio-server still holds (leak check). */
  openDialogs(): number {
    return this.drachtio.phoneDialogs().length;
  }

  /** FreeSWITCH's inbound event socket drops (it keeps running). */
  dropEventSocket(): void {
    for (const ms of this.freeswitch.connections) {
      if (!ms.connected) continue;
      ms.connected = false;
      ms.emit('end');
    }
  }
}

function numberOf(uri: string): string {
  const user = /^sips?:([^@]+)@/.exec(uri)?.[1];
  return user && /^\+?[0-9]+$/.test(user) ? user : uri;
}
