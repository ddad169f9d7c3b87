/**
 * `samband check-config --explain`: whom each conference's roster resolves to, so an operator
 * sees before the night it matters that "area demoalven" really calls the dam owner.
 */
import { normaliseTags } from '../bridge/roster.js';
import { configuredRoster } from './checks/roster-of.js';
import type { ConferenceConfig, Config } from './schema.js';

export function explainRosters(config: Config): string {
  const byId = new Map(config.participants.map((p) => [p.id, p]));
  const blocks = config.conferences.map((conference) => {
    const ids = configuredRoster(config, conference);
    const head = `${conference.id} "${conference.name}" — roster ${describeRule(conference.roster)}: ${count(ids.length)}`;
    const lines = ids.map((id) => {
      const p = byId.get(id);
      return p ? `  ${id.padEnd(20)} ${p.organisation} (${p.name})` : `  ${id}`;
    });
    return [head, ...lines].join('\n');
  });
  return blocks.length > 0 ? `${blocks.join('\n\n')}\n` : 'no conferences configured\n';
}

export function describeRule(roster: ConferenceConfig['roster']): string {
  if (roster === 'all') return 'all';
  if (Array.isArray(roster)) return `[${roster.join(', ')}]`;
  const parts: string[] = [];
  const tags = normaliseTags(roster.tags);
  const keys = Object.entries(tags).map(([key, values]) => `${key} ∈ {${values.join(', ')}}`);
  if (keys.length > 0) parts.push(keys.join(' and '));
  else if (!roster.add) parts.push('all');
  if (roster.add) parts.push(`+ ${roster.add.join(', ')}`);
  if (roster.exclude) parts.push(`− ${roster.exclude.join(', ')}`);
  return parts.join(' ');
}

function count(n: number): string {
  return n === 1 ? '1 participant' : `${n} participants`;
}
