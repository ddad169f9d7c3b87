import { describe, expect, it } from 'vitest';
import { FILE, load, problemsOf, where, yaml } from './helpers.js';

describe('schema problems point at the offending line and field', () => {
  it('reports a bad value at the value’s line, saying what was expected and found', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}', //
        'participants:',
        '  - id: Polis',
        '    name: Polisen',
        '    organisation: Polisregion Mitt',
      ),
    );
    expect(problems).toEqual([
      {
        file: FILE,
        line: 3,
        column: 9,
        field: 'participants[0].id',
        message: expect.stringMatching(/^expected a lower-case id.*, found "Polis"$/),
      },
    ]);
  });

  it('reports a missing key at the line of the mapping that lacks it', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'participants:',
        '  - id: a',
        '    name: A',
        '    organisation: Org A',
        '  - id: b',
        '    name: B',
      ),
    );
    expect(where(problems)).toEqual([{ line: 6, field: 'participants[1].organisation' }]);
    expect(problems[0]?.message).toBe('missing required key "organisation" (expected a string)');
  });

  it('reports an unknown key (a typo) at the key’s own line, with a suggestion', () => {
    const problems = problemsOf(
      yaml(
        'simulation:',
        '  phones:',
        '    answerDelayMinMs: 100',
        '    answerDelayMaxMS: 900',
        'participants:',
        '  - { id: a, name: A, organisation: Org A }',
      ),
    );
    expect(problems).toEqual([
      {
        file: FILE,
        line: 4,
        column: 5,
        field: 'simulation.phones.answerDelayMaxMS',
        message: 'unknown key "answerDelayMaxMS" (did you mean "answerDelayMaxMs"?)',
      },
    ]);
  });

  it('lists the accepted keys when an unknown key resembles none of them', () => {
    const problems = problemsOf(yaml('simulation: {}', 'colour: blue', 'participants: []'));
    expect(where(problems)).toEqual([
      { line: 2, field: 'colour' },
      { line: 3, field: 'participants' },
    ]);
    expect(problems[0]?.message).toMatch(/^unknown key "colour"; expected one of: gateway, log, simulation/);
    expect(problems[1]?.message).toBe('expected at least one participant, found an empty list');
  });

  it('reports every problem at once, in file order', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'telephony:',
        '  mediaTimeoutMs: -5',
        'participants:',
        '  - id: a',
        '    name: A',
        '    organisation: Org A',
        '    phone: ["070-123 45 67", "+46701740605"]',
        '    priority: 12',
        '  - id: b',
        '    nme: B',
        '    organisation: Org B',
        '    radio: { issi: "12AB" }',
        'sambandstest:',
        '  schedules:',
        '    - { id: w, weekday: mon, time: "9:30", timezone: Europe/Stokholm }',
      ),
    );
    expect(where(problems)).toEqual([
      { line: 3, field: 'telephony.mediaTimeoutMs' },
      { line: 8, field: 'participants[0].phone[0]' },
      { line: 9, field: 'participants[0].priority' },
      { line: 10, field: 'participants[1].name' },
      { line: 11, field: 'participants[1].nme' },
      { line: 13, field: 'participants[1].radio.issi' },
      { line: 16, field: 'sambandstest.schedules[0].weekday' },
      { line: 16, field: 'sambandstest.schedules[0].time' },
      { line: 16, field: 'sambandstest.schedules[0].timezone' },
    ]);
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('expected a number > 0, found -5');
    expect(messages).toContain('expected a number <= 9, found 12');
    expect(messages).toContain('unknown key "nme" (did you mean "name"?)');
    expect(messages.some((m) => m.startsWith('expected one of "monday", "tuesday"'))).toBe(true);
    expect(messages).toContain(
      'expected an IANA time zone such as "Europe/Stockholm", found "Europe/Stokholm"',
    );
  });

  it('says which type was expected and which was found', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'participants:',
        '  - id: a',
        '    name: A',
        '    organisation: Org A',
        '    phone: 46701740605',
        'conferences:',
        '  - { id: c, name: C, roster: 5 }',
      ),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [6, 'participants[0].phone', 'expected a list, found 46701740605'],
      [8, 'conferences[0].roster', 'expected "all" or a list or a mapping (key: value), found 5'],
    ]);
  });

  it('hints at quoting a number-looking ISSI and at the likely enum value', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'radios: [{ id: r, port: "sim:1", issi: "2420900", talkgroup: 9101 }]',
        'participants: [{ id: a, name: A, organisation: O }]',
        'sambandstest: { schedules: [{ id: s, weekday: Monday, time: "09:30" }] }',
      ),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [2, 'radios[0].talkgroup', 'expected a string, found 9101 (write it in quotes: "9101")'],
      [
        4,
        'sambandstest.schedules[0].weekday',
        expect.stringMatching(/^expected one of "monday", .*, found "Monday" \(did you mean "monday"\?\)$/),
      ],
    ]);
  });

  it('reports an unknown id in a roster list at the item’s line, not the union as a whole', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'participants:',
        '  - { id: a, name: A, organisation: Org A }',
        'conferences:',
        '  - id: c',
        '    name: C',
        '    roster:',
        '      - a',
        '      - Bad Id',
      ),
    );
    expect(where(problems)).toEqual([{ line: 9, field: 'conferences[0].roster[1]' }]);
  });

  it('checks a conference’s on-site meeting place field by field', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'participants: [{ id: a, name: A, organisation: Org A }]',
        'conferences:',
        '  - id: c',
        '    name: C',
        '    onSite:',
        '      name: "  "',
        '      room: Vänern',
      ),
    );
    expect(where(problems)).toEqual([
      { line: 7, field: 'conferences[0].onSite.address' },
      { line: 7, field: 'conferences[0].onSite.name' },
      { line: 8, field: 'conferences[0].onSite.room' },
    ]);
    const { config } = load(
      yaml(
        'simulation: {}',
        'participants: [{ id: a, name: A, organisation: Org A }]',
        'conferences:',
        '  - id: c',
        '    name: C',
        '    onSite: { name: Länsstyrelsen sal Vänern, address: Södra Hamngatan 3, note: Ta med RAKEL }',
      ),
    );
    expect(config.conferences[0]?.onSite).toEqual({
      name: 'Länsstyrelsen sal Vänern',
      address: 'Södra Hamngatan 3',
      note: 'Ta med RAKEL',
    });
  });

  it('does not echo the value of a secret field', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'participants:',
        '  - { id: a, name: A, organisation: Org A }',
        'mqtt:',
        '  users:',
        '    - username: dash',
        '      role: dashboard',
        '      passwordHash: hunter2-plaintext',
      ),
    );
    expect(where(problems)).toEqual([{ line: 8, field: 'mqtt.users[0].passwordHash' }]);
    expect(problems[0]?.message).toMatch(
      /^expected a scrypt hash .*found a secret value \(17 characters\), not shown$/,
    );
    expect(problems[0]?.message).not.toContain('hunter2');
  });

  it('reports an object-level rule (token or tokenHash) at the entry’s line', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'participants: [{ id: a, name: A, organisation: Org A }]',
        'http:',
        '  tokens:',
        '    - name: nobody',
        '      role: viewer',
      ),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [5, 'http.tokens[0]', 'exactly one of "token" or "tokenHash"'],
    ]);
  });

  it('fills in defaults for everything the file leaves out', () => {
    const { config } = load(
      yaml('simulation: {}', 'participants: [{ id: a, name: A, organisation: Org A }]'),
    );
    expect(config.telephony.backend).toBe('sim');
    expect(config.simulation?.phones.answerDelayMaxMs).toBe(2500);
    expect(config.participants[0]?.priority).toBe(5);
  });
});

