import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SambandError } from '../../bridge/errors.js';
import { checkConfigFile, formatProblem } from '../../config/check.js';
import { configuredRoster } from '../../config/checks/roster-of.js';
import { ConfigError, ConfigErrorCodes } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';
import { verifySecret } from '../../config/secrets.js';

const DEMO = 'config/demo.yaml';
const PRODUCTION = 'config/example.production.yaml';
const PRODUCTION_ENV = {
  SAMBAND_HOST_TOKEN: 'host-token-from-the-vault-0001',
  SAMBAND_TECHNICIAN_TOKEN: 'technician-token-from-the-vault',
  SAMBAND_DRACHTIO_SECRET: 'drachtio-secret-from-the-vault',
  SAMBAND_ESL_PASSWORD: 'esl-password-from-the-vault',
  SAMBAND_TRUNK_A_PASSWORD: 'trunk-password-from-the-vault',
};

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config/demo.yaml', () => {
  const loaded = loadConfig(DEMO, {});
  const { config } = loaded;

  it('loads with no problems and no warnings', () => {
    expect(loaded.warnings).toEqual([]);
    expect(checkConfigFile(DEMO, {})).toMatchObject({ ok: true, problems: [], warnings: [] });
  });

  it('is fully simulated', () => {
    expect(config.simulation).toBeDefined();
    expect(config.telephony.backend).toBe('sim');
    expect(config.radios.map((r) => r.port)).toEqual(['sim:rakel-1']);
  });

  it('has at least 12 participants, all in the weekly conference, all with phone and radio', () => {
    expect(config.participants.length).toBeGreaterThanOrEqual(12);
    const conference = config.conferences.find((c) => c.id === 'veckokonferens');
    expect(conference).toMatchObject({ name: 'Veckovis samverkanskonferens', conveneOnStart: true });
    const roster = conference ? configuredRoster(config, conference) : [];
    expect(new Set(roster)).toEqual(new Set(config.participants.map((p) => p.id)));
    for (const p of config.participants) {
      expect(p.phone.length, p.id).toBeGreaterThan(0);
      expect(p.radio?.issi, p.id).toMatch(/^[0-9]{7}$/);
    }
  });

  it('uses only numbers from the range reserved for fiction', () => {
    for (const number of config.participants.flatMap((p) => p.phone)) {
      const n = Number(number.replace('+46701740', ''));
      expect(number.startsWith('+46701740') && n >= 605 && n <= 699, number).toBe(true);
    }
  });

  it('has the documented demo credentials', () => {
    const conference = config.conferences[0];
    expect(verifySecret('4711', conference?.hostPinHash ?? '')).toBe(true);
    expect(verifySecret('1234', conference?.participantPinHash ?? '')).toBe(true);
    const password = (username: string) =>
      config.mqtt.users.find((u) => u.username === username)?.passwordHash ?? '';
    expect(verifySecret('demo-dashboard-pass', password('dashboard'))).toBe(true);
    expect(verifySecret('demo-agent-demokraft', password('agent-demokraft'))).toBe(true);
    expect(verifySecret('demo-agent-sos', password('agent-sos'))).toBe(true);
    expect(verifySecret('demo-agent-raddning', password('agent-raddning'))).toBe(true);
    expect(config.http.tokens.map((t) => [t.role, t.token])).toEqual([
      ['host', 'demo-host-token-change-me'],
      ['technician', 'demo-technician-token-change-me'],
      ['viewer', 'demo-viewer-token-change-me'],
    ]);
    expect(config.mqtt.embedded.allowAnonymousRead).toBe(true);
  });

  it('has short, watchable timings and a weekly Monday sambandstest', () => {
    expect(config.telephony).toMatchObject({
      mediaTimeoutMs: 1500,
      redialIntervalMs: 2000,
      callTimeoutMs: 8000,
    });
    expect(config.failover).toMatchObject({ degradedForMs: 2000, failbackStableMs: 5000 });
    expect(config.sambandstest.schedules).toEqual([
      expect.objectContaining({
        weekday: 'monday',
        time: '09:30',
        timezone: 'Europe/Stockholm',
        participants: 'all',
      }),
    ]);
    expect(config.sambandstest.schedules[0]?.paths).toEqual(['phone', 'radio', 'agent']);
  });
});

