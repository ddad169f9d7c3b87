import { describe, expect, it } from 'vitest';
import {
  attachSambandstestPublisher,
  type MqttPublishing,
} from '../../../adapters/mqtt/sambandstest-publisher.js';
import { createTopics } from '../../../adapters/mqtt/topics.js';
import { nullLogger } from '../../../bridge/null-logger.js';
import { answerAfter, rig } from '../../bridge/sambandstest/harness.js';
import { spec, TELIA_UP } from '../../bridge/sambandstest/support.js';

class RecordingClient implements MqttPublishing {
  readonly sent: { topic: string; payload: Record<string, unknown>; retain: boolean }[] = [];
  publish(
    topic: string,
    message: Buffer,
    options: { qos: 1; retain: boolean },
    callback: (error?: Error) => void,
  ) {
    this.sent.push({ topic, payload: JSON.parse(message.toString('utf8')), retain: options.retain });
    callback();
    return this;
  }
}

describe('sambandstest MQTT publisher', () => {
  it('publishes the retained run summary as it progresses, and each result unretained', async () => {
    const r = rig([spec('polisen'), spec('region')]);
    answerAfter(r, () => 1000);
    const client = new RecordingClient();
    const detach = attachSambandstestPublisher({
      client,
      topics: createTopics('samband'),
      events: r.service.events,
      logger: nullLogger,
    });
    await r.runToEnd({ paths: ['phone', 'radio'] });
    const run = 'samband/v1/sambandstest/runs/run-1';
    const summaries = client.sent.filter((m) => m.topic === run);
    expect(summaries.every((m) => m.retain)).toBe(true);
    // The carrier trunks at the start, and at the end once completed (issue 9).
    const trunksAtStart = { at: '2026-03-02T08:30:00.000Z', usable: true, trunks: [TELIA_UP] };
    expect(summaries[0]?.payload).toMatchObject({
      state: 'running',
      done: 0,
      targets: 4,
      trunksAtStart,
      trunksAtEnd: null,
    });
    expect(summaries.at(-1)?.payload).toMatchObject({
      state: 'completed',
      done: 4,
      answered: 4,
      answeredShare: 1,
      trunksAtStart,
      trunksAtEnd: { usable: true, trunks: [TELIA_UP] },
    });
    const results = client.sent.filter((m) => m.topic.startsWith(`${run}/results/`));
    expect(results.map((m) => m.topic).sort()).toEqual([
      `${run}/results/polisen/phone`,
      `${run}/results/polisen/radio`,
      `${run}/results/region/phone`,
      `${run}/results/region/radio`,
    ]);
    expect(results.every((m) => !m.retain)).toBe(true);
    expect(results[0]?.payload).toMatchObject({ runId: 'run-1', status: 'ok' });

    await r.service.setComment('run-1', 'polisen', 'radio', 'ok efter byte', 'tekniker');
    expect(client.sent.at(-1)).toMatchObject({
      topic: `${run}/results/polisen/radio`,
      payload: { comment: 'ok efter byte' },
    });

    detach();
    const count = client.sent.length;
    await r.runToEnd({ paths: ['agent'] });
    expect(client.sent).toHaveLength(count);
  });
});
