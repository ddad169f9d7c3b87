/** The configuration reaches the core and the conference log as domain specs. */
import { describe, expect, it } from 'vitest';
import { loggedConferences } from '../../gateway/conference-log.js';
import { conferenceSpecs } from '../../gateway/domain-config.js';
import { load, yaml } from '../config/helpers.js';

const config = load(
  yaml(
    'simulation: {}',
    'participants: [{ id: a, name: A, organisation: Org A }, { id: b, name: B, organisation: Org B }]',
    'conferences:',
    '  - id: vk',
    '    name: Veckokonferens',
    '    onSite: { name: Länsstyrelsen sal Vänern, address: Södra Hamngatan 3 }',
    '  - id: stab',
    '    name: Stab',
    '    roster: [b]',
  ),
).config;

describe('domain config', () => {
  it('gives a conference its on-site meeting place, and none when the file agrees none', () => {
    const place = { name: 'Länsstyrelsen sal Vänern', address: 'Södra Hamngatan 3' };
    const [vk, stab] = conferenceSpecs(config);
    expect(vk).toEqual({
      id: 'vk',
      name: 'Veckokonferens',
      roster: ['a', 'b'],
      conveneOnStart: false,
      onSite: place,
    });
    expect(stab).not.toHaveProperty('onSite');
    // A run of the conference records the place it had when it started.
    expect(loggedConferences(config).get('vk')?.onSite).toEqual(place);
    expect(loggedConferences(config).get('stab')?.onSite).toBeNull();
  });
});
