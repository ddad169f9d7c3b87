/** The opcua section: explicit security, None/anonymous only in the demo. */
import { describe, expect, it } from 'vitest';
import { opcuaSchema } from '../../../config/schema.js';
import { load, problemsOf, yaml } from '../../config/helpers.js';

const PARTICIPANTS = 'participants: [{ id: a, name: A, organisation: O }]';

describe('opcua configuration', () => {
  it('defaults to off, loopback, 4840, SignAndEncrypt/Basic256Sha256 and no anonymous access', () => {
    expect(opcuaSchema.parse({})).toEqual({
      enabled: false,
      host: '127.0.0.1',
      port: 4840,
      allowAnonymous: false,
      users: [],
      securityModes: ['SignAndEncrypt'],
      securityPolicies: ['Basic256Sha256'],
      autoAcceptClientCertificates: false,
    });
  });

  it('accepts a None endpoint only with allowAnonymous, and None mode only with None policy', () => {
    const none = problemsOf(
      yaml('simulation: {}', PARTICIPANTS, 'opcua:', '  securityModes: [None]', '  securityPolicies: [None]'),
    );
    expect(none.map((p) => p.field)).toContain('opcua.securityModes');
    const mismatch = problemsOf(
      yaml(
        'simulation: {}',
        PARTICIPANTS,
        'opcua:',
        '  allowAnonymous: true',
        '  securityModes: [None, SignAndEncrypt]',
        '  securityPolicies: [Basic256Sha256]',
      ),
    );
    expect(mismatch.map((p) => p.field)).toEqual(['opcua.securityPolicies']);
  });

  it('refuses anonymous access outside the demo, and warns when nobody could sign in', () => {
    const problems = problemsOf(
      yaml(
        'telephony: { backend: drachtio }',
        PARTICIPANTS,
        'opcua:',
        '  enabled: true',
        '  allowAnonymous: true',
      ),
    );
    expect(problems.filter((p) => p.field.startsWith('opcua')).map((p) => [p.line, p.field])).toEqual([
      [5, 'opcua.allowAnonymous'],
    ]);
    const warned = load(yaml('simulation: {}', PARTICIPANTS, 'opcua:', '  enabled: true')).warnings.map(
      (w) => w.field,
    );
    expect(warned).toContain('opcua.users');
  });
});
