/** The client sessions a test file opens against its harness, and a value watched by subscription. */
import {
  AttributeIds,
  ClientMonitoredItem,
  type ClientSession,
  ClientSubscription,
  type DataValue,
  TimestampsToReturn,
} from 'node-opcua';
import { anonymous, type Connected, clientPki, connect, type Harness } from './harness.js';

export class Sessions {
  readonly #pki = clientPki();
  readonly #open: Connected[] = [];

  async open(harness: Harness, identity = anonymous): Promise<Connected> {
    const c = await connect(harness.service.endpointUrl, this.#pki.manager, identity);
    this.#open.push(c);
    return c;
  }

  /** After each test. */
  async closeAll(): Promise<void> {
    for (const c of this.#open.splice(0)) await c.close();
  }

  /** After all tests. */
  dispose(): Promise<void> {
    return this.#pki.dispose();
  }
}

export interface WatchedValue {
  /** Each value the subscription delivered, or its status name when that is not Good. */
  readonly seen: unknown[];
  /** Resolves once `value` has been delivered. */
  until(value: unknown): Promise<void>;
  stop(): Promise<void>;
}

/** A monitored item on the Value of `nodeId`, sampled on change, resolved once initialised. */
export async function watchValue(session: ClientSession, nodeId: string): Promise<WatchedValue> {
  const subscription = ClientSubscription.create(session, {
    requestedPublishingInterval: 50,
    requestedMaxKeepAliveCount: 10,
    publishingEnabled: true,
  });
  const item = ClientMonitoredItem.create(
    subscription,
    { nodeId, attributeId: AttributeIds.Value },
    { samplingInterval: 0, queueSize: 10, discardOldest: true },
    TimestampsToReturn.Both,
  );
  const seen: unknown[] = [];
  const waiters: { value: unknown; resolve: () => void }[] = [];
  item.on('changed', (dv: DataValue) => {
    const value = dv.statusCode.name === 'Good' ? dv.value.value : dv.statusCode.name;
    seen.push(value);
    for (const w of waiters.filter((x) => x.value === value)) w.resolve();
  });
  await new Promise<void>((resolve) => item.once('initialized', () => resolve()));
  return {
    seen,
    until: (value) =>
      seen.includes(value) ? Promise.resolve() : new Promise((resolve) => waiters.push({ value, resolve })),
    stop: async () => {
      await subscription.terminate();
    },
  };
}
