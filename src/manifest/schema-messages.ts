import type { ErrorObject } from 'ajv/dist/2020.js';
import { closest, distance } from 'fastest-levenshtein';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';

/** The YAML-float pitfall: `version: 3.10` is the number 3.1 (cases C39). */
export function pythonVersionProblem(value: unknown, written: string | undefined): DiagnosticInput | undefined {
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

/** A user's word quoted for a message, with invisible and control characters made visible. */
export function shown(value: unknown): string {
  return JSON.stringify(value)?.replace(/[\u007f-\u00a0\u00ad\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) ?? String(value);
}

const TYPE_WORDS: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false', null: 'empty' };

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a decimal number';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return 'a string';
}

/** Turns the ajv errors of one manifest location into one diagnostic (codes 101–110). */
export function humanise(pointer: string, list: ErrorObject[]): DiagnosticInput {
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
      message: `unknown key ${shown(key)} in ${parent}`,
      hint: guess ? `did you mean "${guess}"? (allowed: ${allowed.join(', ')})` : `allowed keys: ${allowed.join(', ') || 'none'}`,
      path,
      key: true,
    };
  }
  const required = pick('required');
  if (required) {
    const missing = (required.params as { missingProperty: string }).missingProperty;
    const example = missing === 'version' ? 'version: 1' : missing === 'name' ? 'name: my-app' : `${missing}: ...`;
    return { code: 'PYENV103', message: `${name} is missing the required key "${missing}"`, hint: `add \`${example}\``, path, key: true };
  }
  const type = pick('type');
  if (type) {
    const words = [...new Set(list.filter((e) => e.keyword === 'type' || (e.keyword === 'const' && typeof e.schema === 'boolean')).flatMap((e) => (e.keyword === 'const' ? [String(e.schema)] : ([] as string[]).concat((e.params as { type: string }).type).map((t) => TYPE_WORDS[t] ?? t))))];
    return { code: 'PYENV102', message: `${name} must be ${words.join(' or ')}, not ${typeOf(type.data)}`, hint: typeHint(path, words, type.data), path };
  }
  const constant = pick('const');
  if (constant && path.length === 1 && path[0] === 'version') {
    return { code: 'PYENV109', message: `manifest version ${shown(constant.data)} is not supported; this pyenvc reads version 1`, hint: 'write `version: 1`', path };
  }
  if (constant && typeof constant.data === 'boolean') {
    return { code: 'PYENV102', message: `${name} must be a mapping or false, not true`, hint: `write its settings as a mapping (for example {http: /healthz}) to keep it, or false to turn it off`, path };
  }
  const choice = pick('enum');
  if (choice) {
    const allowed = (choice.params as { allowedValues: unknown[] }).allowedValues.map(String);
    const guess = typeof choice.data === 'string' ? suggest(choice.data, allowed) : undefined;
    return { code: 'PYENV105', message: `${name} is ${shown(choice.data)}, which is not one of: ${allowed.join(', ')}`, hint: guess ? `did you mean "${guess}"?` : `use one of: ${allowed.join(', ')}`, path };
  }
  const range = list.find((e) => ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].includes(e.keyword));
  if (range) {
    const schema = range.parentSchema as { minimum?: number; maximum?: number };
    return { code: 'PYENV107', message: `${name} is ${String(range.data)}, outside ${schema.minimum ?? '-∞'}..${schema.maximum ?? '∞'}`, hint: `use a whole number from ${schema.minimum ?? '-∞'} to ${schema.maximum ?? '∞'}`, path };
  }
  const unique = pick('uniqueItems');
  if (unique) {
    const { i, j } = unique.params as { i: number; j: number };
    const [first, second] = i < j ? [i, j] : [j, i];
    return { code: 'PYENV108', message: `${name} lists ${shown((unique.data as unknown[])[second])} twice (items ${first + 1} and ${second + 1})`, hint: 'remove the second one', path: [...path, second] };
  }
  const empty = list.find((e) => ((e.keyword === 'minLength' || e.keyword === 'pattern') && typeof e.data === 'string' && e.data.trim() === '' && !/[\n\r\u0000]/.test(e.data)) || e.keyword === 'minItems');
  if (empty) return emptyProblem(path, name, empty);
  const pattern = pick('pattern') ?? pick('not') ?? pick('minLength') ?? pick('propertyNames');
  if (pattern) return patternProblem(path, name, pattern);
  const first = list[0]!;
  return { code: 'PYENV110', message: `${name} ${first.message ?? 'is not valid'}`, hint: 'see the field in schema/pyenv.schema.json (`pyenvc schema`)', path };
}