describe('YAML problems', () => {
  it('reports a syntax error with its line', () => {
    const problems = problemsOf(
      yaml('simulation: {}', 'participants:', '  - id: a', '    name: [unclosed', '    organisation: Org A'),
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: FILE, line: 5, field: '' });
    expect(problems[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('reports a duplicate key at the second occurrence', () => {
    const problems = problemsOf(
      yaml('simulation: {}', 'participants: [{ id: a, name: A, organisation: Org A }]', 'simulation: {}'),
    );
    expect(problems).toEqual([
      { file: FILE, line: 3, column: 1, field: '', message: 'YAML syntax error: Map keys must be unique' },
    ]);
  });

  it('reports an empty file', () => {
    expect(problemsOf('')).toEqual([
      {
        file: FILE,
        line: 1,
        column: 1,
        field: '',
        message: 'expected a mapping with at least "participants", found an empty file',
      },
    ]);
  });

  it('reports a document that is not a mapping', () => {
    expect(problemsOf('- just\n- a list\n')).toEqual([
      {
        file: FILE,
        line: 1,
        column: 1,
        field: '',
        message: 'expected a mapping (key: value), found a list of 2 items',
      },
    ]);
  });

  it('reports more than one document', () => {
    const problems = problemsOf(yaml('simulation: {}', '---', 'participants: []'));
    expect(problems[0]).toMatchObject({ line: 2, field: '' });
  });
});
