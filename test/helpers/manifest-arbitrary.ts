import * as dockerignoreModule from '@balena/dockerignore';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import fc from 'fast-check';
import { systemFolderOf } from '../../src/catalog/system-folders.js';
import { BASE_IGNORE } from '../../src/passes/dockerignore-lines.js';
import { normalizeRelative } from '../../src/manifest/paths.js';
import { PRIVILEGED_DEBIAN_GROUPS } from '../../src/catalog/debian-accounts.js';
import { ROOT } from './fixtures.js';

/** A JSON Schema node, as far as the generator reads it. */
export interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  not?: { pattern?: string; const?: unknown };
  minLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  uniqueItems?: boolean;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
  propertyNames?: { pattern: string };
  oneOf?: SchemaNode[];
}

export const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schema', 'pyenv.schema.json'), 'utf8')) as SchemaNode;

/**
 * Pieces users paste that break naive quoting: quotes, backslashes, `$` forms, backticks, `#`,
 * wildcards, shell operators, unicode (accents, CJK, emoji, NBSP, zero-width, line and paragraph
 * separators, NEL), control characters, and `\n` as two characters. Line breaks and NUL are left
 * out: the schema rejects them (the error corpus covers that).
 */
const HOSTILE = [' ', '  ', '"', "'", '\\', '\\\\', '$', '$$', '${X}', '${X:-y}', '$HOME', '`id`', '#', ' #', '{', '}', '!', '*', '?', '[', ']', ':', '=', '&&', ';', '|', '<', '>', '(', ')', '%', '~', '-', '--x', '/', '.', ',', '\t', '\\n', 'é', '日本', '😀', '\u00a0', '\u200b', '\u2028', '\u0085', '\u0001', '\u001b[31m', '\u007f', 'a', 'Z', '0', 'x y'];

/** Text made of hostile pieces and ordinary characters (well-formed UTF-16: no lone surrogates). */
export const hostileText = (maxPieces = 6): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) }), { maxLength: maxPieces }).map((p) => p.join(''));

const matches = (pattern: string | undefined) => (pattern ? new RegExp(pattern, 'u') : undefined);

/** A string for a schema string node: enum, free text (a negated class) or a structured pattern. */
function stringArbitrary(node: SchemaNode): fc.Arbitrary<string> {
  if (node.enum) return fc.constantFrom(...(node.enum as string[]));
  const pattern = matches(node.pattern);
  const not = matches(node.not?.pattern);
  const ok = (s: string) => (!pattern || pattern.test(s)) && (!not || !not.test(s)) && s.length >= (node.minLength ?? 0) && s !== node.not?.const;
  const freeText = !node.pattern || /^\^(\(\?[=!].*?\))?\[\^/.test(node.pattern);
  // fast-check cannot generate from a lookahead (`^(?!root$)...`, how the schema says "not this value"
  // so editors can show patternErrorMessage): generate from the rest, and `ok` applies the whole pattern.
  const generator = node.pattern?.replace(/^\^\(\?[=!](?:[^()\\]|\\.)*\)/, '^');
  const base = freeText ? hostileText() : fc.stringMatching(new RegExp(generator!));
  return base.filter(ok);
}

/**
 * Arbitrary values for a schema node, following its shape: enums, consts, patterns, ranges, lists
 * (unique when the schema says so), mappings with optional keys, `oneOf` branches. `overrides`
 * replaces the arbitrary of a dotted path (`run.ports`, items as `run.ports[]`).
 */
export function fromSchema(node: SchemaNode, path: string, overrides: Record<string, fc.Arbitrary<unknown> | null>): fc.Arbitrary<unknown> {
  const override = overrides[path];
  if (override) return override;
  if (node.const !== undefined) return fc.constant(node.const);
  if (node.oneOf) return fc.oneof(...node.oneOf.map((b) => fromSchema(b, path, overrides)));
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'string':
      return stringArbitrary(node);
    case 'integer':
      return fc.integer({ min: node.minimum ?? 0, max: node.maximum ?? 100_000 });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = fromSchema(node.items!, `${path}[]`, overrides);
      const size = { minLength: node.minItems ?? 0, maxLength: 3 };
      return node.uniqueItems ? fc.uniqueArray(item, { ...size, selector: (v) => JSON.stringify(v) }) : fc.array(item, size);
    }
    case 'object': {
      if (node.properties && Object.keys(node.properties).length > 0) {
        const entries = Object.entries(node.properties).filter(([k]) => overrides[path ? `${path}.${k}` : k] !== null);
        const record = Object.fromEntries(entries.map(([k, child]) => [k, fromSchema(child, path ? `${path}.${k}` : k, overrides)]));
        return fc.record(record, { requiredKeys: (node.required ?? []).filter((k) => k in record) });
      }
      if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        const key = fc.stringMatching(new RegExp(node.propertyNames?.pattern ?? '^[a-z]+$'));
        return fc.dictionary(key, fromSchema(node.additionalProperties, `${path}.*`, overrides), { maxKeys: 4 });
      }
      return fc.constant({});
    }
    default:
      return fc.constant(null);
  }
}

