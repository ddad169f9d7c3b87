/**
 * Names of recording files on the media server. Sortable, unique per start second, and free of
 * characters (`:`) that some file systems and the media server's command line dislike.
 */
import { compactTime } from './clock.js';

/** `<dir>/<conferenceId>-20261128T090000Z.wav`: a recording the host starts. */
export function recordingFile(dir: string, conferenceId: string, atMs: number): string {
  // Ids are config-validated, but the name ends up on a media-server command line: keep it inert.
  const safeId = conferenceId.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${(dir === '' ? '.' : dir).replace(/\/+$/, '')}/${safeId}-${compactTime(atMs)}.wav`;
}

/**
 * Where a recording that did not survive a gateway restart goes on, so the part already
 * recorded is never overwritten: `/rec/vk.wav` → `/rec/vk-resumed-20261128T093000Z.wav`
 * (inserted before the extension; appended to a name without one).
 */
export function continuationFile(file: string, atMs: number): string {
  const base = file.lastIndexOf('/') + 1;
  const dot = file.lastIndexOf('.');
  // A dot that starts the base name (`.wav`) or sits in a directory name is no extension.
  const cut = dot > base ? dot : file.length;
  return `${file.slice(0, cut)}-resumed-${compactTime(atMs)}${file.slice(cut)}`;
}
