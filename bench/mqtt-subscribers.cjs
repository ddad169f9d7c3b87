// Subscriber side of bench/mqtt-throughput.bench.ts, in a worker thread so that 100 client
// connections do not compete with the broker under test for the main thread.
// Counts, per subscriber, messages carrying the current round's marker; reports when all have
// `target`. With `latency` set it also reads each message's send time (the link's reason is
// `<marker>@<ms since the epoch>`, a clock every thread of the process shares) and reports
// every delivery's latency; only then is the payload parsed, so throughput rounds stay cheap.
const { parentPort, workerData } = require('node:worker_threads');
const mqtt = require(workerData.mqttPath);

const clients = [];
let marker = null;
let target = 0;
let counts = [];
let complete = 0;
let latencies = null;
let received = 0;

const now = () => performance.timeOrigin + performance.now();

async function start() {
  for (let i = 0; i < workerData.subscribers; i++) {
    const client = await mqtt.connectAsync(workerData.url, { ...workerData.auth, reconnectPeriod: 0 });
    const index = i;
    client.on('message', (_topic, payload) => {
      if (marker === null || !payload.includes(marker)) return;
      if (latencies) {
        const sentAt = Number(JSON.parse(payload.toString('utf8')).reason.split('@')[1]);
        latencies[received++] = now() - sentAt;
      }
      counts[index]++;
      if (counts[index] === target && ++complete === clients.length) {
        const data = latencies ? latencies.subarray(0, received) : null;
        parentPort.postMessage({ type: 'done', data });
      }
    });
    await client.subscribeAsync(workerData.filter, { qos: workerData.qos });
    clients.push(client);
  }
  parentPort.postMessage({ type: 'ready' });
}

parentPort.on('message', async (message) => {
  if (message.type === 'arm') {
    marker = Buffer.from(`${message.marker}@`);
    target = message.target;
    counts = clients.map(() => 0);
    complete = 0;
    received = 0;
    latencies = message.latency ? new Float64Array(target * clients.length) : null;
    parentPort.postMessage({ type: 'armed' });
  } else if (message.type === 'close') {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    parentPort.postMessage({ type: 'closed' });
  }
});

start().catch((error) => parentPort.postMessage({ type: 'error', message: String(error) }));
