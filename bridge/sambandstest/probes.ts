/**
 * One probe per path: how a single target is tested. Each returns a measured verdict, or null
 * when the service was closed while the probe waited (nothing is recorded then).
 */
import type { ParticipantView } from '../core-api.js';
import type { ConferenceState } from '../model.js';
import type { CallOutResult, Clock, Logger, RadioTerminal, Telephony } from '../ports.js';
import type { Deadlines } from './deadline.js';
import { errorVerdict, phoneVerdict, radioVerdict, timeoutVerdict, type Verdict } from './faults.js';
import type { SambandstestRun } from './model.js';

export type SambandstestTelephony = Pick<Telephony, 'callOut' | 'hangup'>;
/**
 * What the service reads from the core: participants with their links, and who is connected in
 * which conference. GatewayCore satisfies it; it names only the fields used, so tests and other
 * directories need not build whole conference snapshots.
 */
export interface ParticipantDirectory {
  participants(): ParticipantView[];
  conferences(): readonly {
    state: ConferenceState;
    members: readonly { participantId: string; phoneConnected: boolean }[];
  }[];
}

export interface Measured extends Verdict {
  timeToAnswerMs: number | null;
  rssiDbm: number | null;
  mos: number | null;
}

export interface ProbeDeps {
  telephony: SambandstestTelephony;
  /** The gateway terminal that sends the test SDS (the first configured), if any. */
  radio: RadioTerminal | null;
  directory: ParticipantDirectory;
  clock: Clock;
  deadlines: Deadlines;
  logger: Logger;
}

const unmeasured = { timeToAnswerMs: null, rssiDbm: null, mos: null };

/** Test calls run in their own pseudo-conference, which the live conference logic ignores. */
export const TEST_CALL_PREFIX = 'sambandstest:';

export function conferenceIdFor(runId: string): string {
  return `${TEST_CALL_PREFIX}${runId}`;
}

export function isTestCall(conferenceId: string): boolean {
  return conferenceId.startsWith(TEST_CALL_PREFIX);
}

export async function probePhone(
  deps: ProbeDeps,
  run: SambandstestRun,
  view: ParticipantView,
): Promise<Measured | null> {
  const { participant, links } = view;
  const link = links.phone;
  // A participant already in a running conference is not rung a second time: that call proves the path.
  if (
    inLiveConference(deps.directory, participant.id) &&
    (link.state === 'up' || link.state === 'degraded')
  ) {
    const degraded = link.state === 'degraded' ? ` (degraded: ${link.reason})` : '';
    return {
      ...unmeasured,
      status: 'ok',
      fault: null,
      detail: `verified by live conference call${degraded}`,
      mos: link.metrics.mos ?? null,
    };
  }
  if (participant.phoneNumbers.length === 0) {
    return { ...unmeasured, status: 'skipped', fault: 'no-number', detail: 'no phone number configured' };
  }
  const conferenceId = conferenceIdFor(run.id);
  const hangup = () =>
    deps.telephony.hangup(conferenceId, participant.id).catch((err: unknown) => {
      deps.logger.warn({ err, participantId: participant.id }, 'sambandstest hangup failed');
    });
  let startedAt = deps.clock.now();
  const call: Promise<CallOutResult> = Promise.resolve().then(() => {
    startedAt = deps.clock.now();
    return deps.telephony.callOut({
      conferenceId,
      participantId: participant.id,
      numbers: [...participant.phoneNumbers],
    });
  });
  try {
    const raced = await deps.deadlines.race(call, run.targetTimeoutMs);
    if (raced.kind === 'done') {
      const verdict = phoneVerdict(raced.value);
      if (raced.value.outcome !== 'answered') return { ...unmeasured, ...verdict };
      const timeToAnswerMs = deps.clock.now() - startedAt;
      await hangup();
      return { ...unmeasured, ...verdict, timeToAnswerMs };
    }
    // Gave up waiting (or closing): cancel the call, and hang up should it still be answered.
    await hangup();
    void call.then((late) => (late.outcome === 'answered' ? hangup() : undefined)).catch(() => {});
    return raced.kind === 'timeout' ? { ...unmeasured, ...timeoutVerdict(run.targetTimeoutMs) } : null;
  } catch (error) {
    return { ...unmeasured, ...errorVerdict(error) };
  }
}

export async function probeRadio(
  deps: ProbeDeps,
  run: SambandstestRun,
  view: ParticipantView,
): Promise<Measured | null> {
  const issi = view.participant.radio?.issi;
  if (!issi) {
    return { ...unmeasured, status: 'skipped', fault: 'no-radio', detail: 'no radio (ISSI) configured' };
  }
  const radio = deps.radio;
  if (!radio) {
    return {
      ...unmeasured,
      status: 'failed',
      fault: 'adapter-down',
      detail: 'the gateway has no radio terminal',
    };
  }
  const text = `Sambandstest ${run.id}: provmeddelande, inget svar behövs.`;
  const rssi = () => radio.status().rssiDbm;
  try {
    const raced = await deps.deadlines.race(
      Promise.resolve().then(() => radio.sendSds(issi, text)),
      run.targetTimeoutMs,
    );
    if (raced.kind === 'aborted') return null;
    if (raced.kind === 'timeout')
      return { ...unmeasured, ...timeoutVerdict(run.targetTimeoutMs), rssiDbm: rssi() };
    const outcome = raced.value;
    return {
      ...unmeasured,
      ...radioVerdict(outcome),
      timeToAnswerMs: outcome.delivered ? outcome.roundTripMs : null,
      rssiDbm: rssi(),
    };
  } catch (error) {
    return { ...unmeasured, ...errorVerdict(error, 'adapter-down'), rssiDbm: rssi() };
  }
}

/** The site agent's heartbeat freshness, as the core's agent link already judges it. */
export function probeAgent(view: ParticipantView): Measured {
  if (!view.participant.agentUsername) {
    return { ...unmeasured, status: 'skipped', fault: 'no-agent', detail: 'no site agent configured' };
  }
  const link = view.links.agent;
  if (link.state === 'up') {
    const last = link.metrics.lastHeartbeat ?? link.since;
    return { ...unmeasured, status: 'ok', fault: null, detail: `heartbeat fresh (last ${last})` };
  }
  return {
    ...unmeasured,
    status: 'no-answer',
    fault: 'no-heartbeat',
    detail: `agent link ${link.state}${link.reason ? `: ${link.reason}` : ''}`,
  };
}

function inLiveConference(directory: ParticipantDirectory, participantId: string): boolean {
  return directory
    .conferences()
    .some(
      (c) =>
        (c.state === 'convening' || c.state === 'active') &&
        c.members.some((m) => m.participantId === participantId && m.phoneConnected),
    );
}
