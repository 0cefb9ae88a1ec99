import type { ErrorObject, ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import { validate as precompiled } from '../generated/manifest-validator.js';

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
 * instead of "object"/"array", enum alternatives listed, "did you mean" for near misses.
 * Returns an empty list when the manifest is valid.
 */
export function validateManifest(value: unknown, sourceOf: (path: string[]) => string | undefined = () => undefined): DiagnosticInput[] {
  const validate = validator();
  if (validate(value)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const version = pythonVersionProblem(value, sourceOf(['python', 'version']));
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const key = error.keyword === 'additionalProperties' ? `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}` : error.instancePath;
    if (version && key === '/python/version') continue;
    byPath.set(key, [...(byPath.get(key) ?? []), error]);
  }
  const paths = [...byPath.keys()];
  // A oneOf failing at /run/command is explained by the deeper errors of its branches; keep the most specific location.
  const specific = paths.filter((p) => !paths.some((q) => q !== p && q.startsWith(`${p}/`) && !isOnlyOneOf(byPath.get(q)!)));
  const problems = specific.map((p) => humanise(p, byPath.get(p)!));
  if (version) problems.unshift(version);
  return problems;
}

function isOnlyOneOf(list: ErrorObject[]): boolean {
  return list.every((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
}

/** The YAML-float pitfall: `version: 3.10` is the number 3.1 (cases C39). */
function pythonVersionProblem(value: unknown, written: string | undefined): DiagnosticInput | undefined {
  const python = (value as { python?: { version?: unknown } } | null)?.python;
  const raw = python && typeof python === 'object' ? python.version : undefined;
  if (typeof raw !== 'number') return undefined;
  const text = written ?? String(raw);
  return {
    code: 'PYENV104',
    message: `python.version must be a string; YAML reads the unquoted ${text} as the number ${raw}`,
    hint: `quote it: version: "${text}"`,
    path: ['python', 'version'],
  };
}

function toPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function dotted(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'the manifest' : path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

const TYPE_WORDS: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false', null: 'empty' };

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return 'a string';
}

function humanise(pointer: string, list: ErrorObject[]): DiagnosticInput {
  const path = toPath(pointer);
  const name = dotted(path);
  const pick = (k: string) => list.find((e) => e.keyword === k);
  const extra = pick('additionalProperties');
  if (extra) {
    const allowed = Object.keys((extra.parentSchema as { properties?: object }).properties ?? {});
    const key = String(path[path.length - 1]);
    const parent = dotted(path.slice(0, -1));
    const guess = suggest(key, allowed);
    return {
      code: 'PYENV101',
      message: `unknown key "${key}" in ${parent}`,
      hint: guess ? `did you mean "${guess}"? (allowed: ${allowed.join(', ')})` : `allowed keys: ${allowed.join(', ') || 'none'}`,
      path,
      key: true,
    };
  }
  const required = pick('required');
  if (required) {
    const missing = (required.params as { missingProperty: string }).missingProperty;
    const example = missing === 'version' ? 'version: 1' : missing === 'name' ? 'name: my-app' : `${missing}: ...`;
    return { code: 'PYENV103', message: `${name === 'the manifest' ? 'the manifest' : name} is missing the required key "${missing}"`, hint: `add \`${example}\``, path, key: true };
  }
  const type = pick('type');
  if (type) {
    const expected = ([] as string[]).concat((type.params as { type: string | string[] }).type).map((t) => TYPE_WORDS[t] ?? t);
    const alternatives = list.filter((e) => e.keyword === 'type').flatMap((e) => ([] as string[]).concat((e.params as { type: string }).type).map((t) => TYPE_WORDS[t] ?? t));
    const words = [...new Set([...expected, ...alternatives, ...(pick('const') && pick('oneOf') ? ['false'] : [])])];
    return { code: 'PYENV102', message: `${name} must be ${words.join(' or ')}, not ${typeOf(type.data)}`, hint: typeHint(path, words, type.data), path };
  }
  const constant = pick('const');
  if (constant && path.length === 1 && path[0] === 'version') {
    return { code: 'PYENV109', message: `manifest version ${JSON.stringify(constant.data)} is not supported; this pyenvc reads version 1`, hint: 'write `version: 1`', path };
  }
  const choice = pick('enum');
  if (choice) {
    const allowed = (choice.params as { allowedValues: unknown[] }).allowedValues.map(String);
    const guess = typeof choice.data === 'string' ? suggest(choice.data, allowed) : undefined;
    return { code: 'PYENV105', message: `${name} is ${JSON.stringify(choice.data)}, which is not one of: ${allowed.join(', ')}`, hint: guess ? `did you mean "${guess}"?` : `use one of: ${allowed.join(', ')}`, path };
  }
  const range = list.find((e) => ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].includes(e.keyword));
  if (range) {
    const schema = range.parentSchema as { minimum?: number; maximum?: number };
    return { code: 'PYENV107', message: `${name} is ${String(range.data)}, outside ${schema.minimum ?? '-∞'}..${schema.maximum ?? '∞'}`, hint: `use a whole number from ${schema.minimum ?? '-∞'} to ${schema.maximum ?? '∞'}`, path };
  }
  const unique = pick('uniqueItems');
  if (unique) {
    const { i, j } = unique.params as { i: number; j: number };
    return { code: 'PYENV108', message: `${name} lists ${JSON.stringify((unique.data as unknown[])[i])} twice (items ${j + 1} and ${i + 1})`, hint: 'remove the duplicate', path: [...path, i] };
  }
  const pattern = pick('pattern') ?? pick('not') ?? pick('minLength') ?? pick('minItems') ?? pick('propertyNames');
  if (pattern) return patternProblem(path, name, pattern);
  const first = list[0]!;
  return { code: 'PYENV110', message: `${name} ${first.message ?? 'is not valid'}`, hint: 'see the field in schema/pyenv.schema.json (`pyenvc schema`)', path };
}

function typeHint(path: readonly (string | number)[], words: string[], data: unknown): string {
  if (words.includes('a string') && (typeof data === 'number' || typeof data === 'boolean')) return `quote the value: "${String(data)}"`;
  if (words.includes('a list') && (typeof data === 'string' || typeof data === 'number')) return `write a list: [${JSON.stringify(data)}]`;
  if (words.includes('a mapping')) return `indent the keys of ${dotted(path)} under it (key: value lines)`;
  return `write ${words.join(' or ')}`;
}

/** Explanations for the formats the schema constrains with a pattern, keyed by the last path word. */
const FORMAT_HINTS: Record<string, [string, string]> = {
  name: ['is not a valid image and service name', 'use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63 characters'],
  version: ['is not a Python version', 'write "3.X" or "3.X.Y" as a quoted string, for example "3.12"'],
  packages: ['is not a Debian package name', 'use the package name only (lower-case letters, digits, "+", "-", "."), optionally `name=version`; one list item per package'],
  build_packages: ['is not a Debian package name', 'use the package name only (lower-case letters, digits, "+", "-", "."), optionally `name=version`; one list item per package'],
  digest: ['is not an image digest', 'write sha256: followed by 64 lower-case hex digits (see `docker buildx imagetools inspect <image>`)'],
  interval: ['is not a duration', 'write a number with a unit: 500ms, 30s, 5m, 1h'],
  timeout: ['is not a duration', 'write a number with a unit: 500ms, 30s, 5m, 1h'],
  start_period: ['is not a duration', 'write a number with a unit: 500ms, 30s, 5m, 1h'],
  url: ['must be a plain http(s) URL without credentials', 'remove "user:password@" and put the credentials in a pip.conf passed as the BuildKit secret named by dependencies.index.secret'],
  workdir: ['must be an absolute path inside the image', 'start it with "/", for example /app'],
  root_dir: ['must be an absolute path inside the image', 'start it with "/", for example /home/app/work'],
  publish: ['is not an IP address', 'use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface, written on purpose)'],
  volumes: ['is not a bind mount', 'write "./host-folder:/absolute/container/path" optionally followed by ":ro"'],
  app: ['is not a module:object reference', 'write module:object, for example app:app or mysite.wsgi:application'],
  http: ['is not a URL path', 'write a path starting with "/", for example /healthz'],
  env: ['is not a valid environment variable name', 'use letters, digits and "_", not starting with a digit'],
  args: ['is not a valid build argument name', 'use letters, digits and "_", not starting with a digit'],
  user: ['is not a valid user name', 'use lower-case letters, digits, "_" and "-" (and not root: the image never runs as root)'],
  platform: ['is not a platform', 'write os/arch, for example linux/amd64'],
  secret: ['is not a valid secret id', 'use letters, digits, ".", "_" and "-"'],
};

function patternProblem(path: readonly (string | number)[], name: string, error: ErrorObject): DiagnosticInput {
  if (error.keyword === 'minItems') return { code: 'PYENV106', message: `${name} must not be an empty list`, hint: 'give at least one item, or remove the key', path };
  if (error.keyword === 'minLength') return { code: 'PYENV106', message: `${name} must not be empty`, hint: 'give a value, or remove the key', path };
  const data = error.data;
  const words = path.filter((s): s is string => typeof s === 'string');
  const last = error.keyword === 'propertyNames' ? words[words.length - 1] : words.filter((w) => FORMAT_HINTS[w] || w === 'name').pop();
  const key = path[0] === 'user' && last === 'name' ? 'user' : last ?? '';
  if (typeof data === 'string' && /[\n\r\u0000]/.test(data)) return { code: 'PYENV106', message: `${name} contains a line break`, hint: 'write the value on one line; line breaks cannot be carried into a Dockerfile or compose value safely', path };
  const [what, fix] = FORMAT_HINTS[key] ?? ['has an invalid value', 'see the field description in schema/pyenv.schema.json'];
  const shown = error.keyword === 'propertyNames' ? (error.params as { propertyName?: string }).propertyName : data;
  return { code: 'PYENV106', message: `${name}: ${JSON.stringify(shown)} ${what}`, hint: fix, path };
}

/** The nearest allowed word when it is close enough to be a likely typo (edit distance ≤ 1/3 of its length, at least 2). */
export function suggest(word: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const lower = word.toLowerCase();
  const guess = closest(lower, [...allowed]);
  return distance(lower, guess) <= Math.max(2, Math.floor(guess.length / 3)) ? guess : undefined;
}
