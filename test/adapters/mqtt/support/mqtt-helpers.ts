/** Shared wiring for the MQTT adapter's socket tests: config, users, clients and message capture. */
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { type MqttConfig, mqttSchema } from '../../../../config/schema.js';
import { hashSecret } from '../../../../config/secrets.js';

// Cheap scrypt parameters: the tests exercise the policy, not the hash strength.
const fastHash = (secret: string) => hashSecret(secret, { N: 1024 });

export const USERS = {
  dashboard: { username: 'dash', password: 'dash-secret' },
  agentA: { username: 'agent-a', password: 'a-secret' },
  agentB: { username: 'agent-b', password: 'b-secret' },
} as const;

const userConfig = [
  { username: USERS.dashboard.username, passwordHash: fastHash(USERS.dashboard.password), role: 'dashboard' },
  {
    username: USERS.agentA.username,
    passwordHash: fastHash(USERS.agentA.password),
    role: 'agent',
    participant: 'a',
  },
  {
    username: USERS.agentB.username,
    passwordHash: fastHash(USERS.agentB.password),
    role: 'agent',
    participant: 'b',
  },
];

export function embeddedConfig(options: { allowAnonymousRead?: boolean; prefix?: string } = {}): MqttConfig {
  return mqttSchema.parse({
    prefix: options.prefix ?? 'samband',
    embedded: {
      host: '127.0.0.1',
      port: 0,
      wsPort: 0,
      allowAnonymousRead: options.allowAnonymousRead ?? false,
    },
    users: userConfig,
  });
}

export interface ReceivedMessage {
  topic: string;
  text: string;
  retain: boolean;
}

/** Records every message a client receives and lets a test await the one it expects. */
export class MessageLog {
  readonly messages: ReceivedMessage[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.messages.push({ topic, text: payload.toString('utf8'), retain: packet.retain });
      for (const wake of [...this.#waiters]) wake();
    });
  }

  on(topic: string): ReceivedMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  /** The first message (already received or future) matching the predicate. */
  next(match: (m: ReceivedMessage) => boolean, what = 'message'): Promise<ReceivedMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(match);
        if (!found) return false;
        this.#waiters.delete(check);
        clearTimeout(guard);
        resolve(found);
        return true;
      };
      // A guard so a missing message fails the test with a reason instead of hanging it.
      const guard = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no ${what} arrived`));
      }, 5000);
      if (!check()) this.#waiters.add(check);
    });
  }

  json<T = unknown>(m: ReceivedMessage): T {
    return JSON.parse(m.text) as T;
  }
}

/** Opens clients for one test and ends them all in afterEach. */
export class ClientPool {
  readonly #clients: MqttClient[] = [];

  async open(url: string, options: IClientOptions = {}): Promise<MqttClient> {
    // No reconnect: a test must see a refused or dropped connection, not a retry loop.
    const client = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
    this.#clients.push(client);
    return client;
  }

  /** For connections expected to be refused: resolves with the error mqtt.js reports. */
  async refused(url: string, options: IClientOptions = {}): Promise<Error & { code?: number }> {
    try {
      await this.open(url, options);
    } catch (error) {
      return error as Error & { code?: number };
    }
    throw new Error('connection was accepted');
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.#clients.splice(0).map((c) => c.endAsync(true)));
  }
}

export function closed(client: MqttClient): Promise<void> {
  if (client.disconnected || !client.connected) return Promise.resolve();
  return new Promise((resolve) => client.once('close', () => resolve()));
}

export function tcpUrl(port: number | null): string {
  return `mqtt://127.0.0.1:${port}`;
}
