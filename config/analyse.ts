/**
 * The loader's pipeline, which never throws: YAML → ${env:…} substitution → schema →
 * cross-field checks. Each stage reports every problem it finds; a stage runs only when the
 * one before it produced something it can trust (a document, then a typed config).
 */
import { crossChecks, runChecks } from './checks/index.js';
import { substituteEnv } from './env.js';
import { byPosition, type ConfigProblem } from './problem.js';
import type { Config } from './schema.js';
import { type ConfigSource, parseSource, problemAt, yamlWarnings } from './source.js';
import { validateSchema } from './validate.js';

export interface ConfigAnalysis {
  /** Present only when there are no problems. */
  readonly config: Config | undefined;
  readonly problems: ConfigProblem[];
  readonly warnings: ConfigProblem[];
  /** Field (e.g. `http.tokens[0].token`) → environment variable its value came from. */
  readonly fromEnv: ReadonlyMap<string, string>;
  /** The parsed file, present with `config`: later checks point into it too. */
  readonly source?: ConfigSource;
}

// Limits alias expansion ("billion laughs"): a config file never needs more.
const MAX_ALIAS_COUNT = 100;

export function analyseConfigText(text: string, file: string, env: NodeJS.ProcessEnv): ConfigAnalysis {
  const { source, errors } = parseSource(text, file);
  const warnings = yamlWarnings(source);
  if (errors.length > 0) return failed(errors, warnings, new Map());

  const substitution = substituteEnv(source, env);
  const data = toPlainData(source);
  if (!data.ok) return failed([...substitution.problems, data.problem], warnings, substitution.fromEnv);

  const schema = validateSchema(source, data.value, substitution);
  if (!schema.ok)
    return failed([...substitution.problems, ...schema.problems], warnings, substitution.fromEnv);

  const envFields = new Set([...substitution.fromEnv.keys(), ...substitution.unresolved]);
  const checks = runChecks(crossChecks, source, schema.config, envFields);
  const problems = [...substitution.problems, ...checks.errors];
  const allWarnings = [...warnings, ...checks.warnings].sort(byPosition);
  if (problems.length > 0) return failed(problems, allWarnings, substitution.fromEnv);
  return {
    config: schema.config,
    problems: [],
    warnings: allWarnings,
    fromEnv: substitution.fromEnv,
    source,
  };
}

function failed(
  problems: ConfigProblem[],
  warnings: ConfigProblem[],
  fromEnv: ReadonlyMap<string, string>,
): ConfigAnalysis {
  return { config: undefined, problems: problems.sort(byPosition), warnings, fromEnv };
}

function toPlainData(
  source: ConfigSource,
): { ok: true; value: unknown } | { ok: false; problem: ConfigProblem } {
  if (source.doc.contents === null) {
    return {
      ok: false,
      problem: problemAt(source, [], 'expected a mapping with at least "participants", found an empty file'),
    };
  }
  try {
    return { ok: true, value: source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: problemAt(source, [], `YAML: ${message}`) };
  }
}
