/** Translates the validated configuration into the core's domain specs (the core never sees YAML). */
import type { ConferenceSpec, ParticipantSpec } from '../bridge/model.js';
import type { Config } from '../config/schema.js';

export function participantSpecs(config: Config): ParticipantSpec[] {
  return config.participants.map((p) => ({
    id: p.id,
    name: p.name,
    organisation: p.organisation,
    phoneNumbers: [...p.phone],
    radio: p.radio ? { issi: p.radio.issi, talkgroup: p.radio.talkgroup } : undefined,
    agentUsername: p.agent,
    priority: p.priority,
  }));
}

export function conferenceSpecs(config: Config): ConferenceSpec[] {
  const everyone = config.participants.map((p) => p.id);
  return config.conferences.map((c) => ({
    id: c.id,
    name: c.name,
    roster: c.roster === 'all' ? everyone : [...c.roster],
    conveneOnStart: c.conveneOnStart,
    ...(c.onSite ? { onSite: { ...c.onSite } } : {}),
  }));
}