function emptyProblem(path: readonly (string | number)[], name: string, error: ErrorObject): DiagnosticInput {
  const list = error.keyword === 'minItems';
  const command = path[0] === 'run' && path[1] === 'command';
  const blank = typeof error.data === 'string' && error.data !== '';
  const step = path[0] === 'build' && path[1] === 'run';
  return {
    code: 'PYENV106',
    message: `${name} must not be ${list ? 'an empty list' : blank ? 'only spaces' : 'empty'}`,
    hint: command ? 'give the program and its arguments, for example ["python", "app.py"], or remove run.command to use the preset\'s' : step ? 'write a shell command, or remove the item' : list ? 'give at least one item, or remove the key' : 'give a value, or remove the key',
    path,
  };
}

function typeHint(path: readonly (string | number)[], words: string[], data: unknown): string {
  if (words.includes('a whole number') && typeof data === 'string' && /^\s*\d+\s*$/.test(data)) return `remove the quotes: ${data.trim()}`;
  if (words.includes('a whole number') && typeof data === 'string' && /^(?:[\d.]+:)?\d+:\d+$/.test(data)) return `write the container port only (${data.split(':').pop()}); compose publishes it on compose.publish`;
  if (words.includes('a string') && (typeof data === 'number' || typeof data === 'boolean')) return `quote the value: "${String(data)}"`;
  if (words.includes('a string') && data === null) return 'write a value after the colon; quote it, and write "" for an empty value';
  if (words.includes('true or false') && typeof data === 'string') return 'write true or false without quotes (YAML 1.2 reads yes, no, on and off as text)';
  if (words.includes('a list') && (typeof data === 'string' || typeof data === 'number')) return `write a list: [${shown(data)}]`;
  if (words.includes('a mapping') && typeof data === 'string' && /^[^\s:]+:\S/.test(data)) return `put a space after the colon: ${data.replace(':', ': ')}`;
  if (words.includes('a mapping') && path.length === 1 && path[0] === 'python' && typeof data === 'string') return `write the version under python: \`python: { version: "${data}" }\``;
  if (words.includes('a mapping')) return `indent the keys of ${dotted(path)} under it (key: value lines)`;
  return `write ${words.join(' or ')}`;
}

type Explain = [string, string] | ((data: string) => [string, string]);

const DEBIAN_PACKAGE: Explain = ['is not a Debian package name', 'use the package name only (lower-case letters, digits, "+", "-", "."), optionally `name=version`; one list item per package'];
const DURATION: Explain = ['is not a duration', 'write a number with a unit: 500ms, 30s, 5m, 1h'];
const GENERATED_PATH: Explain = ['is not a plain relative file path', 'use letters, digits and . _ @ - / only: the path is written into the Dockerfile, the compose file and .dockerignore'];

