/**
 * Topic names of the MQTT contract v1 (DESIGN.md §4). The one place that knows the layout, so
 * the publisher, the ACL and the heartbeat ingest can never disagree about it.
 */
import type { LinkPath } from '../../bridge/model.js';
import { MqttError, MqttErrorCodes } from './errors.js';

export interface Topics {
  readonly prefix: string;
  /** Levels of `{prefix}/v1`, for filter analysis in the ACL. */
  readonly rootLevels: readonly string[];
  gatewayStatus(): string;
  link(participantId: string, path: LinkPath): string;
  path(participantId: string): string;
  heartbeat(participantId: string): string;
  /** `{prefix}/v1/participants/{pid}`: the subtree an agent may read. */
  participantRoot(participantId: string): string;
  /** Filter matching every participant's heartbeat, for the gateway's ingest. */
  heartbeatFilter(): string;
  conferenceState(conferenceId: string): string;
  conferenceEvents(conferenceId: string): string;
  radioStatus(radioId: string): string;
  /** `{prefix}/v1/trunks/{id}`: a carrier trunk's health (retained). */
  trunk(trunkId: string): string;
  /** Radio emergencies and other alarms (not retained). */
  alarms(): string;
  sambandstestRun(runId: string): string;
  sambandstestResult(runId: string, participantId: string, path: LinkPath): string;
  /** The participant id of a heartbeat topic, or null for any other topic. */
  parseHeartbeat(topic: string): string | null;
}

/** The deepest topic we publish is `{prefix}/v1/sambandstest/runs/{run}/results/{pid}/{path}`. */
export const CONTRACT_DEPTH = 7;

export function createTopics(prefix: string): Topics {
  const prefixLevels = prefix.split('/');
  for (const l of prefixLevels) level(l, 'prefix');
  const root = `${prefix}/v1`;
  const rootLevels = [...prefixLevels, 'v1'];
  const participantRoot = (pid: string) => `${root}/participants/${level(pid, 'participant id')}`;
  const run = (runId: string) => `${root}/sambandstest/runs/${level(runId, 'run id')}`;

  return {
    prefix,
    rootLevels,
    gatewayStatus: () => `${root}/gateway/status`,
    link: (pid, path) => `${participantRoot(pid)}/links/${path}`,
    path: (pid) => `${participantRoot(pid)}/path`,
    heartbeat: (pid) => `${participantRoot(pid)}/heartbeat`,
    participantRoot,
    heartbeatFilter: () => `${root}/participants/+/heartbeat`,
    conferenceState: (cid) => `${root}/conferences/${level(cid, 'conference id')}/state`,
    conferenceEvents: (cid) => `${root}/conferences/${level(cid, 'conference id')}/events`,
    radioStatus: (rid) => `${root}/radios/${level(rid, 'radio id')}/status`,
    trunk: (id) => `${root}/trunks/${level(id, 'trunk id')}`,
    alarms: () => `${root}/alarms`,
    sambandstestRun: run,
    sambandstestResult: (runId, pid, path) => `${run(runId)}/results/${level(pid, 'participant id')}/${path}`,
    parseHeartbeat(topic) {
      const levels = topic.split('/');
      const n = rootLevels.length;
      if (levels.length !== n + 3) return null;
      if (!rootLevels.every((l, i) => levels[i] === l)) return null;
      if (levels[n] !== 'participants' || levels[n + 2] !== 'heartbeat') return null;
      const pid = levels[n + 1];
      return pid ? pid : null;
    },
  };
}

/**
 * An id becomes exactly one topic level: `/` would move it to another subtree and `+`/`#`
 * are forbidden in topic names [MQTT-3.3.2-2]; NUL is forbidden in UTF-8 strings [MQTT-1.5.3-2].
 */
function level(value: string, what: string): string {
  if (value.length === 0 || /[/+#]/.test(value) || value.includes('\0')) {
    throw new MqttError(
      MqttErrorCodes.INVALID_TOPIC_LEVEL,
      `${what} "${value}" cannot be an MQTT topic level`,
    );
  }
  return value;
}
