import { describe, expect, it } from 'vitest';
import { configuredRoster } from '../../config/checks/roster-of.js';
import { explainRosters } from '../../config/explain.js';
import { load, problemsOf, where, yaml } from './helpers.js';

const PARTICIPANTS = [
  'simulation: {}',
  'participants:',
  '  - { id: umea, name: TiB, organisation: Umeå kommun, tags: { area: [umealven], sector: [kommun] } }',
  '  - { id: vattenfall, name: Dammjour, organisation: Vattenfall, tags: { area: [umealven], sector: [dammagare] } }',
  '  - { id: lst, name: TiB, organisation: Länsstyrelsen, tags: [krissamverkan] }',
];

describe('tagged rosters in the configuration', () => {
  it('resolves a selector with tags, add and exclude', () => {
    const { config } = load(
      yaml(
        ...PARTICIPANTS,
        'conferences:',
        '  - id: alv',
        '    name: Älvgruppen',
        '    roster: { tags: { area: [umealven], sector: [kommun, dammagare] }, add: [lst], exclude: [umea] }',
        '  - { id: flat, name: Krissamverkan, roster: { tags: [krissamverkan] } }',
      ),
    );
    expect(config.conferences.map((c) => configuredRoster(config, c))).toEqual([
      ['vattenfall', 'lst'],
      ['lst'],
    ]);
    expect(explainRosters(config)).toContain(
      'alv "Älvgruppen" — roster area ∈ {umealven} and sector ∈ {kommun, dammagare} + lst − umea: 2 participants\n  vattenfall',
    );
  });

  it('names file, line and field for an unknown tag key, an unknown id and a roster that selects nobody', () => {
    const problems = problemsOf(
      yaml(
        ...PARTICIPANTS,
        'conferences:',
        '  - id: a',
        '    name: A',
        '    roster:',
        '      tags: { sektor: [kommun] }',
        '  - { id: b, name: B, roster: { add: [lstt] } }',
        '  - { id: c, name: C, roster: { tags: [nope], exclude: [lst] } }',
      ),
    );
    expect(where(problems)).toEqual([
      { line: 10, field: 'conferences[0].roster' },
      { line: 10, field: 'conferences[0].roster.tags.sektor' },
      { line: 11, field: 'conferences[1].roster' },
      { line: 11, field: 'conferences[1].roster.add[0]' },
      { line: 12, field: 'conferences[2].roster' },
    ]);
    expect(problems[1]?.message).toBe(
      'expected a tag key participants carry, found tag key "sektor", which no participant has (did you mean "sector"?)',
    );
    expect(problems[3]?.message).toContain('(did you mean "lst"?)');
  });

  it('warns about a value nobody carries under a known key', () => {
    const { warnings } = load(
      yaml(
        ...PARTICIPANTS,
        'conferences:',
        '  - { id: a, name: A, roster: { tags: { area: [umealven, umealve] } } }',
      ),
    );
    expect(warnings.map((w) => `${w.field}: ${w.message}`)).toContainEqual(
      'conferences[0].roster.tags.area[1]: no participant has area: "umealve" (did you mean "umealven"?)',
    );
  });
});
