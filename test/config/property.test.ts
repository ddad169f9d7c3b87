import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { parseConfigText } from '../../config/load.js';

const ENV = { SET: 'a-value-from-the-environment' };

/** Either loads or throws a ConfigError whose problems all point inside the text. */
function assertOnlyConfigErrors(text: string): void {
  try {
    parseConfigText(text, 'fuzz.yaml', ENV);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.problems.length).toBeGreaterThan(0);
    const lastLine = text.split('\n').length;
    for (const p of error.problems) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.line).toBeLessThanOrEqual(lastLine);
      expect(p.message.length).toBeGreaterThan(0);
    }
  }
}

// Fragments that exercise YAML's corners: anchors, aliases, tags, flow collections,
// multi-documents, block scalars, env references, and keys from the real schema.
const fragment = fc.constantFrom(
  'participants:',
  '  - id: a',
  '    name: A',
  '    organisation: O',
  '    phone: ["+46701740605"]',
  'simulation: {}',
  'simulation:',
  '  phones: { answerDelayMinMs: 9, answerDelayMaxMs: 1 }',
  'conferences: [{ id: c, name: C, roster: [a, b] }]',
  `http: { tokens: [{ name: t, role: host, token: \${env:SET} }] }`,
  `http: { tokens: [{ name: t, role: host, token: \${env:UNSET} }] }`,
  'mqtt: { users: [{ username: u, role: agent, participant: a, passwordHash: x }] }',
  'radios: [{ id: r, port: "sim:1", issi: "1", talkgroup: "9" }]',
  'x: &a [*a]',
  'y: *missing',
  'z: !!binary aGVsbG8=',
  'w: !custom tag',
  'v: |',
  '  block',
  '---',
  '...',
  '- item',
  '? complex key',
  ': value',
  '{',
  '[',
  '"unterminated',
  "'",
  '\t tab',
  '%YAML 1.1',
  '<<: { merged: true }',
  '~: null',
  '1: number key',
  'participants: 5',
  '',
);

const yamlish = fc.array(
  fc.oneof({ weight: 4, arbitrary: fragment }, { weight: 1, arbitrary: fc.string() }),
  {
    maxLength: 20,
  },
);

describe('property: loading never throws anything but ConfigError', () => {
  it('on YAML-ish text assembled from tricky fragments', () => {
    fc.assert(
      fc.property(yamlish, (lines) => assertOnlyConfigErrors(lines.join('\n'))),
      { numRuns: 400 },
    );
  });

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), assertOnlyConfigErrors), {
      numRuns: 400,
    });
  });

  it('on the demo file with lines dropped, duplicated or corrupted', () => {
    const demo = readFileSync('config/demo.yaml', 'utf8').split('\n');
    const edit = fc.record({
      at: fc.nat({ max: demo.length - 1 }),
      kind: fc.constantFrom('drop', 'duplicate', 'corrupt'),
      junk: fc.string({ maxLength: 8 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        const lines = [...demo];
        for (const { at, kind, junk } of edits) {
          const index = Math.min(at, lines.length - 1);
          const line = lines[index] ?? '';
          if (kind === 'drop') lines.splice(index, 1);
          else if (kind === 'duplicate') lines.splice(index, 0, line);
          else lines[index] = line.slice(0, junk.length) + junk + line.slice(junk.length * 2);
        }
        assertOnlyConfigErrors(lines.join('\n'));
      }),
      { numRuns: 300 },
    );
  });
});
