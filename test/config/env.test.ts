import { describe, expect, it } from 'vitest';
import { FILE, load, problemsOf, where, yaml } from './helpers.js';

const TOKEN_FILE = yaml(
  'participants: [{ id: a, name: A, organisation: Org A }]',
  'telephony: { backend: drachtio }',
  'http:',
  '  tokens:',
  '    - name: host',
  '      role: host',
  `      token: \${env:SAMBAND_HOST_TOKEN}`,
);

describe(`\${env:NAME} substitution`, () => {
  it('replaces a whole-value reference and records where it came from', () => {
    const loaded = load(TOKEN_FILE, { SAMBAND_HOST_TOKEN: 'a-very-secret-host-token' });
    expect(loaded.config.http.tokens[0]?.token).toBe('a-very-secret-host-token');
    expect([...loaded.fromEnv]).toEqual([['http.tokens[0].token', 'SAMBAND_HOST_TOKEN']]);
  });

  it('substitutes in any string field, not only secrets', () => {
    const loaded = load(
      yaml(
        'simulation: {}',
        'gateway:',
        `  name: \${env:SITE_NAME}`,
        'participants: [{ id: a, name: A, organisation: O }]',
      ),
      { SITE_NAME: 'Samband Norr' },
    );
    expect(loaded.config.gateway.name).toBe('Samband Norr');
  });

  it('reports a missing variable at its line, naming it, and nothing else about that field', () => {
    expect(problemsOf(TOKEN_FILE, {})).toEqual([
      {
        file: FILE,
        line: 7,
        column: 14,
        field: 'http.tokens[0].token',
        message: 'environment variable SAMBAND_HOST_TOKEN is not set',
      },
    ]);
  });

  it('treats an empty variable as missing', () => {
    expect(problemsOf(TOKEN_FILE, { SAMBAND_HOST_TOKEN: '' }).map((p) => p.message)).toEqual([
      'environment variable SAMBAND_HOST_TOKEN is empty',
    ]);
  });

  it('validates the substituted value without revealing it', () => {
    const problems = problemsOf(TOKEN_FILE, { SAMBAND_HOST_TOKEN: 'short-secret' });
    expect(problems).toEqual([
      {
        file: FILE,
        line: 7,
        column: 14,
        field: 'http.tokens[0].token',
        message: 'expected at least 16 characters, found the value of SAMBAND_HOST_TOKEN (12 characters)',
      },
    ]);
  });

  it('refuses a reference that is only part of the value, or malformed', () => {
    const problems = problemsOf(
      yaml(
        'simulation: {}',
        'gateway:',
        `  name: Samband \${env:SITE}`,
        `  dataDir: \${env:data-dir}`,
        'participants: [{ id: a, name: A, organisation: O }]',
      ),
      { SITE: 'x' },
    );
    expect(where(problems)).toEqual([
      { line: 3, field: 'gateway.name' },
      { line: 4, field: 'gateway.dataDir' },
    ]);
    expect(problems[0]?.message).toMatch(/^expected the whole value to be \$\{env:NAME\}/);
  });

  it('leaves keys and non-reference strings alone', () => {
    const loaded = load(
      yaml(
        'simulation: {}',
        'gateway: { name: "$HOME and {env:X}" }',
        'participants: [{ id: a, name: A, organisation: O }]',
      ),
    );
    expect(loaded.config.gateway.name).toBe('$HOME and {env:X}');
    expect(loaded.fromEnv.size).toBe(0);
  });
});
