/**
 * The YAML side of the loader: parses with a LineCounter so that every problem found later
 * (by zod or by the cross-field checks, which only see plain data) can be mapped back to the
 * line of the node it is about.
 */
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import { type ConfigProblem, type FieldPath, formatField } from './problem.js';

export interface ConfigSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

export function parseSource(text: string, file: string): { source: ConfigSource; errors: ConfigProblem[] } {
  const lines = new LineCounter();
  // prettyErrors off: we add file:line:column ourselves and keep messages to one line.
  // YAML 1.2 core schema: `no`/`yes` stay strings, so "Norway" keys cannot turn into booleans.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const source: ConfigSource = { file, doc, lines };
  const errors = doc.errors.map((e) =>
    problemAtOffset(source, e.pos[0], '', `YAML syntax error: ${e.message}`),
  );
  return { source, errors };
}

/** Non-fatal YAML remarks (e.g. an unknown tag), reported as warnings. */
export function yamlWarnings(source: ConfigSource): ConfigProblem[] {
  return source.doc.warnings.map((w) => problemAtOffset(source, w.pos[0], '', `YAML: ${w.message}`));
}

export function problemAt(source: ConfigSource, path: FieldPath, message: string): ConfigProblem {
  return { file: source.file, ...positionOf(source, path), field: formatField(path), message };
}

/** A problem about a key itself (an unknown key): points at the key, not its value. */
export function problemAtKey(
  source: ConfigSource,
  path: FieldPath,
  key: string,
  message: string,
): ConfigProblem {
  const parent = nodeAt(source, path);
  const keyNode = parent.depth === path.length ? keyNodeOf(source, parent.node, key) : undefined;
  const position = keyNode ? positionOfNode(source, keyNode) : positionOf(source, path);
  return { file: source.file, ...position, field: formatField([...path, key]), message };
}

/** Where the node at `path` starts; a missing node falls back to its deepest existing ancestor. */
export function positionOf(source: ConfigSource, path: FieldPath): Position {
  return positionOfNode(source, nodeAt(source, path).node);
}

/** Whether the file itself sets `path` (as opposed to a schema default filling it in). */
export function isSetInFile(source: ConfigSource, path: FieldPath): boolean {
  return nodeAt(source, path).depth === path.length;
}

function problemAtOffset(
  source: ConfigSource,
  offset: number,
  field: string,
  message: string,
): ConfigProblem {
  const { line, col } = source.lines.linePos(offset);
  return { file: source.file, line, column: col, field, message };
}

function positionOfNode(source: ConfigSource, node: Node | null): Position {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = source.lines.linePos(offset);
  return { line, column: col };
}

function nodeAt(source: ConfigSource, path: FieldPath): { node: Node | null; depth: number } {
  let node: Node | null = isNode(source.doc.contents) ? source.doc.contents : null;
  let depth = 0;
  for (const segment of path) {
    const next = node ? childOf(source, node, segment) : undefined;
    if (!next) break;
    node = next;
    depth += 1;
  }
  return { node, depth };
}

function childOf(source: ConfigSource, node: Node, segment: string | number): Node | undefined {
  const target = isAlias(node) ? node.resolve(source.doc) : node;
  if (isSeq(target) && typeof segment === 'number') {
    const item = target.items[segment];
    return isNode(item) ? item : undefined;
  }
  if (!isMap(target)) return undefined;
  for (const pair of target.items) {
    if (!isNode(pair.key) || keyText(pair.key) !== String(segment)) continue;
    // `key:` with nothing after it: the key is the best place to point at.
    return isNode(pair.value) ? pair.value : pair.key;
  }
  return undefined;
}

function keyNodeOf(source: ConfigSource, node: Node | null, key: string): Node | undefined {
  const target = node && isAlias(node) ? node.resolve(source.doc) : node;
  if (!isMap(target)) return undefined;
  for (const pair of target.items) {
    if (isNode(pair.key) && keyText(pair.key) === key) return pair.key;
  }
  return undefined;
}

function keyText(key: Node): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}
