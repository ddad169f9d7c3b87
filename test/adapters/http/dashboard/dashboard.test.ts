/**
 * Drives the real dashboard in Chromium against a FakeCore over a real socket.
 * CI installs Chromium; if it is missing this test fails (it never skips silently).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { AT, FakeCore, participantSpec } from '../fake-core.js';
import { FakeSim } from '../fake-sim.js';
import { buildServer, TOKENS } from '../harness.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PARTICIPANTS = 50;

let profileDir = '';
let context: BrowserContext | null = null;
let page: Page | null = null;
let server: HttpServer | null = null;
let pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}; install it (apt-get install -y chromium) to run the dashboard test`,
    );
  }
  profileDir = await mkdtemp(join(tmpdir(), 'samband-chromium-'));
  // A persistent context is how Playwright takes a --user-data-dir; a fresh temp dir each run.
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 1000 },
  });
  // Below vitest's 20 s test timeout, so a missing element fails with Playwright's clearer message.
  context.setDefaultTimeout(10_000);
});

afterEach(async () => {
  await page?.close();
  page = null;
  await server?.close();
  server = null;
});

afterAll(async () => {
  await context?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

async function openPage(withSim: boolean): Promise<{ core: FakeCore; page: Page }> {
  const specs = Array.from({ length: PARTICIPANTS }, (_, i) =>
    participantSpec(i + 1, i % 7 === 3 ? { radio: undefined } : {}),
  );
  const core = new FakeCore(specs);
  const harness = buildServer({ core, ...(withSim ? { sim: new FakeSim(specs.map((s) => s.id)) } : {}) });
  server = harness.server;
  const { port } = await server.listen();
  if (!context) throw new Error('browser did not start');
  pageErrors = [];
  const opened = await context.newPage();
  page = opened;
  opened.on('pageerror', (error) => pageErrors.push(error.message));
  opened.on('console', (message) => {
    // A refused token legitimately logs the 401 of its fetch.
    if (message.type() === 'error' && !message.text().includes('401')) pageErrors.push(message.text());
  });
  await opened.goto(`http://127.0.0.1:${port}/`);
  return { core, page: opened };
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('token-submit').click();
}

async function openDashboard(token: string, withSim: boolean): Promise<{ core: FakeCore; page: Page }> {
  const opened = await openPage(withSim);
  await signIn(opened.page, token);
  await opened.page.getByTestId('participant-row-p1').waitFor();
  // Wait for the live stream, so events emitted next are not only picked up by a later re-read.
  await opened.page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
  return opened;
}

describe('dashboard in Chromium', () => {
  it('shows participants, follows events live, and forces a path', async () => {
    const { core, page } = await openDashboard(TOKENS.host, true);
    expect(await page.locator('[data-testid^="participant-row-"]').count()).toBe(PARTICIPANTS);
    expect(await page.getByTestId('active-path-p3').getAttribute('data-path')).toBe('phone');

    core.setLink('p3', 'phone', 'down', 'media timeout 10 s');
    core.setPath('p3', { active: 'radio', reason: 'failover: telefon nere' });
    await page.locator('[data-testid="active-path-p3"][data-path="radio"]').waitFor();
    await page.locator('[data-testid="link-phone-p3"][data-state="down"]').waitFor();
    expect(await page.getByTestId('active-path-p3').textContent()).toContain('Radio');

    await page.getByTestId('force-radio-p5').click();
    await expect
      .poll(() => core.calls)
      .toContainEqual({
        method: 'forcePath',
        participantId: 'p5',
        path: 'radio',
        by: 'tib-anna',
      });
    await page.locator('[data-testid="override-p5"][data-override="radio"]').waitFor();
    await page.getByTestId('sim-phone-down-p1').waitFor();
    await page.getByTestId('convene-weekly').waitFor();

    core.emitter.emit('conference.event', {
      conferenceId: 'weekly',
      type: 'path-changed',
      at: AT,
      participantId: 'p3',
      path: 'radio',
      reason: 'failover',
    });
    await page.getByTestId('event-log').filter({ hasText: 'Deltagare 3' }).waitFor();

    await page.screenshot({ path: '/tmp/dashboard.png' });
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('mutes a participant, locks and records the conference, and shows the roll call', async () => {
    const { core, page } = await openDashboard(TOKENS.host, true);
    // Host controls act on members of a running conference only.
    expect(await page.getByTestId('mute-p4').isDisabled()).toBe(true);
    core.setConferenceState('weekly', 'active');
    await page.locator('[data-testid="mute-p4"]:not([disabled])').waitFor();

    await page.getByTestId('mute-p4').click();
    await expect
      .poll(() => core.calls)
      .toContainEqual({ method: 'setMuted', participantId: 'p4', muted: true, by: 'tib-anna' });
    await page.locator('[data-testid="member-p4"][data-muted="true"]').waitFor();
    expect(await page.getByTestId('member-p4').textContent()).toContain('Tystad');
    expect(await page.getByTestId('mute-p4').textContent()).toBe('Ljud på');
    await page.getByTestId('mute-p4').click();
    await page.locator('[data-testid="member-p4"][data-muted="false"]').waitFor();
    expect(await page.getByTestId('mute-p4').textContent()).toBe('Tysta');

    await page.getByTestId('lock-weekly').click();
    await page.locator('[data-testid="conference-locked-weekly"][data-locked="true"]').waitFor();
    expect(await page.getByTestId('lock-weekly').textContent()).toBe('Lås upp');
    await page.getByTestId('record-weekly').click();
    await page.locator('[data-testid="conference-recording-weekly"][data-recording="true"]').waitFor();
    expect(await page.getByTestId('record-weekly').textContent()).toBe('Stoppa inspelning');

    // A removal made elsewhere (another host, the API) shows up from the event stream.
    await core.removeParticipant('p7', 'tib-bertil');
    await page.locator('[data-testid="member-p7"][data-removed="true"]').waitFor();
    expect(await page.getByTestId('remove-p7').textContent()).toBe('Släpp in');

    await page.getByTestId('roll-call-open-weekly').click();
    await expect.poll(() => page.locator('[data-testid="roll-call"] li').count()).toBe(PARTICIPANTS);
    const order = await page
      .locator('[data-testid="roll-call"] li')
      .evaluateAll((items) => items.slice(0, 3).map((li) => li.getAttribute('data-testid')));
    expect(order).toEqual(['roll-call-p1', 'roll-call-p2', 'roll-call-p3']);
    await page.locator('[data-testid="roll-call-p7"][data-status="removed"]').waitFor();
    await page.getByTestId('roll-call-missing-only').check();
    await expect.poll(() => page.locator('[data-testid="roll-call"] li').count()).toBeLessThan(PARTICIPANTS);
    await page.locator('[data-testid="roll-call-p7"][value="7"]').waitFor();

    await page.screenshot({ path: '/tmp/dashboard-host-controls.png', fullPage: true });
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('hides host and fault-injection buttons from a viewer', async () => {
    const { page } = await openDashboard(TOKENS.viewer, true);
    expect(await page.getByTestId('whoami').textContent()).toContain('viewer');
    expect(await page.getByTestId('force-radio-p1').isVisible()).toBe(false);
    expect(await page.getByTestId('sim-phone-down-p1').isVisible()).toBe(false);
    expect(await page.getByTestId('convene-weekly').isVisible()).toBe(false);
    expect(await page.getByTestId('mute-p1').isVisible()).toBe(false);
    expect(await page.getByTestId('lock-weekly').isVisible()).toBe(false);
    expect(await page.getByTestId('roll-call-open-weekly').isVisible()).toBe(true);
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('asks again for a token that is refused', async () => {
    const { page } = await openPage(false);
    await signIn(page, 'not-a-valid-token-at-all');
    await page.getByTestId('login-error').filter({ hasText: 'ogiltig' }).waitFor();
    expect(await page.getByTestId('dashboard').isVisible()).toBe(false);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('samband.token')")).toBeNull();
  });
});
