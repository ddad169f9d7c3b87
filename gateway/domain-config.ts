/** Translates the validated configuration into the core's domain specs (the core never sees YAML). */
import type { ConferenceSpec, ParticipantSpec } from '../bridge/model.js';
import { normaliseTags, resolveRoster } from '../bridge/roster.js';
import { rosterRule } from '../config/checks/roster-of.js';
import type { Config } from '../config/schema.js';

export function participantSpecs(config: Config): ParticipantSpec[] {
  return config.participants.map((p) => ({
    id: p.id,
    name: p.name,
    tags: normaliseTags(p.tags),
    organisation: p.organisation,
    phoneNumbers: [...p.phone],
    radio: p.radio ? { issi: p.radio.issi, talkgroup: p.radio.talkgroup } : undefined,
    agentUsername: p.agent,
    smsNumbers: [...p.sms],
    priority: p.priority,
  }));
}

export function conferenceSpecs(config: Config): ConferenceSpec[] {
  const participants = participantSpecs(config);
  return config.conferences.map((c) => ({
    id: c.id,
    name: c.name,
    roster: resolveRoster(rosterRule(c.roster), participants),
    conveneOnStart: c.conveneOnStart,
    ...(c.onSite ? { onSite: { ...c.onSite } } : {}),
    dialIn: c.dialInNumbers[0],
  }));
}
