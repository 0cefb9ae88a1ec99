import type { ErrorObject, ValidateFunction } from 'ajv';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import { validate as precompiled } from '../generated/manifest-validator.js';
import { humanise, pythonVersionProblem } from './schema-messages.js';

export { suggest } from './schema-messages.js';

/** At most this many schema problems are reported; the rest are summarised in one note. */
export const MAX_SCHEMA_PROBLEMS = 20;

/**
 * The manifest validator: ajv standalone code generated from schema/pyenv.schema.json at build time by
 * scripts/precompile.mjs (options allErrors, strict, verbose), so no start pays for ajv's schema
 * compilation (https://ajv.js.org/standalone.html).
 */
function validator(): ValidateFunction {
  return precompiled as ValidateFunction;
}

/**
 * Validates a parsed manifest against schema/pyenv.schema.json and turns ajv's errors into
 * humanised diagnostics (codes 1xx): one per location, the most specific first, "mapping"/"list"
 * instead of "object"/"array", enum alternatives listed, "did you mean" for near misses. Where a
 * value may take several shapes (`oneOf`), only the shape the value has is explained. At most
 * MAX_SCHEMA_PROBLEMS are reported, so a pathological manifest cannot flood the terminal.
 * Returns an empty list when the manifest is valid.
 */
export function validateManifest(value: unknown, sourceOf: (path: string[]) => string | undefined = () => undefined): DiagnosticInput[] {
  const validate = validator();
  if (validate(value)) return [];
  // "Exactly one manager" is in the schema for editors (dependentSchemas); the semantic check PYENV203
  // explains it better (it names every manager written), so the CLI leaves it to that check.
  const errors = chooseOneOfBranches((validate.errors ?? []).filter((e) => e.keyword !== 'if' && !e.schemaPath.startsWith('#/properties/dependencies/dependentSchemas/')));
  const version = pythonVersionProblem(value, sourceOf(['python', 'version']));
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const key = error.keyword === 'additionalProperties' ? `${error.instancePath}/${escapePointer((error.params as { additionalProperty: string }).additionalProperty)}` : error.instancePath;
    if (version && key === '/python/version') continue;
    byPath.set(key, [...(byPath.get(key) ?? []), error]);
  }
  // A failure at /run is explained by the deeper errors below it; keep the most specific locations.
  const ancestors = new Set<string>();
  for (const [path, list] of byPath) {
    if (isOnlyOneOf(list)) continue;
    for (let i = path.lastIndexOf('/'); i >= 0; i = i > 0 ? path.lastIndexOf('/', i - 1) : -1) ancestors.add(path.slice(0, i));
  }
  const specific = [...byPath.keys()].filter((p) => !ancestors.has(p));
  const problems = specific.slice(0, MAX_SCHEMA_PROBLEMS).map((p) => humanise(p, byPath.get(p)!));
  if (specific.length > MAX_SCHEMA_PROBLEMS) {
    const rest = specific.length - MAX_SCHEMA_PROBLEMS;
    problems.push({ code: 'PYENV100', severity: 'note', message: `${rest} more schema problem${rest === 1 ? ' is' : 's are'} not shown`, hint: 'fix the problems above and run pyenvc again', path: humanise(specific[MAX_SCHEMA_PROBLEMS]!, byPath.get(specific[MAX_SCHEMA_PROBLEMS]!)!).path ?? [] });
  }
  if (version) problems.unshift(version);
  // Never let an invalid manifest through: should the humanising above explain nothing, the first raw
  // error still stops the compile (the passes rely on the schema's shapes).
  if (problems.length === 0 && errors.length > 0) problems.push(humanise(errors[0]!.instancePath, [errors[0]!]));
  return problems;
}

function isOnlyOneOf(list: ErrorObject[]): boolean {
  return list.every((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * For every failed `oneOf`, keeps only the errors of the branch whose type the value has (an empty
 * string command is "empty", not "not a list"). When no branch has the value's type, the branches'
 * type errors stay, so the message lists every accepted shape.
 */
function chooseOneOfBranches(errors: ErrorObject[]): ErrorObject[] {
  let kept = errors;
  for (const oneOf of errors.filter((e) => e.keyword === 'oneOf')) {
    const branches = oneOf.schema as { type?: string | string[]; const?: unknown }[];
    const matching = branches.map((b, i) => (hasType(b, oneOf.data) ? i : -1)).filter((i) => i >= 0);
    const prefix = `${oneOf.schemaPath}/`;
    // Only the errors of this value: list items share the schema path of their oneOf, so two items of
    // different shapes (a string and a mapping in project.copy) must not drop each other's errors.
    const mine = (e: ErrorObject) => e.schemaPath.startsWith(prefix) && (e.instancePath === oneOf.instancePath || e.instancePath.startsWith(`${oneOf.instancePath}/`));
    if (matching.length === 1) {
      const own = `${prefix}${matching[0]}/`;
      kept = kept.filter((e) => e !== oneOf && (!mine(e) || e.schemaPath.startsWith(own)));
    } else if (matching.length === 0) {
      kept = kept.filter((e) => !mine(e) || ((e.keyword === 'type' || e.keyword === 'const') && e.instancePath === oneOf.instancePath));
    }
  }
  return kept;
}

function hasType(branch: { type?: string | string[]; const?: unknown }, data: unknown): boolean {
  if (branch.const !== undefined) return typeof branch.const === typeof data;
  const types = ([] as string[]).concat(branch.type ?? []);
  const actual = Array.isArray(data) ? 'array' : data === null ? 'null' : typeof data === 'object' ? 'object' : typeof data === 'number' ? (Number.isInteger(data) ? 'integer' : 'number') : typeof data;
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}
