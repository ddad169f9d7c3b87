/**
 * The call-up (kallelse) to 100 organisations by SDS and by SMS, each through the real adapter on
 * a socat pty (real serialport bindings on both ends) to the simulators: time from sending until
 * the last delivery report, next to the wire limit of the configured baud rate for the bytes
 * that actually crossed (counted on the adapter's side, both ways): bytes × 10 bits (8N1) / baud.
 *
 *   npx vitest bench --run bench/call-up.bench.ts
 *
 * A pty does not pace bytes at the baud rate, so the measured time is software and simulated
 * network (SDS latency below, SMS status reports after 20 ms), not the UART; the wire limit says
 * what a real serial line at that rate could not beat. SDS go at most 4 at a time (the call-up
 * keeps room in the terminal's outbox), SMS one at a time on the modem, reports overlapping.
 */
import { afterAll, bench, describe } from 'vitest';
import type { ByteStream, ByteStreamOpener } from '../adapters/radio/byte-stream.js';
import { openSerialStream, serialOpener } from '../adapters/radio/serial-stream.js';
import { PeiRadioTerminal } from '../adapters/radio/terminal.js';
import { SmsModem } from '../adapters/sms/modem.js';
import { CallUpService } from '../bridge/call-up/service.js';
import { systemClock } from '../bridge/clock.js';
import type { ParticipantSpec } from '../bridge/model.js';
import { nullLogger } from '../bridge/null-logger.js';
import type { RadioTerminal, SmsSender } from '../bridge/ports.js';
import { SimulatedModem } from '../sim/gsm/modem.js';
import { servePty } from '../sim/tetra/pty-server.js';
import { TetraWorld } from '../sim/tetra/world.js';
import { createPtyPair } from '../test/adapters/radio/support/socat.js';
import { writeResult } from './support/results.js';

const ORGS = 100;
const BAUD = 115_200;
const SDS_ONE_WAY_MS = 20;
const TEXT =
  'KALLELSE: Höga flöden Umeälven (Älvgruppen Umeälven). Sammankallad av Länsstyrelsen (tib-anna) kl 03:12. Ring in: +46701740691.';

const participants = new Map<string, ParticipantSpec>(
  Array.from({ length: ORGS }, (_, i) => {
    const id = `org${i}`;
    return [
      id,
      {
        id,
        name: id,
        organisation: id,
        phoneNumbers: [],
        radio: { issi: String(2_420_000 + i) },
        smsNumbers: [`+4670174${String(i).padStart(4, '0')}`],
        priority: 3,
      },
    ];
  }),
);

/** Counts the bytes through the adapter's end of the link, both ways. */
function counted(open: ByteStreamOpener, bytes: { n: number }): ByteStreamOpener {
  return async () => {
    const stream = await open();
    stream.events.on('data', (b) => {
      bytes.n += b.length;
    });
    const write = stream.write.bind(stream);
    return Object.assign(Object.create(stream) as ByteStream, {
      write: (data: Uint8Array | string) => {
        bytes.n += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
        write(data);
      },
    });
  };
}

async function radioRig() {
  const pty = await createPtyPair();
  const world = new TetraWorld({
    clock: systemClock,
    latencyMs: SDS_ONE_WAY_MS,
    subscribers: [...participants.values()].map((p) => ({
      issi: p.radio?.issi as string,
      talkgroup: '9000',
    })),
    gatewayRadios: [{ id: 'gw', issi: '1000001', talkgroup: '9000' }],
  });
  const server = await servePty(pty.b, world.gatewayTerminal('gw'), BAUD);
  const bytes = { n: 0 };
  const terminal = new PeiRadioTerminal({
    id: 'gw',
    port: pty.a,
    issi: '1000001',
    talkgroup: '9000',
    open: counted(serialOpener(pty.a, { baudRate: BAUD }), bytes),
    clock: systemClock,
    logger: nullLogger,
  });
  await terminal.start();
  return {
    terminal,
    bytes,
    close: async () => {
      await terminal.close();
      await server.close();
      world.close();
      await pty.dispose();
    },
  };
}

