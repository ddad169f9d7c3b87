import { describe, expect, it } from 'vitest';
import {
  normaliseTags,
  resolveRoster,
  selectRoster,
  type Taggable,
  tagVocabulary,
} from '../../bridge/roster.js';

const people: Taggable[] = [
  { id: 'umea', tags: { area: ['umealven'], sector: ['kommun'] } },
  { id: 'vannas', tags: { area: ['umealven'], sector: ['kommun'] } },
  { id: 'skelleftea', tags: { area: ['skelleftealven'], sector: ['kommun'] } },
  { id: 'vattenfall', tags: { area: ['umealven', 'skelleftealven'], sector: ['dammagare'] } },
  { id: 'polisen', tags: { sector: ['polis'] } },
  { id: 'lst' },
];

describe('roster resolution', () => {
  it('all and id lists keep their order and drop duplicates and unknown ids', () => {
    expect(resolveRoster('all', people)).toEqual([
      'umea',
      'vannas',
      'skelleftea',
      'vattenfall',
      'polisen',
      'lst',
    ]);
    expect(resolveRoster(['polisen', 'umea', 'polisen', 'ghost'], people)).toEqual(['polisen', 'umea']);
  });

  it('a selector takes any value within a key and every key', () => {
    expect(resolveRoster({ tags: { area: ['umealven'] } }, people)).toEqual(['umea', 'vannas', 'vattenfall']);
    expect(resolveRoster({ tags: { area: ['umealven'], sector: ['kommun', 'dammagare'] } }, people)).toEqual([
      'umea',
      'vannas',
      'vattenfall',
    ]);
    expect(resolveRoster({ tags: { area: ['umealven'], sector: ['dammagare'] } }, people)).toEqual([
      'vattenfall',
    ]);
  });

  it('adds and excludes ids; exclusion wins; without tags it starts from everyone unless it only adds', () => {
    expect(
      resolveRoster({ tags: { area: ['umealven'] }, add: ['lst', 'umea'], exclude: ['vannas'] }, people),
    ).toEqual(['umea', 'vattenfall', 'lst']);
    expect(resolveRoster({ add: ['lst'], exclude: ['lst'] }, people)).toEqual([]);
    expect(resolveRoster({ exclude: ['lst', 'polisen'] }, people)).toEqual([
      'umea',
      'vannas',
      'skelleftea',
      'vattenfall',
    ]);
    expect(resolveRoster({ add: ['lst'] }, people)).toEqual(['lst']);
  });

  it('a flat tag list is the key "tag"', () => {
    expect(normaliseTags(['rakel', 'alvgrupp'])).toEqual({ tag: ['rakel', 'alvgrupp'] });
    expect(normaliseTags([])).toEqual({});
    const flat = [{ id: 'a', tags: normaliseTags(['alvgrupp']) }, { id: 'b' }];
    expect(resolveRoster({ tags: normaliseTags(['alvgrupp']) }, flat)).toEqual(['a']);
  });

  it('a selection on the spot replaces the configured roster, or extends it (and can take people off it)', () => {
    const configured = ['lst', 'polisen'];
    expect(selectRoster(configured, { tags: { area: ['skelleftealven'] } }, 'replace', people)).toEqual([
      'skelleftea',
      'vattenfall',
    ]);
    expect(
      selectRoster(
        configured,
        { tags: { area: ['skelleftealven'] }, exclude: ['polisen'] },
        'extend',
        people,
      ),
    ).toEqual(['lst', 'skelleftea', 'vattenfall']);
    expect(selectRoster(configured, { exclude: ['lst'] }, 'extend', people)).toEqual(['polisen']);
  });

  it('lists the tag vocabulary', () => {
    const vocabulary = tagVocabulary(people);
    expect([...vocabulary.keys()]).toEqual(['area', 'sector']);
    expect([...(vocabulary.get('sector') ?? [])]).toEqual(['kommun', 'dammagare', 'polis']);
  });
});
