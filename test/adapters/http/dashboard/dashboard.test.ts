/**
 * Drives the real dashboard in Chromium against a FakeCore over a real socket.
 * CI installs Chromium; if it is missing this test fails (it never skips silently).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../../../adapters/http/server.js';
import { pdfProtocolRenderer } from '../../../../adapters/pdf/protocol-pdf.js';
import { InMemoryConferenceLogStore } from '../../../../bridge/conference-log/memory-store.js';
import { ConferenceProtocols } from '../../../../bridge/conference-log/protocols.js';
import type { ParticipantSpec } from '../../../../bridge/model.js';
import type { SdsOutcome } from '../../../../bridge/ports.js';
import type { TrunkStatus } from '../../../../bridge/trunk-status.js';
import { entries, run } from '../../../bridge/conference-log/protocol-fixture.js';
import { answerAfter, type Rig, rig } from '../../../bridge/sambandstest/harness.js';
import { TELIA_UP } from '../../../bridge/sambandstest/support.js';
import { trunkStatus } from '../../../support/trunk-status.js';
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
let sambandstest: Rig | null = null;
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

// Closing a Chromium page can take seconds on a loaded 2-core CI host: allow more than the default.
afterEach(async () => {
  await page?.close();
  page = null;
  await server?.close();
  server = null;
  await sambandstest?.service.close();
  sambandstest = null;
}, 45_000);

afterAll(async () => {
  await context?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

/**
 * A real sambandstest service over scripted ports in fake time (the route tests' rig): phones
 * answer after a second or two except p7's, p12's radio refuses the SDS, every fifth participant
 * has a site agent and p10's is silent. The test moves the clock; the page polls in real time.
 */
function sambandstestRig(specs: readonly ParticipantSpec[]): Rig {
  const r = rig(specs);
  answerAfter(r, (id) => (id === 'p7' ? null : 900 + (Number(id.slice(1)) % 9) * 150));
  for (const s of specs) if (s.agentUsername && s.id !== 'p10') r.directory.setLink(s.id, 'agent', 'up');
  return r;
}

const refuse = (issi: string): SdsOutcome =>
  issi === '2012'
    ? { delivered: false, reason: 'SDS rejected by network', fault: 'rejected' }
    : { delivered: true, roundTripMs: 400 };

async function openPage(
  withSim: boolean,
  protocols?: ConferenceProtocols,
): Promise<{ core: FakeCore; page: Page }> {
  const specs = Array.from({ length: PARTICIPANTS }, (_, i) =>
    participantSpec(i + 1, {
      ...(i % 7 === 3 ? { radio: undefined } : {}),
      tags: { area: [i % 3 === 0 ? 'umealven' : 'skelleftealven'], sector: [i % 2 ? 'kommun' : 'dammagare'] },
      ...((i + 1) % 5 === 0 ? { agentUsername: `agent-p${i + 1}` } : {}),
    }),
  );
  const core = new FakeCore(specs);
  sambandstest = sambandstestRig(specs);
  const harness = buildServer({
    core,
    sambandstest: sambandstest.service,
    ...(withSim ? { sim: new FakeSim(specs.map((s) => s.id)) } : {}),
    ...(protocols ? { protocols } : {}),
  });
  server = harness.server;
  const { port } = await server.listen();
  if (!context) throw new Error('browser did not start');
  pageErrors = [];
  const opened = await context.newPage();
  page = opened;
  opened.on('pageerror', (error) => pageErrors.push(error.message));
  opened.on('console', (message) => {
    // A refused token legitimately logs the 401 of its fetch, a refused second run its 409.
    const text = message.text();
    if (message.type() === 'error' && !text.includes('401') && !text.includes('409')) pageErrors.push(text);
  });
  await opened.goto(`http://127.0.0.1:${port}/`);
  return { core, page: opened };
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('token-submit').click();
}

