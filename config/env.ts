/**
 * Secrets come from the environment: a string whose whole value is `${env:NAME}` is replaced by
 * the variable NAME before validation, so the value is checked like any other and the file
 * can be committed without secrets. Substitution happens on the YAML nodes, in place, so
 * later problems still point at the line that asked for the variable.
 */
import { isMap, isNode, isScalar, isSeq, type Scalar } from 'yaml';
import { type ConfigProblem, type FieldPath, formatField } from './problem.js';
import { type ConfigSource, problemAt } from './source.js';

export interface EnvSubstitution {
  /** Field (as formatted by formatField) → the variable its value came from. */
  readonly fromEnv: ReadonlyMap<string, string>;
  /** Fields whose variable is missing: schema complaints about them would only be noise. */
  readonly unresolved: ReadonlySet<string>;
  readonly problems: readonly ConfigProblem[];
}

const WHOLE_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const ANY_REFERENCE = '${env:';

export function substituteEnv(source: ConfigSource, env: NodeJS.ProcessEnv): EnvSubstitution {
  const fromEnv = new Map<string, string>();
  const unresolved = new Set<string>();
  const problems: ConfigProblem[] = [];

  walkScalars(source.doc.contents, [], (scalar, path) => {
    const value = scalar.value;
    if (typeof value !== 'string' || !value.includes(ANY_REFERENCE)) return;
    const field = formatField(path);
    const name = WHOLE_REFERENCE.exec(value)?.[1];
    if (name === undefined) {
      unresolved.add(field);
      problems.push(
        problemAt(
          source,
          path,
          `expected the whole value to be \${env:NAME} (NAME of letters, digits and "_"), found "${value}"`,
        ),
      );
      return;
    }
    const resolved = env[name];
    if (resolved === undefined || resolved === '') {
      unresolved.add(field);
      const state = resolved === undefined ? 'is not set' : 'is empty';
      problems.push(problemAt(source, path, `environment variable ${name} ${state}`));
      return;
    }
    scalar.value = resolved;
    fromEnv.set(field, name);
  });

  return { fromEnv, unresolved, problems };
}

// Values only: keys never come from the environment. Aliases are skipped because the anchored
// node they point to is visited (and substituted) where it is defined.
function walkScalars(node: unknown, path: FieldPath, visit: (scalar: Scalar, path: FieldPath) => void): void {
  if (!isNode(node)) return;
  if (isScalar(node)) {
    visit(node, path);
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      walkScalars(item, [...path, index], visit);
    });
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key)) walkScalars(pair.value, [...path, String(pair.key.value)], visit);
    }
  }
}
