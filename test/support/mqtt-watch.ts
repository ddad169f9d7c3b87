/** A real mqtt.js subscriber that remembers the last payload per topic and can wait for a condition. */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

export interface Watch {
  client: MqttClient;
  last: Map<string, unknown>;
  /** Every message in arrival order. */
  log: { topic: string; payload: string; retain: boolean }[];
  waitFor<T>(topic: string, predicate: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function watch(url: string, filter: string, options: IClientOptions = {}): Promise<Watch> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
  const last = new Map<string, unknown>();
  const log: Watch['log'] = [];
  const waiters = new Set<() => void>();
  client.on('message', (topic, payload, packet) => {
    const text = payload.toString();
    log.push({ topic, payload: text, retain: packet.retain });
    try {
      last.set(topic, JSON.parse(text));
    } catch {
      last.set(topic, text);
    }
    for (const check of [...waiters]) check();
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return {
    client,
    last,
    log,
    waitFor<T>(topic: string, predicate: (payload: T) => boolean, timeoutMs = 10_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const value = last.get(topic) as T | undefined;
          if (value !== undefined && predicate(value)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(value);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting on ${topic}; last: ${JSON.stringify(last.get(topic))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      await client.endAsync(true);
    },
  };
}