/** Explanations for the formats the schema constrains with a pattern, keyed by `parent.key` or `key`. */
const FORMAT_HINTS: Record<string, Explain> = {
  name: ['is not a valid image and service name', 'use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63 characters'],
  version: ['is not a Python version', 'write "3.X" or "3.X.Y" as a quoted string, for example "3.12"'],
  packages: DEBIAN_PACKAGE,
  'pip.packages': ['is not a requirement pyenvc installs', 'write a distribution name with optional [extras] and version specifiers, without spaces, for example gunicorn==26.1.0; no URL, environment marker or pip option'],
  build_packages: DEBIAN_PACKAGE,
  image: ['is not an image reference', 'write name:tag without spaces, for example python:3.12-slim or registry.example.org/team/python:3.12'],
  digests: ['is not an image digest', 'write sha256: followed by 64 lower-case hex digits (see `docker buildx imagetools inspect <image>`)'],
  digest: ['is not an image digest', 'write sha256: followed by 64 lower-case hex digits (see `docker buildx imagetools inspect <image>`)'],
  interval: DURATION,
  timeout: DURATION,
  start_period: DURATION,
  url: ['must be a plain http(s) URL without credentials', 'remove "user:password@" and put the credentials in a pip.conf passed as the BuildKit secret named by dependencies.index.secret'],
  workdir: ['must be an absolute path inside the image', 'start it with "/" and use letters, digits and . _ @ + - / only, for example /app'],
  root_dir: ['must be an absolute path inside the image', 'start it with "/" and use letters, digits and . _ @ + - / only, for example /home/app/work'],
  publish: ['is not an IP address', 'use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface, written on purpose)'],
  volumes: ['is not a bind mount', 'write "./host-folder:/absolute/container/path" optionally followed by ":ro", ":z"/":Z" (SELinux relabel) or ":ro,z"; the container path uses letters, digits and . _ @ + - / only'],
  app: ['is not a module:object reference', 'write module:object, for example app:app or mysite.wsgi:application'],
  http: ['is not a URL path', 'write a path starting with "/" and without spaces, for example /healthz'],
  env: ['is not a valid environment variable name', 'use letters, digits and "_", not starting with a digit'],
  args: ['is not a valid build argument name', 'use letters, digits and "_", not starting with a digit'],
  user: (data) => (data === 'root' ? ['is not allowed: the image never runs as root', 'remove user.name to get the default user "app", or choose another name'] : ['is not a valid user name', 'use lower-case letters, digits, "_" and "-", starting with a letter or "_"']),
  platform: ['is not a platform', 'write os/arch, for example linux/amd64'],
  secret: ['is not a valid secret id', 'use letters, digits, ".", "_" and "-"'],
  gpu_cuda: ['is not a CUDA version', 'write the version as digits and dots, for example "12.4"'],
  'output.dockerfile': GENERATED_PATH,
  'output.dockerignore': GENERATED_PATH,
  'output.entrypoint': GENERATED_PATH,
  'compose.file': GENERATED_PATH,
  copy: (data) =>
    /[*?[]/.test(data)
      ? ['contains a wildcard (* ? or [), but pyenvc copies exact paths', 'name each file, or the folder that holds them (a folder is copied with everything in it)']
      : ['is not a path pyenvc can copy', 'write a path relative to the build context, on one line'],
  from: (data) => (FORMAT_HINTS.copy as (d: string) => [string, string])(data),
  ignore: (data) => {
    if (data.startsWith('#')) return ['starts with "#", so Docker reads the line as a comment and ignores nothing', 'to ignore a file whose name starts with #, write "./#name"; to add a comment, write it in pyenv.yaml'];
    const operator = /(?:^|[^\\])([+(){}|^])/.exec(data)?.[1];
    if (operator) return [`contains ${operator}, which Docker reads as a regular-expression operator in .dockerignore, so the line would not match what it says`, `write \\${operator} to match a literal ${operator}`];
    return ['has leading or trailing spaces, which Docker strips from .dockerignore lines', 'remove the spaces; to match a name that really has them, write ? in their place'];
  },
};

function formatHint(path: readonly (string | number)[], data: unknown): [string, string] | undefined {
  const words = path.filter((s): s is string => typeof s === 'string');
  for (let i = words.length - 1; i >= 0; i--) {
    const explain = FORMAT_HINTS[`${words[i - 1]}.${words[i]}`] ?? FORMAT_HINTS[words[i]!];
    if (explain) return typeof explain === 'function' ? explain(String(data)) : explain;
  }
  return undefined;
}

/** Characters refused in free-text values written into generated files (tab is allowed; line breaks have their own message). */
const INVISIBLE = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]/u;

function patternProblem(path: readonly (string | number)[], name: string, error: ErrorObject): DiagnosticInput {
  const data = error.data;
  if (typeof data === 'string' && /[\n\r\u0000]/.test(data)) {
    return { code: 'PYENV106', message: `${name} contains a line break`, hint: 'write the value on one line; a line break cannot be carried into a Dockerfile or compose value safely', path };
  }
  const hidden = typeof data === 'string' ? INVISIBLE.exec(data) : null;
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return {
      code: 'PYENV106',
      message: `${name} contains the invisible or control character U+${code} at character ${hidden.index + 1}`,
      hint: 'remove it: control, zero-width and direction-changing characters can make the generated file (and its review diff) show something other than what runs (Trojan Source, CVE-2021-42574)',
      path,
    };
  }
  const where = path[0] === 'user' && path[1] === 'name' ? ['user'] : path;
  const shownValue = error.keyword === 'propertyNames' ? (error.params as { propertyName?: string }).propertyName : data;
  const [what, fix] = formatHint(where, shownValue) ?? ['has a form pyenvc does not accept', 'see the description of this field in `pyenvc schema`'];
  return { code: 'PYENV106', message: `${name}: ${shown(shownValue)} ${what}`, hint: fix, path };
}

/** The nearest allowed word when it is close enough to be a likely typo (edit distance ≤ 1/3 of its length, at least 2). */
export function suggest(word: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const lower = word.toLowerCase();
  const guess = closest(lower, [...allowed]);
  return distance(lower, guess) <= Math.max(2, Math.floor(guess.length / 3)) ? guess : undefined;
}
