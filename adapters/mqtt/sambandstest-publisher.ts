/**
 * Mirrors sambandstest runs onto the MQTT contract v1 (DESIGN.md §4): the run's summary, retained,
 * on `{prefix}/v1/sambandstest/runs/{runId}` (updated as results arrive, final on completion), and
 * each result, not retained, on `.../runs/{runId}/results/{pid}/{path}`. It shares the gateway's
 * mqtt.js client, whose own queue carries messages published while the broker is away.
 */
import type { Logger } from '../../bridge/ports.js';
import type { SambandstestEvents } from '../../bridge/sambandstest/events.js';
import type { TargetResult } from '../../bridge/sambandstest/model.js';
import type { RunSummary } from '../../bridge/sambandstest/summary.js';
import type { Subscribable } from '../../bridge/typed-emitter.js';
import { encode } from './payloads.js';
import type { Topics } from './topics.js';

/** The one thing used of an mqtt.js client; a real MqttClient satisfies it. */
export interface MqttPublishing {
  publish(
    topic: string,
    message: Buffer,
    options: { qos: 1; retain: boolean },
    callback: (error?: Error) => void,
  ): unknown;
}

export interface SambandstestPublisherOptions {
  client: MqttPublishing;
  topics: Topics;
  events: Subscribable<SambandstestEvents>;
  logger: Logger;
}

/** Subscribes to the service's events; returns the function that detaches it. */
export function attachSambandstestPublisher(options: SambandstestPublisherOptions): () => void {
  const { client, topics, events, logger } = options;
  const send = (topic: string, payload: object, retain: boolean) => {
    client.publish(topic, encode(payload), { qos: 1, retain }, (error) => {
      if (error) logger.warn({ topic, err: error }, 'mqtt publish failed');
    });
  };
  const summary = (s: RunSummary) => send(topics.sambandstestRun(s.runId), s, true);
  const result = (r: TargetResult) =>
    send(topics.sambandstestResult(r.runId, r.participantId, r.path), r, false);
  const offs = [
    events.on('run.started', (e) => summary(e.summary)),
    events.on('run.result', (e) => {
      result(e.result);
      summary(e.summary);
    }),
    events.on('run.completed', (e) => summary(e.summary)),
    events.on('run.interrupted', (e) => summary(e.summary)),
    events.on('result.commented', (e) => result(e.result)),
  ];
  return () => {
    for (const off of offs.splice(0)) off();
  };
}
