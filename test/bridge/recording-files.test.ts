import { describe, expect, it } from 'vitest';
import { continuationFile, recordingFile } from '../../bridge/recording-files.js';

describe('recordingFile', () => {
  const at = Date.parse('2026-11-28T09:00:00.250Z');
  it('joins the directory, the id and a compact UTC stamp', () => {
    expect(recordingFile('recordings', 'vk', at)).toBe('recordings/vk-20261128T090000Z.wav');
    expect(recordingFile('/rec//', 'vk', at)).toBe('/rec/vk-20261128T090000Z.wav');
    expect(recordingFile('', 'vk', at)).toBe('./vk-20261128T090000Z.wav');
    expect(recordingFile('/', 'vk', at)).toBe('/vk-20261128T090000Z.wav');
  });
  it('keeps characters a command line would act on out of the name', () => {
    expect(recordingFile('r', 'a b;rm', at)).toBe('r/a_b_rm-20261128T090000Z.wav');
  });
});

describe('continuationFile', () => {
  const at = Date.parse('2026-11-28T09:30:00.750Z');
  it('inserts "-resumed-<stamp>" before the extension', () => {
    expect(continuationFile('/rec/vk.wav', at)).toBe('/rec/vk-resumed-20261128T093000Z.wav');
    expect(continuationFile('recordings/vk-20261128T090000Z.wav', at)).toBe(
      'recordings/vk-20261128T090000Z-resumed-20261128T093000Z.wav',
    );
    expect(continuationFile('vk.tar.gz', at)).toBe('vk.tar-resumed-20261128T093000Z.gz');
  });
  it('appends it to a name without an extension, whatever dots its directories have', () => {
    expect(continuationFile('/rec/vk', at)).toBe('/rec/vk-resumed-20261128T093000Z');
    expect(continuationFile('/rec.d/vk', at)).toBe('/rec.d/vk-resumed-20261128T093000Z');
    expect(continuationFile('/rec/.wav', at)).toBe('/rec/.wav-resumed-20261128T093000Z');
  });
  it('gives a continuation of a continuation a name of its own', () => {
    const once = continuationFile('/rec/vk.wav', at);
    const twice = continuationFile(once, at + 60_000);
    expect(twice).toBe('/rec/vk-resumed-20261128T093000Z-resumed-20261128T093100Z.wav');
  });
});
