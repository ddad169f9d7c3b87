/**
 * The selection argument of `ConveneWith`, in a form a control-room operator can type into a
 * SCADA method dialog: `area:umealven sector:kommun,dammagare +lansstyrelsen -polisen`.
 * `key:v1,v2` selects by tag (any value within a key, every key), `+id` adds, `-id` excludes; an
 * empty text means the configured roster.
 */
import type { ConveneRequest } from '../../bridge/convene-plan.js';
import type { SelectionMode } from '../../bridge/roster.js';
import { OpcuaError, OpcuaErrorCodes } from './errors.js';

/** @throws OpcuaError INVALID_ARGUMENT */
export function conveneRequestOf(subject: string, selection: string, mode: string): ConveneRequest {
  const request: ConveneRequest = {};
  if (subject.trim() !== '') request.subject = subject;
  const parsed = parseSelection(selection);
  if (parsed) request.selection = parsed;
  request.mode = modeOf(mode);
  return request;
}

function parseSelection(text: string): ConveneRequest['selection'] | undefined {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return undefined;
  const tags: Record<string, string[]> = {};
  const add: string[] = [];
  const exclude: string[] = [];
  for (const token of tokens) {
    if (token.startsWith('+') && token.length > 1) add.push(token.slice(1));
    else if (token.startsWith('-') && token.length > 1) exclude.push(token.slice(1));
    else {
      const match = /^([^:,]+):([^:]+)$/.exec(token);
      const values = match?.[2]?.split(',').filter((v) => v !== '') ?? [];
      if (!match?.[1] || values.length === 0) {
        throw new OpcuaError(
          OpcuaErrorCodes.INVALID_ARGUMENT,
          `selection: expected "key:value[,value…]", "+id" or "-id", found "${token}"`,
        );
      }
      tags[match[1]] = [...(tags[match[1]] ?? []), ...values];
    }
  }
  return {
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(add.length > 0 ? { add } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
  };
}

function modeOf(mode: string): SelectionMode {
  const trimmed = mode.trim();
  if (trimmed === '' || trimmed === 'replace') return 'replace';
  if (trimmed === 'extend') return 'extend';
  throw new OpcuaError(
    OpcuaErrorCodes.INVALID_ARGUMENT,
    `mode must be "replace" or "extend" (empty: replace); found "${trimmed}"`,
  );
}
