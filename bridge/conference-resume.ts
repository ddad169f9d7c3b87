/**
 * On start, resumes the conferences the store has as running before a gateway restart
 * (issue 4), with the host's flags they had:
 * - locked: the room is locked again before it is re-attached, so it is never open to dial-ins;
 * - the calls the telephony adapter recovers are adopted, every other member is redialled;
 * - a recovered call counts as connected: a removed member is hung up, a muted one muted again
 *   (HostControls.callConnected, as for any call that connects); a removed member is never
 *   redialled;
 * - a recording that survived on the media server goes on as it was; one that did not goes on
 *   in a continuation file (HostControls.continueRecording), never over the part recorded.
 * Every step on the media server is best effort: a failure is logged and never keeps the
 * conference, or the others, from resuming.
 */
import type { ConferenceController } from './conference-controller.js';
import type { ConferenceStateStore, PersistedConference } from './conference-store.js';
import type { HostControls } from './host-controls.js';
import type { Clock, Logger, RecoveredConference, Telephony } from './ports.js';

export interface ResumeOptions {
  store: ConferenceStateStore;
  /** Ids of the conferences configured now; a kept one not among them is forgotten. */
  configured: ReadonlySet<string>;
  telephony: Pick<Telephony, 'setLocked' | 'recoverConference'>;
  conferences: Pick<ConferenceController, 'resume'>;
  host: Pick<HostControls, 'callConnected' | 'continueRecording'>;
  clock: Clock;
  logger: Logger;
}

/** Resumes the conferences kept as running; resolves to the ids of those resumed. */
export async function resumeConferences(o: ResumeOptions): Promise<Set<string>> {
  const resumed = new Set<string>();
  let kept: PersistedConference[];
  try {
    kept = await o.store.load();
  } catch (err) {
    o.logger.error({ err }, 'conference states not loaded: no conference resumed');
    return resumed;
  }
  // Side by side: each may wait for the telephony back end (recoverWaitMs), and those waits
  // must not add up across conferences.
  await Promise.all(
    kept.map(async (saved) => {
      const { conferenceId } = saved;
      if (!o.configured.has(conferenceId)) {
        o.logger.warn(
          { conferenceId, state: saved.state },
          'a conference kept from before the restart is not configured any more: forgotten',
        );
        await forget(o, conferenceId);
        return;
      }
      if (saved.state !== 'convening' && saved.state !== 'active') return;
      if (await resumeOne(o, saved)) resumed.add(conferenceId);
    }),
  );
  return resumed;
}

/** False when the conference could not be resumed (it is then forgotten). */
async function resumeOne(o: ResumeOptions, saved: PersistedConference): Promise<boolean> {
  const { conferenceId, host } = saved;
  if (host?.locked) {
    await o.telephony.setLocked(conferenceId, true).catch((err: unknown) => {
      o.logger.error({ err, conferenceId }, 'could not lock the conference again after restart');
    });
  }
  const recovered = await recover(o, conferenceId);
  const members = recovered?.members.map((m) => m.participantId) ?? [];
  const savedSince = Date.parse(saved.since);
  const sinceMs = saved.state === 'active' && Number.isFinite(savedSince) ? savedSince : o.clock.now();
  try {
    o.conferences.resume(conferenceId, sinceMs, members, host, saved.run);
  } catch (err) {
    o.logger.warn({ conferenceId, err }, 'conference not resumed after restart: forgotten');
    await forget(o, conferenceId);
    return false;
  }
  o.logger.info({ conferenceId, recovered: members }, 'conference resumed after restart');
  for (const pid of members) o.host.callConnected(conferenceId, pid);
  const recording = host?.recording;
  if (recording && recovered?.recordingTo !== recording.file) {
    o.logger.warn(
      { conferenceId, file: recording.file, recordingTo: recovered?.recordingTo ?? null },
      'the recording did not survive the restart: continuing in a new file',
    );
    // Not awaited: a slow media server delays neither the next conference nor the start.
    o.host.continueRecording(conferenceId).catch((err: unknown) => {
      o.logger.error({ err, conferenceId }, 'recording not resumed after restart');
    });
  }
  return true;
}

/** What survived on the media server; null when the adapter cannot tell (every member is redialled). */
async function recover(o: ResumeOptions, conferenceId: string): Promise<RecoveredConference | null> {
  if (!o.telephony.recoverConference) return null;
  try {
    return await o.telephony.recoverConference(conferenceId);
  } catch (err) {
    o.logger.warn({ conferenceId, err }, 'recovering calls failed: every member is redialled');
    return null;
  }
}

async function forget(o: ResumeOptions, conferenceId: string): Promise<void> {
  await o.store
    .clear(conferenceId)
    .catch((err: unknown) => o.logger.error({ err, conferenceId }, 'conference state not cleared'));
}
