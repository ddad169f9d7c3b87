/**
 * The whole fake world for one test: a drachtio-server, a FreeSWITCH and a SIP network of
 * phones, all in fake time, and the DrachtioDriver that hands the adapter fakes of the real
 * library objects. Helpers inspect what a real deployment would leak (open channels, dialogs).
 */
import type { DrachtioDriver } from '../../../../gateway/telephony/drachtio-types.js';
import type { FakeClock } from '../../../support/fake-clock.js';
import { type FakeMediaServer, FakeMrf, type FreeswitchState } from './fake-media-server.js';
import { FakePhone, phoneIdFromSdp } from './fake-phone.js';
import { type DrachtioState, FakeSrf } from './fake-srf.js';

export const DRACHTIO_SECRET = 'drachtio-test-secret';
export const FREESWITCH_SECRET = 'esl-test-secret';

export class FakeBackend {
  readonly drachtio: DrachtioState = { state: 'up', secret: DRACHTIO_SECRET };
  readonly freeswitch: FreeswitchState = { state: 'up', secret: FREESWITCH_SECRET };
  readonly phones = new Map<string, FakePhone>();
  readonly dialledUris: string[] = [];
  readonly srfs: FakeSrf[] = [];
  readonly mrfs: FakeMrf[] = [];

  constructor(readonly clock: FakeClock) {}

  /** A phone reachable as `number` (E.164 through the trunk, or a SIP URI). */
  phone(number: string): FakePhone {
    let phone = this.phones.get(number);
    if (!phone) {
      phone = new FakePhone(number);
      this.phones.set(number, phone);
    }
    return phone;
  }

  /** Numbers (as configured) in the order they were dialled. */
  dialled(): string[] {
    return this.dialledUris.map((uri) => numberOf(uri));
  }

  driver(): DrachtioDriver {
    const network = {
      byUri: (uri: string) => this.phones.get(numberOf(uri)) ?? null,
      dialled: (uri: string) => this.dialledUris.push(uri),
      bySdp: (sdp: string | undefined) => {
        const id = phoneIdFromSdp(sdp);
        return [...this.phones.values(), ...this.#callers].find((p) => p.id === id) ?? null;
      },
    };
    return {
      createSrf: () => {
        const srf = new FakeSrf(this.clock, this.drachtio, network);
        this.srfs.push(srf);
        return srf;
      },
      createMrf: () => {
        const mrf = new FakeMrf(this.clock, this.freeswitch, network);
        this.mrfs.push(mrf);
        return mrf;
      },
    };
  }

  readonly #callers: FakePhone[] = [];

  /** A caller who dials in from `callingNumber` to `calledNumber`. */
  dialIn(callingNumber: string, calledNumber = '+46101234567', digits: string[] = []) {
    const caller = new FakePhone(`sip:${callingNumber}@192.0.2.10`);
    caller.digits = [...digits];
    caller.autoDigits = undefined;
    this.#callers.push(caller);
    const srf = this.srf();
    return { caller, ...srf.placeCall(caller, callingNumber, calledNumber) };
  }

  srf(): FakeSrf {
    const srf = this.srfs.at(-1);
    if (!srf) throw new Error('the adapter created no Srf');
    return srf;
  }

  mediaServer(): FakeMediaServer {
    const ms = this.mrfs.at(-1)?.servers.at(-1);
    if (!ms) throw new Error('the adapter has no media server');
    return ms;
  }

  /** FreeSWITCH channels still open on every media server (leak check). */
  openChannels(): number {
    return this.mrfs.flatMap((m) => m.servers).reduce((n, ms) => n + ms.channels.size, 0);
  }

  /** Open channels other than the hidden conference control members. */
  openCallChannels(): number {
    return this.mrfs
      .flatMap((m) => m.servers)
      .flatMap((ms) => [...ms.channels])
      .filter((ep) => !ep.flags?.endconf).length;
  }

  /** SIP dialogs with phones still up (leak check). */
  openDialogs(): number {
    return this.srfs.reduce((n, srf) => n + srf.dialogs.size, 0);
  }

  /** FreeSWITCH's inbound event socket drops (it keeps running). */
  dropEventSocket(): void {
    for (const ms of this.mrfs.flatMap((m) => m.servers)) {
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