async function modemRig() {
  const pty = await createPtyPair();
  const sim = new SimulatedModem(await openSerialStream(pty.b, { baudRate: BAUD }), { reportDelayMs: 20 });
  const bytes = { n: 0 };
  const modem = new SmsModem({
    id: 'modem',
    port: pty.a,
    open: counted(serialOpener(pty.a, { baudRate: BAUD }), bytes),
    clock: systemClock,
    logger: nullLogger,
  });
  await modem.start();
  return {
    modem,
    bytes,
    sim,
    close: async () => {
      await modem.close();
      sim.close();
      await pty.dispose();
    },
  };
}

/** One call-up over one channel; resolves with ms until the last outcome and the outcomes counted. */
function callUp(terminals: RadioTerminal[], sms: SmsSender | null, channel: 'sds' | 'sms') {
  return new Promise<{ ms: number; delivered: number; failed: number }>((resolve) => {
    const started = performance.now();
    const service: CallUpService = new CallUpService({
      participants,
      terminals,
      sms,
      clock: systemClock,
      logger: nullLogger,
      onEvent: () => {},
      onChange: (cid) => {
        const counts = service.snapshot(cid)?.counts[channel];
        if (counts && counts.sending === 0) {
          resolve({ ms: performance.now() - started, delivered: counts.delivered, failed: counts.failed });
        }
      },
    });
    service.send('bench', TEXT, 'bench', [...participants.keys()]);
  });
}

// Set up at module level: vitest bench does not run describe-level hooks before bench().
const radio = await radioRig();
const modem = await modemRig();
const runs: Record<'sds' | 'sms', { ms: number; delivered: number; failed: number; bytes: number }[]> = {
  sds: [],
  sms: [],
};

afterAll(async () => {
  const wireMs = (bytes: number) => (bytes * 10 * 1000) / BAUD;
  const figures = Object.fromEntries(
    (['sds', 'sms'] as const).map((channel) => {
      const r = runs[channel];
      const best = r.reduce((a, b) => (a && a.ms <= b.ms ? a : b), r[0]);
      return [
        channel,
        {
          runs: r.map((x) => ({ ...x, ms: Math.round(x.ms), wireLimitMs: Math.round(wireMs(x.bytes)) })),
          bestMs: best ? Math.round(best.ms) : null,
          bytesPerCallUp: best?.bytes ?? null,
          wireLimitMs: best ? Math.round(wireMs(best.bytes)) : null,
        },
      ];
    }),
  );
  const file = writeResult('call-up', {
    organisations: ORGS,
    baudRate: BAUD,
    sdsOneWayMs: SDS_ONE_WAY_MS,
    ...figures,
  });
  for (const channel of ['sds', 'sms'] as const) {
    for (const r of runs[channel]) {
      console.log(
        `call-up ${channel.toUpperCase()} to ${ORGS}: last outcome after ${Math.round(r.ms)} ms ` +
          `(${r.delivered} delivered, ${r.failed} failed); ${r.bytes} bytes on the wire = ` +
          `${Math.round(wireMs(r.bytes))} ms at ${BAUD} baud (wire limit)`,
      );
    }
  }
  console.log(`results: ${file}`);
  await radio.close();
  await modem.close();
});

describe(`call-up to ${ORGS} organisations over ptys at ${BAUD} baud`, () => {
  const measure = async (channel: 'sds' | 'sms') => {
    const counter = channel === 'sds' ? radio.bytes : modem.bytes;
    const before = counter.n;
    const r =
      channel === 'sds' ? await callUp([radio.terminal], null, 'sds') : await callUp([], modem.modem, 'sms');
    runs[channel].push({ ...r, bytes: counter.n - before });
  };
  bench('SDS: until the last delivery report', () => measure('sds'), {
    iterations: 3,
    warmupIterations: 0,
    time: 0,
  });
  bench('SMS: until the last status report', () => measure('sms'), {
    iterations: 3,
    warmupIterations: 0,
    time: 0,
  });
});
