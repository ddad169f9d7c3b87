/**
 * A gateway process for the restart suite: it runs DrachtioTelephony (the built dist/) on the real
 * servers, calls alpha out (or waits for a dial-in), starts a recording, prints READY, and then
 * waits to be killed with SIGKILL — a crash: no hang-up, no clean-up, sockets just close — or
 * stopped with SIGTERM, which detaches as `telephony.onShutdown: keep-calls` does and exits.
 * Usage: node crashing-gateway.mjs <call-out|dial-in> <recording file>  (env as env.ts)
 */
import pino from 'pino';
import { systemClock } from '../../dist/bridge/clock.js';
import { telephonySchema } from '../../dist/config/schema.js';
import { hashSecret } from '../../dist/config/secrets.js';
import { DrachtioTelephony } from '../../dist/gateway/telephony/drachtio-telephony.js';
import { realDrachtioDriver } from '../../dist/gateway/telephony/runtime.js';

const [mode, recording] = process.argv.slice(2);
const link = (value) => {
  const [host, port, secret] = value.split(':');
  return { host, port: Number(port), secret };
};
const telephony = new DrachtioTelephony({
  telephony: telephonySchema.parse({
    backend: 'drachtio',
    mediaTimeoutMs: 4000,
    callTimeoutMs: 15_000,
    drachtio: link(process.env.SAMBAND_DRACHTIO),
    freeswitch: {
      ...link(process.env.SAMBAND_FREESWITCH),
      listenAddress: process.env.SAMBAND_ESL_LISTEN ?? '127.0.0.1',
    },
    sip: { trunk: '127.0.0.1:5090', callerId: '+46101234567', trustedSources: ['127.0.0.0/8'] },
    timings: { qualityIntervalMs: 2000, watchdogIntervalMs: 5000, reconnectMinMs: 500 },
    capacity: { minIdleCpuPct: 0 }, // see harness.ts
  }),
  participants: [{ id: 'alpha', phoneNumbers: ['+46701000001', 'sip:+46701000002@127.0.0.1:5091'] }],
  conferences: [
    {
      id: 'weekly',
      name: 'Integration',
      rosterSize: 2,
      participantPinHash: hashSecret('2580', { N: 1024 }),
      dialInNumbers: ['+46101234567'],
    },
  ],
  radioLegs: 1,
  driver: realDrachtioDriver(),
  clock: systemClock,
  logger: pino({ level: process.env.SAMBAND_LOG_LEVEL ?? 'warn' }),
});

const connected = new Promise((resolve) => telephony.events.on('call.connected', resolve));
telephony.events.on('backend.status', async ({ available }) => {
  if (!available) return;
  console.log('LINKS UP');
  if (mode === 'call-out') {
    const result = await telephony.callOut({
      conferenceId: 'weekly',
      participantId: 'alpha',
      numbers: ['+46701000001'],
    });
    if (result.outcome !== 'answered') {
      console.log(`FAILED ${JSON.stringify(result)}`);
      process.exit(1);
    }
  }
  await connected;
  await telephony.startRecording('weekly', recording);
  console.log('READY');
});
process.on('SIGTERM', () => {
  telephony.detach().then(() => process.exit(0));
});
telephony.start();