async function openDashboard(
  token: string,
  withSim: boolean,
  protocols?: ConferenceProtocols,
): Promise<{ core: FakeCore; page: Page }> {
  const opened = await openPage(withSim, protocols);
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

    // A call-out held back for capacity shows as waiting, with what is full.
    core.setWaiting('p6', 'capacity: media server sessions full (max-sessions 600, 10 kept free)');
    await page.locator('[data-testid="member-p6"][data-waiting^="capacity:"]').waitFor();
    expect(await page.getByTestId('waiting-p6').textContent()).toBe(
      'Väntar capacity: media server sessions full (max-sessions 600, 10 kept free)',
    );

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

  it('convenes on the spot: subject, a selection by tags, a preview with counts and who is busy elsewhere', async () => {
    const { core, page } = await openDashboard(TOKENS.host, true);
    core.putConference({
      ...core.conference('weekly'),
      id: 'vk',
      name: 'Veckokonferens',
      state: 'active',
      roster: ['p4'],
    });
    await page.getByTestId('convene-weekly').click();
    await page.getByTestId('convene-dialog').waitFor();
    // Without a selection the configured roster is previewed: all 50, one busy elsewhere.
    await page.getByTestId('convene-counts').filter({ hasText: '50 valda' }).waitFor();
    await page.getByTestId('convene-subject').fill('Höga flöden Umeälven');
    await page.getByTestId('convene-tag-area-umealven').check();
    await page
      .getByTestId('convene-counts')
      .filter({ hasText: '17 valda · 1 upptagna i annan konferens · 16 rings upp' })
      .waitFor();
    expect(await page.getByTestId('convene-preview-p4').textContent()).toContain('upptagen i vk');
    await page.getByTestId('convene-preview-p7').locator('input').uncheck();
    await page.getByTestId('convene-counts').filter({ hasText: '16 valda · 1 upptagna' }).waitFor();
    await page.locator('[data-testid="convene-preview-p7"][data-excluded="true"]').waitFor();
    await page.screenshot({ path: '/tmp/dashboard-convene.png', fullPage: true });
    await page.getByTestId('convene-submit').click();

    await expect
      .poll(() => core.calls.filter((c) => c.method === 'convene'))
      .toEqual([
        {
          method: 'convene',
          conferenceId: 'weekly',
          by: 'tib-anna',
          request: {
            subject: 'Höga flöden Umeälven',
            selection: { tags: { area: ['umealven'] }, exclude: ['p7'] },
            mode: 'replace',
            skipBusy: true,
            callUp: true,
          },
        },
      ]);
    await page
      .getByTestId('conference-subject-weekly')
      .filter({ hasText: 'Ärende: Höga flöden Umeälven' })
      .waitFor();
    expect(await page.getByTestId('conference-members-weekly').textContent()).toMatch(/\/15 anslutna$/);
    expect(await page.getByTestId('convene-dialog').isVisible()).toBe(false);

    // The call-up's outcomes arrive with the conference: counted per channel on its card.
    const delivery = (state: 'delivered' | 'failed' | 'sending') => ({ state, detail: null });
    core.putConference({
      ...core.conference('weekly'),
      callUp: {
        text: 'KALLELSE: Höga flöden Umeälven …',
        at: AT,
        by: 'tib-anna',
        recipients: [
          {
            participantId: 'p1',
            sds: delivery('delivered'),
            sms: { state: 'failed', detail: 'rejected: SMS_ERR_CMS_TRANSFER_REJECTED (+CMS ERROR: 21)' },
            reply: { answer: 'joins', notes: ['om 10 min'], via: 'sds', at: AT },
          },
          {
            participantId: 'p2',
            sds: delivery('sending'),
            sms: { state: 'sending', detail: 'retrying 1/3: link down: port disconnected' },
            reply: null,
          },
        ],
        counts: {
          sds: { sending: 2, delivered: 12, sent: 0, failed: 1, skipped: 0 },
          sms: { sending: 0, delivered: 14, sent: 0, failed: 1, skipped: 0 },
        },
        replies: { joins: 1, cannot: 0, other: 0, none: 1 },
        unmatched: [{ from: '+46701749999', via: 'sms', text: 'Vem är detta?', at: AT }],
      },
    });
    await page
      .getByTestId('conference-call-up-weekly')
      .filter({
        hasText: 'SDS 12/15 levererade, 1 misslyckade, 2 pågår · SMS 14/15 levererade, 1 misslyckade',
      })
      .waitFor();
    // Per organisation: how it was reached, what it answered; a failure and a retry are named.
    expect(await page.getByTestId('call-up-replies-weekly').textContent()).toBe(
      'Svar: 1 kommer, 0 kan inte, 1 utan svar · 1 från okänd avsändare',
    );
    await page.getByTestId('call-up-details-weekly').locator('summary').click();
    const p1 = page.getByTestId('call-up-weekly-p1');
    expect(await p1.getAttribute('data-reply')).toBe('joins');
    expect(await p1.textContent()).toMatch(/Kommer.*om 10 min/);
    expect(await p1.textContent()).toContain('SMS misslyckades (rejected: SMS_ERR_CMS_TRANSFER_REJECTED');
    expect(await page.getByTestId('call-up-weekly-p2').textContent()).toContain(
      'SMS skickas (försöker igen, modemet borta)',
    );
    expect(await page.getByTestId('call-up-weekly-unmatched-0').textContent()).toMatch(
      /Okänd avsändare \+46701749999.*Vem är detta\?/,
    );
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('marks members on site, shows the meeting place while members have no path, takes the roll call', async () => {
    // With the simulator: a host's page asks for /api/sim, which answers 404 without one.
    const { core, page } = await openDashboard(TOKENS.host, true);
    const place = page.getByTestId('on-site-place-weekly');
    expect(await page.getByTestId('on-site-p5').isDisabled()).toBe(true);
    core.setOnSitePlace('weekly', {
      name: 'Länsstyrelsen, sal Vänern',
      address: 'Södra Hamngatan 3, Göteborg',
      note: 'Ta med RAKEL-terminalen',
    });
    core.setConferenceState('weekly', 'active');
    await page.locator('[data-testid="on-site-p5"]:not([disabled])').waitFor();
    // Everyone carried: no banner.
    expect(await place.isHidden()).toBe(true);

    core.strand('p5');
    core.strand('p9');
    await place.waitFor();
    const banner = await place.textContent();
    expect(banner).toContain('Länsstyrelsen, sal Vänern');
    expect(banner).toContain('Södra Hamngatan 3, Göteborg');
    expect(banner).toContain('Ta med RAKEL-terminalen');
    expect(banner).toContain('2 utan fungerande telefon eller radio');

    await page.getByTestId('on-site-p5').click();
    await expect
      .poll(() => core.calls)
      .toContainEqual({ method: 'setOnSite', participantId: 'p5', onSite: true, by: 'tib-anna' });
    await page.locator('[data-testid="member-p5"][data-on-site="true"]').waitFor();
    expect(await page.getByTestId('member-p5').textContent()).toContain('På plats');
    expect(await page.getByTestId('on-site-p5').textContent()).toBe('Ej på plats');

    await page.getByTestId('roll-call-open-weekly').click();
    await page.locator('[data-testid="roll-call-p5"][data-via="on-site"]').waitFor();
    expect(await page.getByTestId('roll-call-p5').textContent()).toContain('Inne · På plats');
    await page.locator('[data-testid="roll-call-p9"][data-status="not-in"]').waitFor();
    expect(await page.getByTestId('roll-call-counts').textContent()).toContain('på plats 1');
    await page.getByTestId('roll-call-take').click();
    await expect
      .poll(() => core.calls)
      .toContainEqual({ method: 'takeRollCall', conferenceId: 'weekly', by: 'tib-anna' });
    await page.getByTestId('message').filter({ hasText: 'Upprop taget' }).waitFor();
    expect(await page.getByTestId('message').textContent()).toContain(
      `inne ${PARTICIPANTS - 1} av ${PARTICIPANTS}`,
    );

    await page.screenshot({ path: '/tmp/dashboard-on-site.png' });
    await page.getByTestId('on-site-p5').click();
    await page.locator('[data-testid="member-p5"][data-on-site="false"]').waitFor();
    core.setConferenceState('weekly', 'ended');
    await place.waitFor({ state: 'hidden' });
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it("lists a conference's runs and downloads their protocol in every format", async () => {
    const store = new InMemoryConferenceLogStore();
    await store.startRun({ ...run, conferenceId: 'weekly', endedAt: null, endReason: null });
    for (const { seq: _, ...entry } of entries) await store.append(run.runId, entry);
    await store.endRun(run.runId, run.endedAt as string, 'ended-by-request');
    const open = 'weekly-20261205T083000Z';
    await store.startRun({
      ...run,
      runId: open,
      conferenceId: 'weekly',
      startedAt: '2026-12-05T08:30:00.000Z',
      startedBy: null,
      endedAt: null,
      endReason: null,
    });
    const { core, page } = await openDashboard(
      TOKENS.viewer,
      false,
      new ConferenceProtocols(store, pdfProtocolRenderer),
    );

    await page.getByTestId('runs-open-weekly').click();
    await page.getByTestId(`run-${run.runId}`).waitFor();
    const rows = await page
      .locator('[data-testid="run-rows"] tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 6).map((td) => td.textContent)),
      );
    // Newest first: the open run (no end, convened by the gateway), then the ended one.
    expect(rows).toEqual([
      ['–', 'Pågår', 'gatewayen', '0', '3'],
      [expect.stringMatching(/09:00:00|10:00:00/), 'Avslutad', 'tib-åsa', '3', '0'],
    ]);

    for (const format of ['pdf', 'html', 'csv', 'json']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId(`run-${format}-${run.runId}`).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`protokoll-${run.runId}.${format}`);
      const path = await download.path();
      const body = await readFile(path);
      if (format === 'pdf') expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      if (format === 'csv') expect(body.toString('utf8')).toContain('Driftcentral');
      if (format === 'json') expect(JSON.parse(body.toString('utf8')).run.runId).toBe(run.runId);
      if (format === 'html') expect(body.toString('utf8')).toContain('Vad gick fel');
    }

    // A run that starts while the list is open shows up in it.
    core.setConferenceState('weekly', 'active');
    await store.startRun({
      ...run,
      runId: 'weekly-20261212T083000Z',
      conferenceId: 'weekly',
      startedAt: '2026-12-12T08:30:00.000Z',
      endedAt: null,
      endReason: null,
    });
    core.setConferenceState('weekly', 'ended');
    await page.getByTestId('run-weekly-20261212T083000Z').waitFor();
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('runs a sambandstest from the panel, follows it live and shows who did not answer', async () => {
    const { page } = await openDashboard(TOKENS.technician, true);
    const r = sambandstest;
    if (!r) throw new Error('no sambandstest service');
    // A first run where p12's radio still answered, for "change since the previous run".
    await r.runToEnd({ trigger: 'schedule', scheduleId: 'veckotest' });
    r.radio.outcomeFor = refuse;
    await page.getByTestId('logout').click();
    await signIn(page, TOKENS.technician);
    await page.locator('[data-testid="st-run-state-run-1"][data-state="completed"]').waitFor();

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByTestId('st-run').click();
    await page.locator('[data-testid="st-run-state-run-2"][data-state="running"]').waitFor();
    await page.locator('[data-testid="st-detail"][data-run="run-2"]').waitFor();
    expect(await page.getByTestId('st-run').isDisabled()).toBe(true);
    expect(r.service.current()?.requestedBy).toBe('tekniker-bo');
    // Results come in while the page polls: the radio answers after 0.4 s, phones after 1-2 s.
    await r.clock.advanceAsync(3000, 100);
    await page.locator('[data-testid="st-cell-p1-phone"][data-status="ok"]').waitFor();
    expect(await page.getByTestId('st-cell-p7-phone').getAttribute('data-status')).toBe('pending');
    await r.service.setComment('run-2', 'p12', 'radio', 'Terminal på service till fredag', 'tekniker-bo');

    // The carrier trunk goes down before the end: the run shows it at its start and at its end.
    r.trunks.statuses = [{ ...TELIA_UP, state: 'down', reason: '2 keep-alives unanswered' }];
    r.trunks.usable = false;
    // The rest times out (p7's phone) and the run completes.
    await r.clock.advanceAsync(20_000, 100);
    await r.service.whenIdle();
    await page.locator('[data-testid="st-run-state-run-2"][data-state="completed"]').waitFor();
    await page.locator('[data-testid="st-detail"][data-state="completed"]').waitFor();
    await page.locator('[data-testid="st-run"]:not([disabled])').waitFor();

    // Non-responders first, highlighted, with the fault in words.
    const first = await page
      .locator('[data-testid="st-result-rows"] tr')
      .evaluateAll((rows) => rows.slice(0, 3).map((tr) => tr.getAttribute('data-testid')));
    expect(first.slice(0, 3).sort()).toEqual(['st-result-p10', 'st-result-p12', 'st-result-p7']);
    expect(await page.getByTestId('st-cell-p12-radio').getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('st-cell-p12-radio').textContent()).toContain('avvisade');
    expect(await page.getByTestId('st-cell-p12-radio').textContent()).toContain('▼ nytt');
    expect(await page.getByTestId('st-cell-p7-phone').textContent()).toContain('Inget svar');
    const background = await page.evaluate<string>(
      `getComputedStyle(document.querySelector('[data-testid="st-cell-p12-radio"]')).backgroundColor`,
    );
    expect(background).toBe('rgb(253, 236, 234)');
    expect(await page.getByTestId('st-result-p12').getAttribute('class')).toContain('st-missing');
    expect(await page.getByTestId('st-change').textContent()).toContain('1 nya fel');
    expect(await page.getByTestId('st-trunks').textContent()).toBe(
      'Operatörstrunkar – vid start: telia uppe (registrerad, 23 ms) · vid slut: ' +
        'Inga operatörstrunkar nåbara – telefondeltagare flyttade till radio. telia nere (registrerad, 23 ms)',
    );
    expect(await page.getByTestId('st-trunks').locator('.bad').count()).toBe(1);
    // 50 phones, 43 radios and 10 agents tried; the list shows the final summary, not a stale one.
    await page.getByTestId('st-run-share-run-2').filter({ hasText: '97 % (100/103)' }).waitFor();
    await page.getByTestId('st-cell-p12-radio').filter({ hasText: 'Terminal på service' }).waitFor();
    expect(await page.locator('[data-testid="st-result-rows"] tr').count()).toBe(PARTICIPANTS);

    // Reports are fetched with the token and handed over as Blob URLs.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('st-csv').click()]);
    expect(csv.suggestedFilename()).toBe('sambandstest-run-2.csv');
    expect(csv.url()).toMatch(/^blob:/);
    const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('st-html').click()]);
    expect(html.suggestedFilename()).toBe('sambandstest-run-2.html');

    await page.evaluate(`document.querySelector('[data-testid="message"]').hidden = true`);
    await page.getByTestId('sambandstest-panel').screenshot({ path: '/tmp/sambandstest-panel.png' });

    // Only non-responders on demand.
    await page.getByTestId('st-missing-only').check();
    await expect.poll(() => page.locator('[data-testid="st-result-rows"] tr').count()).toBe(3);

    // A run started elsewhere before the page noticed: the button's POST is refused with 409.
    await r.service.startRun({ trigger: 'manual' });
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByTestId('st-run').click();
    await page.getByTestId('message').filter({ hasText: 'En körning pågår redan' }).waitFor();
    await page.locator('[data-testid="st-run-state-run-3"][data-state="running"]').waitFor();
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('shows each carrier trunk and alarms while none is usable, live and after a reconnect', async () => {
    const { core, page } = await openDashboard(TOKENS.viewer, false);
    // No trunks (the sim back end): no panel and no alarm.
    expect(await page.getByTestId('trunks-panel').isVisible()).toBe(false);
    expect(await page.getByTestId('trunk-alarm').isVisible()).toBe(false);

    const telia = trunkStatus('telia');
    const tele2 = trunkStatus('tele2', { registration: 'none', rttMs: null });
    core.trunkStatuses = [telia, tele2];
    core.emitter.emit('trunk.changed', { trunk: telia, usable: true });
    core.emitter.emit('trunk.changed', { trunk: tele2, usable: true });
    await page.getByTestId('trunk-telia').filter({ hasText: 'registrerad · 23 ms' }).waitFor();
    expect(await page.getByTestId('trunk-telia').getByTestId('trunk-state').textContent()).toBe('Uppe');
    expect(await page.getByTestId('trunk-tele2').textContent()).toContain('registreras ej');
    expect(await page.getByTestId('trunk-alarm').isVisible()).toBe(false);

    const down = (t: TrunkStatus): TrunkStatus => ({
      ...t,
      state: 'down',
      since: '2026-12-08T01:05:00.000Z',
      reason: '2 keep-alives unanswered',
    });
    core.emitter.emit('trunk.changed', { trunk: down(telia), usable: true });
    await page.locator('[data-testid="trunk-telia"].trunk-bad').waitFor();
    expect(await page.getByTestId('trunk-alarm').isVisible()).toBe(false);
    core.emitter.emit('trunk.changed', { trunk: down(tele2), usable: false });
    await page.getByTestId('trunk-alarm').filter({ hasText: 'Inga operatörstrunkar nåbara' }).waitFor();
    expect(await page.getByTestId('trunk-alarm').textContent()).toContain(
      'telefondeltagare flyttade till radio',
    );
    expect(await page.getByTestId('trunk-tele2').getByTestId('trunk-state').textContent()).toBe('Nere');
    expect(await page.getByTestId('trunk-tele2').getByTestId('trunk-detail').textContent()).toContain(
      '2 keep-alives unanswered',
    );
    await page.screenshot({ path: '/tmp/dashboard-trunks.png' });
    await page.getByTestId('trunks-panel').screenshot({ path: '/tmp/dashboard-trunks-panel.png' });

    // A board opened (or reconnected) meanwhile reads the same from GET /api/trunks.
    core.trunkStatuses = [down(telia), down(tele2)];
    core.usable = false;
    await page.getByTestId('logout').click();
    await signIn(page, TOKENS.viewer);
    await page.getByTestId('trunk-alarm').filter({ hasText: 'Inga operatörstrunkar nåbara' }).waitFor();
    await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
    core.emitter.emit('trunk.changed', {
      trunk: { ...telia, since: '2026-12-08T01:09:00.000Z' },
      usable: true,
    });
    await page.getByTestId('trunk-alarm').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('trunk-telia').getByTestId('trunk-state').textContent()).toBe('Uppe');
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
    // Viewers read sambandstester but may not start one.
    await page.getByTestId('st-runs').waitFor();
    expect(await page.getByTestId('st-run').isVisible()).toBe(false);
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