describe('config/example.production.yaml', () => {
  it('loads when the referenced environment variables are set', () => {
    const loaded = loadConfig(PRODUCTION, PRODUCTION_ENV);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.simulation).toBeUndefined();
    expect(loaded.config.telephony.backend).toBe('drachtio');
    expect(loaded.config.http.tokens[0]?.token).toBe(PRODUCTION_ENV.SAMBAND_HOST_TOKEN);
    expect([...loaded.fromEnv.values()].sort()).toEqual([
      'SAMBAND_DRACHTIO_SECRET',
      'SAMBAND_ESL_PASSWORD',
      'SAMBAND_HOST_TOKEN',
      'SAMBAND_TECHNICIAN_TOKEN',
      'SAMBAND_TRUNK_A_PASSWORD',
    ]);
    expect(loaded.config.telephony.drachtio.secret).toBe(PRODUCTION_ENV.SAMBAND_DRACHTIO_SECRET);
    expect(loaded.config.telephony.freeswitch.secret).toBe(PRODUCTION_ENV.SAMBAND_ESL_PASSWORD);
    expect(loaded.config.telephony.sip).toMatchObject({
      callerId: '+46101234567',
      trustedSources: ['192.0.2.0/24', '198.51.100.10'],
    });
    expect(loaded.config.telephony.sip.trunks.map((t) => [t.id, t.password])).toEqual([
      ['operator-a', PRODUCTION_ENV.SAMBAND_TRUNK_A_PASSWORD],
      ['operator-b', undefined],
    ]);
  });

  it('fails naming each missing variable, with its line', () => {
    const error = thrown(() =>
      loadConfig(PRODUCTION, { ...PRODUCTION_ENV, SAMBAND_TECHNICIAN_TOKEN: undefined }),
    );
    expect(error.problems).toEqual([
      {
        file: PRODUCTION,
        line: expect.any(Number),
        column: expect.any(Number),
        field: 'http.tokens[1].token',
        message: 'environment variable SAMBAND_TECHNICIAN_TOKEN is not set',
      },
    ]);
    expect(error.message).toContain('SAMBAND_TECHNICIAN_TOKEN');
  });
});

describe('loadConfig and checkConfigFile on files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samband-config-'));

  it('throws a coded ConfigError for a missing file', () => {
    const missing = join(dir, 'missing.yaml');
    const error = thrown(() => loadConfig(missing, {}));
    expect(error).toBeInstanceOf(SambandError);
    expect(error.code).toBe(ConfigErrorCodes.CONFIG);
    expect(error.code).toBe('SAMBAND_ERR_CONFIG');
    expect(error.problems).toEqual([
      {
        file: missing,
        line: 0,
        column: 0,
        field: '',
        message: 'cannot read the configuration file: no such file',
      },
    ]);
  });

  it('throws a ConfigError for a directory', () => {
    expect(thrown(() => loadConfig(dir, {})).problems[0]?.message).toMatch(/it is a directory/);
  });

  it('checks without throwing, keeping problems and warnings apart', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'simulation: {}',
        'participants:',
        "  - { id: a, name: A, organisation: O, phone: ['+46701740605'] }",
        "  - { id: a, name: B, organisation: O, phone: ['+46701740606'] }",
        '',
      ].join('\n'),
    );
    const result = checkConfigFile(file, {});
    expect(result.ok).toBe(false);
    expect(result.problems.map(formatProblem)).toEqual([
      `${file}:4:11: participants[1].id: expected a unique participant id, found "a" again (first used by participants[0].id at line 3)`,
    ]);
    expect(result.warnings.map(formatProblem)).toEqual([
      `${file}:1:1: http.tokens: no API tokens: the HTTP API and dashboard will refuse everyone`,
    ]);
  });

  it('reports a typo in a file with the key’s position', () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(
      file,
      'simulation: {}\nparticipants: [{ id: a, name: A, organisation: O }]\nmqtt: { prefx: x }\n',
    );
    expect(checkConfigFile(file, {}).problems.map(formatProblem)).toEqual([
      `${file}:3:9: mqtt.prefx: unknown key "prefx" (did you mean "prefix"?)`,
    ]);
  });

  it('formats problems as file:line:column: field: message', () => {
    expect(
      formatProblem({ file: 'a.yaml', line: 3, column: 9, field: 'participants[0].id', message: 'bad' }),
    ).toBe('a.yaml:3:9: participants[0].id: bad');
    expect(
      formatProblem({ file: 'a.yaml', line: 2, column: 1, field: '', message: 'YAML syntax error: x' }),
    ).toBe('a.yaml:2:1: YAML syntax error: x');
    expect(formatProblem({ file: 'a.yaml', line: 0, column: 0, field: '', message: 'cannot read' })).toBe(
      'a.yaml: cannot read',
    );
  });
});
