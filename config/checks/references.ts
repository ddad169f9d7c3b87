/**
 * Every reference by id must resolve: rosters and test scopes name participants, agent users
 * name the participant whose heartbeat they publish, and a participant names its agent user.
 * The MQTT ACL is derived from these links, so a dangling or mismatched one is a security bug.
 */
import { closest } from '../closest.js';
import type { Check, CheckContext } from './context.js';

export const rosterReferences: Check = (ctx) => {
  const ids = participantIds(ctx);
  ctx.config.conferences.forEach((conference, i) => {
    // Selectors are checked in rosters.ts.
    if (!Array.isArray(conference.roster)) return;
    checkIds(ctx, ids, conference.roster, ['conferences', i, 'roster']);
  });
  ctx.config.sambandstest.schedules.forEach((schedule, i) => {
    if (schedule.participants === 'all') return;
    checkIds(ctx, ids, schedule.participants, ['sambandstest', 'schedules', i, 'participants']);
  });
};

export const agentReferences: Check = (ctx) => {
  const ids = participantIds(ctx);
  const { users } = ctx.config.mqtt;

  users.forEach((user, i) => {
    if (user.role !== 'agent' || user.participant === undefined) return;
    if (!ids.has(user.participant)) {
      ctx.error(['mqtt', 'users', i, 'participant'], unknownParticipant(user.participant, ids));
      return;
    }
    // The other direction is checked below, from participants[].agent. Both are errors: the
    // heartbeat ACL follows the user's side, the agent link's health the participant's side.
    const index = ctx.config.participants.findIndex((p) => p.id === user.participant);
    const owner = ctx.config.participants[index];
    if (owner && owner.agent !== user.username) {
      const at = `participants[${index}] at line ${ctx.lineOf(['participants', index])}`;
      const found = owner.agent === undefined ? 'no agent' : `"${owner.agent}"`;
      ctx.error(
        ['mqtt', 'users', i, 'participant'],
        `expected participant "${owner.id}" (${at}) to name "${user.username}" as its agent, found ${found}`,
      );
    }
  });

  ctx.config.participants.forEach((participant, i) => {
    if (participant.agent === undefined) return;
    const path = ['participants', i, 'agent'];
    const user = users.find((u) => u.username === participant.agent);
    if (!user) {
      const hint = closest(
        participant.agent,
        users.map((u) => u.username),
      );
      ctx.error(
        path,
        `expected the username of an mqtt.users entry with role agent, found "${participant.agent}", which is not an MQTT user${hint ? ` (did you mean "${hint}"?)` : ''}`,
      );
    } else if (user.role !== 'agent') {
      ctx.error(
        path,
        `expected an MQTT user with role agent, found "${user.username}" with role ${user.role}`,
      );
    } else if (user.participant !== participant.id) {
      ctx.error(
        path,
        `expected an agent user for participant "${participant.id}", found "${user.username}", the agent of "${user.participant}"`,
      );
    }
  });
};

export function checkIds(
  ctx: CheckContext,
  ids: ReadonlySet<string>,
  list: readonly string[],
  path: (string | number)[],
): void {
  const seen = new Set<string>();
  list.forEach((id, j) => {
    if (!ids.has(id)) ctx.error([...path, j], unknownParticipant(id, ids));
    else if (seen.has(id)) ctx.warn([...path, j], `participant "${id}" is listed twice`);
    seen.add(id);
  });
}

function unknownParticipant(id: string, ids: ReadonlySet<string>): string {
  const hint = closest(id, ids);
  return `expected a participant id, found "${id}", which no participant has${hint ? ` (did you mean "${hint}"?)` : ''}`;
}

export function participantIds(ctx: CheckContext): ReadonlySet<string> {
  return new Set(ctx.config.participants.map((p) => p.id));
}
