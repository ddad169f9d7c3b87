import { describe, expect, it } from 'vitest';
import { FILE, load, problemsOf, where, yaml } from './helpers.js';

const HASH = "'scrypt$16384$8$1$GzGbNg8b/+Yb0BUVmgPSsA==$d1YQTcV6T7IrLIy6gf9gUjW5ojMFLYnflX7At7yBCws='";

describe('cross-field checks', () => {
  it('rejects duplicate ids, naming where the first one is', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'participants:',
        '  - { id: a, name: A, organisation: O }',
        '  - { id: b, name: B, organisation: O }',
        '  - { id: a, name: A2, organisation: O }',
        'conferences:',
        '  - { id: c, name: C }',
        '  - { id: c, name: C2 }',
        'radios:',
        '  - { id: r, port: "sim:1", issi: "100", talkgroup: "9" }',
        '  - { id: r, port: "sim:2", issi: "101", talkgroup: "9" }',
        'http:',
        '  tokens:',
        '    - { name: t, role: viewer, token: aaaaaaaaaaaaaaaa }',
        '    - { name: t, role: host, token: bbbbbbbbbbbbbbbb }',
        'mqtt:',
        '  users:',
        `    - { username: u, role: dashboard, passwordHash: ${HASH} }`,
        `    - { username: u, role: dashboard, passwordHash: ${HASH} }`,
        'sambandstest:',
        '  schedules:',
        '    - { id: s, weekday: monday, time: "09:30" }',
        '    - { id: s, weekday: friday, time: "09:30" }',
      ),
    );
    expect(where(problems)).toEqual([
      { line: 5, field: 'participants[2].id' },
      { line: 8, field: 'conferences[1].id' },
      { line: 11, field: 'radios[1].id' },
      { line: 15, field: 'http.tokens[1].name' },
      { line: 19, field: 'mqtt.users[1].username' },
      { line: 23, field: 'sambandstest.schedules[1].id' },
    ]);
    expect(problems[0]?.message).toBe(
      'expected a unique participant id, found "a" again (first used by participants[0].id at line 3)',
    );
  });

  it('rejects a phone number or ISSI shared by two participants, and a gateway ISSI used by a participant', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'radios: [{ id: r, port: "sim:1", issi: "2420900", talkgroup: "9101" }]',
        'participants:',
        '  - id: a',
        '    name: A',
        '    organisation: O',
        '    phone: ["+46701740605"]',
        '    radio: { issi: "2420101" }',
        '  - id: b',
        '    name: B',
        '    organisation: O',
        '    phone: ["+46701740606", "+46701740605"]',
        '    radio: { issi: "2420101" }',
        '  - id: c',
        '    name: C',
        '    organisation: O',
        '    radio: { issi: "2420900" }',
      ),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [
        12,
        'participants[1].phone[1]',
        'expected a unique phone number, found "+46701740605" again (first used by participants[0].phone[0] at line 7)',
      ],
      [
        13,
        'participants[1].radio.issi',
        'expected a unique ISSI, found "2420101" again (first used by participants[0].radio.issi at line 8)',
      ],
      [
        17,
        'participants[2].radio.issi',
        expect.stringContaining('found "2420900" again (first used by radios[0].issi at line 2)'),
      ],
    ]);
  });

  it('rejects rosters and test scopes naming unknown participants, with a suggestion', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'participants:',
        '  - { id: polisen, name: P, organisation: O }',
        'conferences:',
        '  - id: c',
        '    name: C',
        '    roster: [polisen, polsen]',
        'sambandstest:',
        '  schedules:',
        '    - id: s',
        '      weekday: monday',
        '      time: "09:30"',
        '      participants:',
        '        - kommunen',
      ),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [
        7,
        'conferences[0].roster[1]',
        'expected a participant id, found "polsen", which no participant has (did you mean "polisen"?)',
      ],
      [
        14,
        'sambandstest.schedules[0].participants[0]',
        'expected a participant id, found "kommunen", which no participant has',
      ],
    ]);
  });

  it('ties agent users and participants together both ways', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'mqtt:',
        '  users:',
        `    - { username: agent-a, role: agent, participant: a, passwordHash: ${HASH} }`,
        `    - { username: agent-x, role: agent, participant: x, passwordHash: ${HASH} }`,
        `    - { username: dash, role: dashboard, passwordHash: ${HASH} }`,
        'participants:',
        '  - { id: a, name: A, organisation: O, agent: agent-a }',
        '  - { id: b, name: B, organisation: O, agent: agent-a }',
        '  - { id: c, name: C, organisation: O, agent: dash }',
        '  - { id: d, name: D, organisation: O, agent: agent-q }',
      ),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [5, 'mqtt.users[1].participant', 'expected a participant id, found "x", which no participant has'],
      [
        9,
        'participants[1].agent',
        'expected an agent user for participant "b", found "agent-a", the agent of "a"',
      ],
      [
        10,
        'participants[2].agent',
        'expected an MQTT user with role agent, found "dash" with role dashboard',
      ],
      [
        11,
        'participants[3].agent',
        'expected the username of an mqtt.users entry with role agent, found "agent-q", which is not an MQTT user (did you mean "agent-a"?)',
      ],
    ]);
  });

  it('rejects an agent user whose participant names no agent or another one', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'mqtt:',
        '  users:',
        `    - { username: agent-a, role: agent, participant: a, passwordHash: ${HASH} }`,
        `    - { username: agent-b, role: agent, participant: b, passwordHash: ${HASH} }`,
        `    - { username: agent-b2, role: agent, participant: b, passwordHash: ${HASH} }`,
        'participants:',
        '  - { id: a, name: A, organisation: O }',
        '  - { id: b, name: B, organisation: O, agent: agent-b }',
      ),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [
        4,
        'mqtt.users[0].participant',
        'expected participant "a" (participants[0] at line 8) to name "agent-a" as its agent, found no agent',
      ],
      [
        6,
        'mqtt.users[2].participant',
        'expected participant "b" (participants[1] at line 9) to name "agent-b2" as its agent, found "agent-b"',
      ],
    ]);
  });

  it('accepts agent users and participants that name each other', () => {
    const loaded = load(
      yaml(
        'simulation: {}',
        `mqtt: { users: [{ username: agent-a, role: agent, participant: a, passwordHash: ${HASH} }] }`,
        'participants: [{ id: a, name: A, organisation: O, agent: agent-a }]',
      ),
    );
    const about = (field: string) => field.startsWith('mqtt.users') || field.endsWith('.agent');
    expect(loaded.warnings.filter((w) => about(w.field))).toEqual([]);
  });

  describe('outside the demo (no simulation section)', () => {
    it('requires credentials for MQTT and keeps plain tokens out of the file', () => {
      const problems = problemsOf(
        yaml(
          'telephony: { backend: drachtio }',
          'participants: [{ id: a, name: A, organisation: O }]',
          'mqtt:',
          '  embedded:',
          '    allowAnonymousRead: true',
          'http:',
          '  tokens:',
          '    - { name: t, role: host, token: written-in-the-file }',
          `    - { name: e, role: host, token: "\${env:TOKEN}" }`,
        ),
        { TOKEN: 'from-the-environment' },
      );
      expect(problems.map((p) => [p.line, p.field])).toEqual([
        [5, 'mqtt.embedded.allowAnonymousRead'],
        [8, 'http.tokens[0].token'],
      ]);
      expect(problems[0]?.message).toContain('requires credentials outside the demo');
      expect(problems[1]?.message).toBe(
        `expected \${env:NAME} or "tokenHash" outside the demo, found a plain token written in the file`,
      );
    });

    it('refuses simulated telephony, also when it is only the default', () => {
      const explicit = problemsOf(
        yaml('telephony:', '  backend: sim', 'participants: [{ id: a, name: A, organisation: O }]'),
      );
      expect(explicit.map((p) => [p.line, p.field])).toEqual([[2, 'telephony.backend']]);
      expect(explicit[0]?.message).toMatch(/^backend "sim" requires the "simulation" section/);

      const implicit = problemsOf(yaml('participants: [{ id: a, name: A, organisation: O }]'));
      expect(implicit).toEqual([
        {
          file: FILE,
          line: 1,
          column: 1,
          field: 'telephony.backend',
          message: expect.stringMatching(/^backend "sim" \(the default\) requires the "simulation" section/),
        },
      ]);
    });

    it('refuses simulated radio ports', () => {
      const problems = problemsOf(
        yaml(
          'telephony: { backend: drachtio }',
          'participants: [{ id: a, name: A, organisation: O }]',
          'radios:',
          '  - id: r',
          '    port: sim:rakel-1',
          '    issi: "2420900"',
          '    talkgroup: "9101"',
        ),
      );
      expect(where(problems)).toEqual([{ line: 5, field: 'radios[0].port' }]);
    });

    it('refuses a simulated SMS modem, and names a misspelt modem key', () => {
      const problems = problemsOf(
        yaml(
          'telephony: { backend: drachtio }',
          'participants: [{ id: a, name: A, organisation: O }]',
          'callUp:',
          '  sms:',
          '    port: sim:modem',
        ),
      );
      expect(where(problems)).toEqual([{ line: 5, field: 'callUp.sms.port' }]);
      expect(problems[0]?.message).toContain(
        'a simulated modem port ("sim:modem") requires the "simulation" section',
      );
      const typo = problemsOf(
        yaml(
          'simulation: {}',
          'participants: [{ id: a, name: A, organisation: O }]',
          'callUp:',
          '  sms:',
          '    port: /dev/ttyUSB2',
          '    baudrate: 9600',
        ),
      );
      expect(where(typo)).toEqual([{ line: 6, field: 'callUp.sms.baudrate' }]);
    });
  });

  it('requires answerDelayMinMs <= answerDelayMaxMs', () => {
    const problems = problemsOf(
      yaml(
        'simulation:',
        '  phones:',
        '    answerDelayMinMs: 3000',
        '    answerDelayMaxMs: 1000',
        'participants: [{ id: a, name: A, organisation: O }]',
      ),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [3, 'simulation.phones.answerDelayMinMs', 'expected at most answerDelayMaxMs (1000), found 3000'],
    ]);
  });

  it('reports schema-valid cross-field problems of different kinds together', () => {
    const problems = problemsOf(
      yaml(
        'participants:',
        '  - { id: a, name: A, organisation: O }',
        '  - { id: a, name: A, organisation: O }',
        'conferences: [{ id: c, name: C, roster: [zz] }]',
      ),
    );
    expect(where(problems)).toEqual([
      { line: 1, field: 'telephony.backend' },
      { line: 3, field: 'participants[1].id' },
      { line: 4, field: 'conferences[0].roster[0]' },
    ]);
  });

  describe('warnings (the config still loads)', () => {
    it('warns about roster participants without a radio and about fast failback', () => {
      const loaded = load(
        yaml(
          'simulation: {}',
          'failover:',
          '  degradedForMs: 5000',
          '  failbackStableMs: 1000',
          'http: { tokens: [{ name: t, role: host, token: demo-token-0123456789 }] }',
          'radios: [{ id: r, port: "sim:1", issi: "9000", talkgroup: "9" }]',
          'participants:',
          '  - { id: a, name: A, organisation: O, phone: ["+46701740605"], radio: { issi: "1" } }',
          '  - id: b',
          '    name: B',
          '    organisation: O',
          '    phone: ["+46701740606"]',
          'conferences: [{ id: c, name: C }]',
        ),
      );
      expect(loaded.warnings.map((p) => [p.line, p.field, p.message])).toEqual([
        [
          4,
          'failover.failbackStableMs',
          'expected at least degradedForMs (5000) so a participant does not flap back to a shaky phone, found 1000',
        ],
        [
          9,
          'participants[1].radio',
          'participant "b" has no radio: no fallback path if its phone fails (in "c")',
        ],
      ]);
    });

    it('warns about an unreachable participant and a radio-less gateway', () => {
      const loaded = load(
        yaml(
          'simulation: {}',
          'http: { tokens: [{ name: t, role: host, token: demo-token-0123456789 }] }',
          'participants:',
          '  - { id: a, name: A, organisation: O, radio: { issi: "1" } }',
          '  - { id: b, name: B, organisation: O }',
          'conferences: [{ id: c, name: C, roster: [a] }]',
        ),
      );
      expect(where(loaded.warnings)).toEqual([
        { line: 1, field: 'radios' },
        { line: 5, field: 'participants[1]' },
      ]);
    });
  });

  it('refuses two listeners on one port, across sections, unless their addresses differ', () => {
    const text = (httpHost: string, opcuaPort: number) =>
      yaml(
        'simulation: {}',
        'participants:',
        '  - { id: a, name: A, organisation: O }',
        'http:',
        `  host: ${httpHost}`,
        '  port: 1883',
        'mqtt:',
        '  embedded: { port: 1883, wsPort: 8083 }',
        'opcua:',
        '  enabled: true',
        `  port: ${opcuaPort}`,
      );
    const clash = problemsOf(text('127.0.0.1', 8083));
    expect(where(clash)).toEqual([
      { line: 8, field: 'mqtt.embedded.port' },
      { line: 11, field: 'opcua.port' },
    ]);
    expect(clash[0]?.message).toBe(
      'expected a port of its own for the MQTT broker (TCP), found 1883 again (the HTTP API, line 6)',
    );
    // A wildcard takes the port on every address.
    expect(where(problemsOf(text('0.0.0.0', 4840)))).toEqual([{ line: 8, field: 'mqtt.embedded.port' }]);
    // Different addresses, and port 0 (any free port), never clash.
    expect(problemsOf(text('127.0.0.2', 4840))).toEqual([]);
    expect(problemsOf(text('127.0.0.2', 0))).toEqual([]);
  });
});