type Matcher = { ignores(path: string): boolean };
const dockerignore = (): ((o?: { ignorecase?: boolean }) => { add(p: string[]): Matcher }) => {
  const m = dockerignoreModule as unknown as { default: unknown };
  return (typeof m.default === 'function' ? m.default : (m.default as { default: unknown }).default) as never;
};
const compilesAsIgnore = (line: string) => {
  try {
    dockerignore()({ ignorecase: false }).add([line]).ignores('probe');
    return true;
  } catch {
    return false;
  }
};
const baseIgnore = dockerignore()({ ignorecase: false }).add(BASE_IGNORE.filter((l) => !l.startsWith('#')));

/**
 * A path for a field that names a project file: under `prefix`, made of hostile segments (wildcard
 * characters only where the schema allows them: in requirement file names, not in project.copy), inside the project after normalisation, and not excluded
 * by pyenvc's baseline .dockerignore (the compiler would rightly refuse to copy it).
 */
const projectPath = (prefix: string, wildcards = false) =>
  fc
    .array(hostileText(3).filter((s) => s.length > 0 && !(wildcards ? /[\n\r\u0000]/ : /[*?[\n\r\u0000]/).test(s)), { minLength: 1, maxLength: 2 })
    .map((segments) => `${prefix}/${segments.join('/')}`)
    .filter((p) => {
      const normal = normalizeRelative(p);
      return normal !== undefined && normal.startsWith(`${prefix}/`) && !baseIgnore.ignores(normal.replace(/\/+$/, ''));
    });

/** A generated file's path under `prefix`, in the schema's plain charset. */
const outputPath = (prefix: string, suffix = '') =>
  fc.stringMatching(/^[A-Za-z0-9._@-][A-Za-z0-9._@-]{0,12}$/).map((s) => `${prefix}${s}${suffix}`).filter((p) => {
    const normal = normalizeRelative(p);
    return normal !== undefined && normal === p && !baseIgnore.ignores(p);
  });

/** The schema's own pattern for run.command (exec-form item or shell string): control and invisible characters are refused (issue 13, item 11). */
const COMMAND_PATTERNS = (() => {
  const branches = (SCHEMA.properties!.run!.properties!.command as unknown as { oneOf: SchemaNode[] }).oneOf;
  return { 'run.command.item': new RegExp(branches[0]!.items!.pattern!, 'u'), 'run.command.string': new RegExp(branches[1]!.pattern!, 'u') };
})();
const schemaAccepts = (which: keyof typeof COMMAND_PATTERNS, s: string) => COMMAND_PATTERNS[which].test(s);

/** An absolute container folder in the schema's charset that is not a system folder (PYENV230 refuses those). */
const appFolder = (max: number) => fc.stringMatching(new RegExp(`^/[A-Za-z0-9._@+/-]{0,${max}}$`)).filter((p) => systemFolderOf(normalizeAbsolute(p)) === undefined);
const normalizeAbsolute = (p: string) => `/${p.split('/').reduce<string[]>((acc, part) => (part === '..' ? acc.slice(0, -1) : part && part !== '.' ? [...acc, part] : acc), []).join('/')}`;

const noServerWords = (s: string) => !/localhost|127\.0\.0\.1|::1|gunicorn/.test(s);

/**
 * Where the schema allows what the compiler must refuse on other grounds (ports below 1024, paths
 * leaving the context, files the .dockerignore excludes, managers this release cannot install yet),
 * the generator draws from the accepted part; everything else is the schema's own shape.
 */
const OVERRIDES: Record<string, fc.Arbitrary<unknown> | null> = {
  'project.context': null,
  'dependencies.conda': null,
  'dependencies.poetry': null,
  'dependencies.uv': null,
  'dependencies.pipenv': null,
  // a file, not a folder: no trailing / or \ (PYENV231)
  'dependencies.pip.requirements[]': projectPath('req', true).filter((p) => !/[/\\]$/.test(p)),
  'dependencies.pip.constraints': projectPath('req', true).filter((p) => !/[/\\]$/.test(p)),
  'project.copy[]': fc.oneof(projectPath('src'), fc.record({ from: projectPath('src'), to: hostileText(4).filter((s) => /^[^\n\r\u0000/][^\n\r\u0000]*$|^\.$/.test(s)) })),
  'project.ignore[]': fc
    .tuple(fc.boolean(), hostileText(3))
    .map(([not, s]) => `${not ? '!' : ''}data/${s}`)
    .filter((s) => new RegExp(SCHEMA.properties!.project!.properties!.ignore!.items!.pattern!, 'u').test(s) && posix.normalize(s.replace(/^!/, '').trim()).startsWith('data/') && compilesAsIgnore(s)),
  'run.ports': fc.uniqueArray(fc.integer({ min: 1024, max: 65535 }), { maxLength: 3 }),
  'jupyter.port': fc.integer({ min: 1024, max: 65535 }),
  'run.command': fc.oneof(
    fc.array(hostileText().filter((s) => s.length > 0 && noServerWords(s) && schemaAccepts('run.command.item', s)), { minLength: 1, maxLength: 4 }),
    hostileText().filter((s) => /\S/.test(s) && noServerWords(s) && schemaAccepts('run.command.string', s)),
  ),
  'output.dockerfile': outputPath('build/'),
  'output.dockerignore': fc.constantFrom('.dockerignore', 'Dockerfile.dockerignore'),
  'output.entrypoint': outputPath('bin/', '.sh'),
  'compose.file': outputPath('', '.compose.yaml'),
  'compose.volumes[]': fc.tuple(projectPath('vol').filter((p) => !p.includes(':')), appFolder(12), fc.constantFrom('', ':ro', ':rw')).map(([h, t, m]) => `./${h}:${t}${m}`),
  'project.workdir': appFolder(20),
  // Folders below the workdir: `.` and `..` segments are refused by PYENV235, not by the schema.
  'project.writable[]': fc.stringMatching(/^[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,8}(\/[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,8})?$/),
  'jupyter.root_dir': appFolder(20),
  'compose.env_file': projectPath('env').filter((p) => !/[/\\]$/.test(p)),
  'user.name': fc.stringMatching(/^[a-z_][a-z0-9_-]{0,31}$/).filter((s) => s !== 'root'),
  // a privileged Debian group (adm, disk, kmem, sudo, shadow, staff) is refused (PYENV234)
  'user.gid': fc.integer({ min: 1, max: 2147483647 }).filter((g) => !(g in PRIVILEGED_DEBIAN_GROUPS)),
  // inside the manifest's folder (PYENV511) and clear of the other outputs (PYENV510)
  'kubernetes.dir': fc.constantFrom('k8s', 'deploy/k8s', '.', 'kube.d'),
  'swarm.file': fc.constantFrom('stack.yaml', 'deploy/stack.yaml', 'swarm.yml'),
  'base.image': fromSchema(SCHEMA.properties!.base!.properties!.image!, '', {}).filter((s) => !String(s).startsWith('python:')),
};

/** Makes a schema-valid manifest one the compiler must accept: cross-field rules the schema cannot state. */
function makeCompilable(value: Record<string, unknown>): Record<string, unknown> {
  const m = structuredClone(value) as { [key: string]: unknown; preset?: string; run?: Record<string, unknown> };
  const run = (m.run ??= {});
  if ((m.preset === undefined || m.preset === 'worker') && run.command === undefined) run.command = ['python', 'worker.py'];
  if (m.preset === 'django' && run.app === undefined) run.app = 'mysite.wsgi:application';
  // The program the command starts must be copied (PYENV411): add the default programs to a project.copy list.
  const project = m.project as { copy?: unknown[] } | undefined;
  if (Array.isArray(project?.copy)) for (const program of ['app.py', 'main.py', 'worker.py', 'mysite/']) if (!project.copy.includes(program)) project.copy.push(program);
  const presetHasPort = m.preset !== undefined && m.preset !== 'worker' && m.preset !== 'script';
  const ports = run.ports as unknown[] | undefined;
  if (run.healthcheck && typeof run.healthcheck === 'object' && (ports ? ports.length === 0 : !presetHasPort)) run.ports = [8000];
  // A healthcheck needs a path; only the web presets give one (PYENV416).
  const check = run.healthcheck as Record<string, unknown> | undefined;
  if (check && typeof check === 'object' && check.http === undefined && !presetHasPort) check.http = '/';
  const jupyter = m.jupyter as Record<string, unknown> | undefined;
  const compose = m.compose as Record<string, unknown> | undefined;
  if (m.preset === 'jupyter' && jupyter?.auth === 'none' && compose) compose.publish = '127.0.0.1';
  // One port for Jupyter (PYENV410): jupyter.port and the first of run.ports agree when both are written.
  const written = run.ports as number[] | undefined;
  if (m.preset === 'jupyter' && jupyter?.port !== undefined && written?.length) jupyter.port = written[0];
  const dependencies = m.dependencies as Record<string, unknown> | undefined;
  if (dependencies && Object.keys(dependencies).length === 0) delete m.dependencies;
  // A request above its limit is PYENV246: keep each limit at least its request.
  const resources = run.resources as { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
  for (const key of ['cpu', 'memory']) {
    if (resources?.requests?.[key] !== undefined && resources.limits?.[key] !== undefined) resources.limits[key] = resources.requests[key]!;
  }
  // A name starting with a digit has no Kubernetes name (PYENV245) unless kubernetes.name is written.
  const kubernetes = m.kubernetes as Record<string, unknown> | undefined;
  if (kubernetes && kubernetes.name === undefined && /^[0-9]/.test(String(m.name).replace(/^[._-]+/, ''))) kubernetes.name = 'app';
  // Swarm refuses dnsrr with ingress publishing (PYENV254) and pyenvc more than one Jupyter replica (PYENV253);
  // secret names longer than 64 characters are PYENV514.
  const swarm = m.swarm as Record<string, unknown> | undefined;
  if (swarm) {
    if (swarm.endpoint_mode === 'dnsrr' && swarm.publish === 'ingress') swarm.publish = 'host';
    if (m.preset === 'jupyter' && typeof swarm.replicas === 'number' && swarm.replicas > 1) swarm.replicas = 1;
    if (Array.isArray(swarm.secrets)) swarm.secrets = (swarm.secrets as string[]).filter((s) => s.length + String(m.name).length < 60);
  }
  return m;
}

/** Arbitrary manifests from the schema's shape, adjusted to the cross-field rules; with `version` and `name` always set. */
export const manifestArbitrary: fc.Arbitrary<Record<string, unknown>> = fromSchema(SCHEMA, '', OVERRIDES).map((v) => makeCompilable(v as Record<string, unknown>));

/**
 * A reader for property tests: every file a manifest names exists (one pinned requirement), so none
 * is reported missing; lockfiles and conda environments do not, so detection picks pip.
 */
export const anyFileExists = (path: string): string | undefined => (/\.lock$|^Pipfile|^environment\.ya?ml$/.test(path) ? undefined : 'flask==2.2.2\n');
