/**
 * The call-up in the demo, from the outside: the real CLI on the demo configuration sends its
 * SMS through the real 27.005 adapter to the simulated modem; the host convenes the river group
 * with a subject over HTTP, and the board (real Chromium) shows the deliveries and the simulated
 * participants' replies arriving — and a reply a technician makes, and one from a phone put out
 * of coverage never arriving.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigOnFreePorts, type RunningCli, startCli } from '../support/cli-process.js';

const CHROMIUM = '/usr/bin/chromium';
const HOST_TOKEN = 'demo-host-token-change-me';
const TECHNICIAN_TOKEN = 'demo-technician-token-change-me';
const CID = 'alvgrupp-demoalven';

describe('demo call-up: SMS through the real modem adapter, replies on the board', () => {
  let cli: RunningCli;
  let context: BrowserContext;
  let profileDir = '';

  const api = (path: string, body: unknown, token = HOST_TOKEN) =>
    fetch(`${cli.httpBase}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
    cli = await startCli(
      demoConfigOnFreePorts((doc) => {
        // Replies within seconds rather than the demo's up to 15 s.
        doc.setIn(['simulation', 'sms', 'replyDelayMinMs'], 300);
        doc.setIn(['simulation', 'sms', 'replyDelayMaxMs'], 1500);
      }),
    );
    profileDir = await mkdtemp(join(tmpdir(), 'samband-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox'],
      viewport: { width: 1440, height: 1000 },
    });
    context.setDefaultTimeout(15_000);
  }, 40_000);

  afterAll(async () => {
    await context?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    await cli?.stop('SIGKILL');
  });

  it('convenes with a subject; the board counts SMS deliveries and shows who comes, who cannot, and their texts', async () => {
    const page = await context.newPage();
    await page.goto(`${cli.httpBase}/`);
    await page.getByTestId('token-input').fill(HOST_TOKEN);
    await page.getByTestId('token-submit').click();
    await page.getByTestId(`conference-${CID}`).waitFor();

    // The weekly conference (convened on start) holds everyone: the host ends it first.
    expect((await api('/api/conferences/veckokonferens/end', {})).status).toBeLessThan(300);
    // One organisation's mobile is out of coverage: its SMS is accepted but not delivered.
    const preview = (await (await api(`/api/conferences/${CID}/convene/preview`, {})).json()) as {
      selected: { participantId: string }[];
    };
    const silent = preview.selected[0]?.participantId as string;
    expect(
      (await api(`/api/sim/participants/${silent}/mobile`, { inCoverage: false }, TECHNICIAN_TOKEN)).status,
    ).toBe(200);

    const convened = await api(`/api/conferences/${CID}/convene`, { subject: 'Höga flöden Demoälven' });
    expect(convened.status).toBeLessThan(300);
    await page
      .getByTestId(`conference-subject-${CID}`)
      .filter({ hasText: 'Höga flöden Demoälven' })
      .waitFor();

    // Every SMS went through the adapter to the simulated modem: delivered on the status report.
    await page
      .getByTestId(`conference-call-up-${CID}`)
      .filter({ hasText: /SMS \d+\/\d+ levererade/ })
      .waitFor();
    // Replies arrive by themselves: at least one "Kommer" shows, with its organisation.
    await page
      .getByTestId(`call-up-replies-${CID}`)
      .filter({ hasText: /Svar: [1-9]\d* kommer/ })
      .waitFor({ timeout: 20_000 });
    await page.getByTestId(`call-up-details-${CID}`).locator('summary').click();
    await page.locator(`[data-testid^="call-up-${CID}-"][data-reply="joins"]`).first().waitFor();

    // Let the simulated people finish answering (at most replyDelayMaxMs after their SMS) so the
    // technician's answer below is the last word of its organisation.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // A technician makes another organisation answer "2" with a reason, by SDS from its radio.
    const byRadio = preview.selected.find((s) => s.participantId !== silent)?.participantId as string;
    expect(
      (
        await api(
          `/api/sim/participants/${byRadio}/reply`,
          { via: 'sds', text: '2 Vägen avstängd' },
          TECHNICIAN_TOKEN,
        )
      ).status,
    ).toBe(200);
    const row = page.getByTestId(`call-up-${CID}-${byRadio}`);
    await page.locator(`[data-testid="call-up-${CID}-${byRadio}"][data-reply="cannot"]`).waitFor();
    expect(await row.textContent()).toMatch(/Kan inte.*Vägen avstängd/);

    // The phone out of coverage has neither a delivery nor an answer.
    const out = page.getByTestId(`call-up-${CID}-${silent}`);
    expect(await out.getAttribute('data-sms')).toBe('sending');
    expect(await out.getAttribute('data-reply')).toBe('none');
    await page.close();
  }, 60_000);
});
