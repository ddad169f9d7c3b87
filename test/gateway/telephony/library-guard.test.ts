/**
 * Fault tests: the places where drachtio-srf / drachtio-fsmrf throw outside any promise
 * (library-guard.ts) are contained, and the process never sees an unhandled rejection or an
 * uncaught exception. The fakes throw where the libraries throw.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../bridge/ports.js';
import type { SipDialog, SrfLike } from '../../../gateway/telephony/drachtio-types.js';
import { containDialogs, contained } from '../../../gateway/telephony/library-guard.js';
import { settle } from '../../contracts/harness.js';
import { FakeClock } from '../../support/fake-clock.js';
import { FakeBackend } from './fakes/fake-backend.js';
import { ALPHA, CONF, type Fixture, fixture } from './fixture.js';

interface Entry {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

function recordingLogger(): { logger: Logger; entries: Entry[] } {
  const entries: Entry[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return { logger, entries };
}

/** Lets Node run its unhandled-rejection check (after the microtask queue has drained). */
async function nodeTurn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('library callbacks cannot end the process', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let f: Fixture | null = null;

  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    await f?.telephony.close();
    f = null;
    process.off('unhandledRejection', onUnhandled);
  });

  it("fsmrf's endpoint time-out destroys its dialog after drachtio is gone (ESOCKETDESTROYED): contained", async () => {
    const { logger, entries } = recordingLogger();
    f = await fixture({ logger });
    const fx = f;
    fx.backend.freeswitch.outboundSocket = 'late';
    const calling = fx.telephony.callOut({
      conferenceId: CONF,
      participantId: ALPHA.id,
      numbers: ALPHA.phoneNumbers,
    });
    await fx.advance(500);
    // drachtio-server dies while fsmrf waits for FreeSWITCH's outbound socket (seen at 300 calls).
    fx.backend.drachtio.state = 'down';
    fx.backend.srf().lose();
    const result = await settle(calling, fx.advance, 30_000);
    await nodeTurn();

    expect(unhandled).toEqual([]);
    expect(result.outcome).toBe('failed');
    const contained = entries.filter((e) => e.msg === 'BYE not sent: dialog already gone');
    expect(contained.map((e) => e.obj.err)).toContain('ESOCKETDESTROYED: provided socket has been destroyed');
  });

  it('a dialog destroyed and dropped by the library is observed; one awaited still rejects to its caller', async () => {
    const clock = new FakeClock();
    const backend = new FakeBackend(clock);
    const srf = containDialogs(backend.driver().createSrf(), recordingLogger().logger);
    srf.connect({ host: '127.0.0.1', port: 9022, secret: backend.drachtio.secret });
    await clock.advanceAsync(20);
    const dialog = await settle(
      srf.createUAC('sip:drachtio@127.0.0.1:5080', { localSdp: 'v=0' }),
      (ms) => clock.advanceAsync(ms),
      1000,
      10,
    );
    backend.srf().lose();
    dialog.destroy(); // dropped, as fsmrf's timeoutFn does
    await nodeTurn();
    expect(unhandled).toEqual([]);
    await expect(dialog.destroy()).rejects.toThrow();
  });

  it("srf's callback style (fsmrf connectCaller) hands over a guarded dialog too", async () => {
    const rejecting = {
      id: 'd1',
      destroy: () => Promise.reject(Object.assign(new Error('unable to find dialog'), { code: 'ENODIALOG' })),
    } as unknown as SipDialog;
    const srf = {
      createUAC: (...args: unknown[]) => {
        const cb = args.at(-1) as (err: unknown, d?: SipDialog) => void;
        setImmediate(() => cb(null, rejecting));
        return Promise.resolve(rejecting);
      },
      createUAS: () => Promise.resolve(rejecting),
    } as unknown as SrfLike;
    containDialogs(srf, recordingLogger().logger);
    const dialog = await new Promise<SipDialog | undefined>((resolve) =>
      (srf.createUAC as unknown as (...a: unknown[]) => void)('sip:x', {}, {}, (_: unknown, d?: SipDialog) =>
        resolve(d),
      ),
    );
    dialog?.destroy(); // dropped
    await nodeTurn();
    expect(unhandled).toEqual([]);
  });

  it('a handler that throws inside a library callback is logged and goes no further', () => {
    const { logger, entries } = recordingLogger();
    const handler = contained(logger, 'srf INVITE handler', () => {
      throw new Error('boom');
    });
    expect(() => handler()).not.toThrow();
    expect(entries).toContainEqual({
      level: 'error',
      obj: { err: 'boom', where: 'srf INVITE handler' },
      msg: 'library callback threw: contained',
    });
  });

  it('an async handler that rejects is observed too', async () => {
    const { logger, entries } = recordingLogger();
    contained(logger, 'endpoint destroy', async () => {
      throw new Error('late boom');
    })();
    await nodeTurn();
    expect(unhandled).toEqual([]);
    expect(entries.map((e) => e.obj.err)).toContain('late boom');
  });
});
