import { describe, expect, it } from 'vitest';
import { load, problemsOf, yaml } from './helpers.js';

describe('telephony.sip.trunks', () => {
  it('accepts two carriers with env credentials and prefixes, defaults applied', () => {
    const loaded = load(
      yaml(
        'simulation: {}',
        'participants: [{ id: a, name: A, organisation: O }]',
        'telephony:',
        '  sip:',
        '    trustedSources: ["192.0.2.0/24", "198.51.100.7"]',
        '    trunks:',
        '      - id: telia',
        '        host: sip.telia.example',
        '        transport: tls',
        '        port: 5061',
        '        username: "0101234567"',
        `        password: "\${env:TELIA_SIP_PASSWORD}"`,
        '      - { id: tele2, host: sip.tele2.example, order: 1, prefixes: ["+4611"] }',
      ),
      { TELIA_SIP_PASSWORD: 'from-env' },
    );
    const [telia, tele2] = loaded.config.telephony.sip.trunks ?? [];
    expect(telia).toMatchObject({ port: 5061, transport: 'tls', password: 'from-env' });
    expect(tele2).toMatchObject({
      port: 5060,
      transport: 'udp',
      keepAliveIntervalMs: 30_000,
      prefixes: ['+4611'],
    });
  });

  it('refuses a password in the file, half credentials, both forms, a repeated id and a bad CIDR', () => {
    // A schema problem (the CIDR) is reported alone; the cross-field rules run on a valid file.
    const file = (...sources: string[]) =>
      yaml(
        'simulation: {}',
        'participants: [{ id: a, name: A, organisation: O }]',
        'telephony:',
        '  sip:',
        '    trunk: old.example:5060',
        ...sources,
        '    trunks:',
        '      - { id: t, host: a.example, username: u, password: written }',
        '      - { id: t, host: b.example, username: u }',
      );
    const problems = problemsOf(file('    trustedSources: ["192.0.2.0/33"]'));
    expect(problems.map((p) => [p.line, p.field])).toEqual([[6, 'telephony.sip.trustedSources[0]']]);
    const checked = problemsOf(file());
    expect(checked.map((p) => [p.line, p.field, p.message])).toEqual([
      [5, 'telephony.sip.trunk', 'give either "trunk" (one host:port) or "trunks", not both'],
      [7, 'telephony.sip.trunks[0].password', `expected \${env:NAME}, found a password written in the file`],
      [8, 'telephony.sip.trunks[1].id', 'trunk id "t" is used twice'],
      [8, 'telephony.sip.trunks[1].username', 'digest authentication needs both "username" and "password"'],
    ]);
  });

  it('register: defaults, the registrar elsewhere, and refused without credentials', () => {
    const file = (...trunks: string[]) =>
      yaml(
        'simulation: {}',
        'participants: [{ id: a, name: A, organisation: O }]',
        'telephony:',
        '  sip:',
        '    trunks:',
        ...trunks,
      );
    const loaded = load(
      file(
        `      - { id: op, host: sip.op.example, username: "0101", password: "\${env:OP_PW}", register: {} }`,
        `      - { id: pbx, host: pbx.example, username: u, password: "\${env:OP_PW}", register: { registrar: "reg.op.example:5080", expiresS: 3600 } }`,
      ),
      { OP_PW: 'pw' },
    );
    const [op, pbx] = loaded.config.telephony.sip.trunks;
    expect(op?.register).toEqual({
      expiresS: 600,
      timeoutMs: 10_000,
      retryMinMs: 10_000,
      retryMaxMs: 600_000,
    });
    expect(pbx?.register).toMatchObject({ registrar: 'reg.op.example:5080', expiresS: 3600 });
    const problems = problemsOf(
      file(
        '      - { id: ip, host: sbc.example, register: { expiresS: 600 } }',
        `      - { id: b, host: b.example, username: u, password: "\${env:OP_PW}", register: { retryMinMs: 5000, retryMaxMs: 1000 } }`,
      ),
      { OP_PW: 'pw' },
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [6, 'telephony.sip.trunks[0].register', 'registration needs the trunk\'s "username" and "password"'],
      [7, 'telephony.sip.trunks[1].register.retryMaxMs', 'must not be below "retryMinMs"'],
    ]);
    const short = problemsOf(file('      - { id: s, host: s.example, register: { expiresS: 30 } }'));
    expect(short.map((p) => p.field)).toEqual(['telephony.sip.trunks[0].register.expiresS']);
  });

  it('warns that an empty trustedSources refuses every dial-in (drachtio, PINs configured)', () => {
    const HASH = "'scrypt$16384$8$1$GzGbNg8b/+Yb0BUVmgPSsA==$d1YQTcV6T7IrLIy6gf9gUjW5ojMFLYnflX7At7yBCws='";
    const text = (trusted: string) =>
      yaml(
        'simulation: {}',
        'participants: [{ id: a, name: A, organisation: O }]',
        `conferences: [{ id: c, name: C, participantPinHash: ${HASH} }]`,
        'telephony:',
        '  backend: drachtio',
        `  sip: { trustedSources: ${trusted} }`,
      );
    const about = (w: { field: string }) => w.field === 'telephony.sip.trustedSources';
    expect(
      load(text('[]'))
        .warnings.filter(about)
        .map((w) => w.message),
    ).toEqual(["empty: every dial-in is refused with 403; list the trunks' and the PBX's addresses (CIDRs)"]);
    expect(load(text('["192.0.2.0/24"]')).warnings.filter(about)).toEqual([]);
  });
});
