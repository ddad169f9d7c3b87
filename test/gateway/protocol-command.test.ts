/** `samband protocol`: from the database of a stopped gateway, to a file or stdout. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteConferenceLogStore } from '../../adapters/store/conference-log-store.js';
import { configSchema } from '../../config/schema.js';
import { writeProtocol } from '../../gateway/protocol-command.js';
import { entries, run } from '../bridge/conference-log/protocol-fixture.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function stoppedGateway() {
  const dir = mkdtempSync(join(tmpdir(), 'samband-protocol-'));
  dirs.push(dir);
  const dataDir = join(dir, 'data');
  const store = SqliteConferenceLogStore.open(dataDir);
  for (const [runId, startedAt] of [
    ['vk-old', '2026-11-21T08:30:00.000Z'],
    [run.runId, run.startedAt],
  ] as const) {
    await store.startRun({ ...run, runId, startedAt, endedAt: null, endReason: null });
    for (const { seq: _, ...entry } of entries) await store.append(runId, entry);
    await store.endRun(runId, run.endedAt as string, 'ended-by-request');
  }
  await store.close();
  const config = configSchema.parse({
    gateway: { dataDir },
    participants: [{ id: 'polisen', name: 'Polisen', organisation: 'Polisen', phone: ['+46701740605'] }],
  });
  return { dir, config };
}

describe('samband protocol', () => {
  it("writes the newest run's PDF to a file", async () => {
    const { dir, config } = await stoppedGateway();
    const file = join(dir, 'protokoll.pdf');
    expect(await writeProtocol(config, { conferenceId: 'vk', format: 'pdf', output: file }, () => {})).toBe(
      file,
    );
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain(run.runId);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('writes a chosen run as CSV to stdout, and says when there is no such run', async () => {
    const { config } = await stoppedGateway();
    let out = '';
    await writeProtocol(config, { conferenceId: 'vk', runId: 'vk-old', format: 'csv' }, (b) => {
      out += String(b);
    });
    expect(out).toContain(';vk-old;');
    await expect(
      writeProtocol(config, { conferenceId: 'other', format: 'json' }, () => {}),
    ).rejects.toMatchObject({ code: 'SAMBAND_ERR_UNKNOWN_CONFERENCE_RUN' });
  });
});
