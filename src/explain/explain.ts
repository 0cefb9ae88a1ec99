import type { Manifest, Origin, Origins } from '../manifest/types.js';
import { TOOLS } from '../catalog/images.js';
import type { ResolvedPlan } from '../plan/types.js';
import { PLAN_SECTIONS, PLAN_SOURCES } from './sources.js';

/** Where one value came from: a manifest field and its origin; `pyenvc` = fixed by pyenvc, `computed` = no origin recorded. */
export interface ValueSource {
  path: string;
  origin: Origin | { kind: 'pyenvc' } | { kind: 'computed' };
}

/** One value of the resolved plan and the manifest fields it came from. */
export interface ExplainedValue {
  /** Dotted plan path inside its section (`healthcheck.url`, `env.HOME`). */
  field: string;
  value: unknown;
  from: ValueSource[];
}

export interface ExplainedSection {
  section: string;
  values: ExplainedValue[];
}

/** One leaf of the effective manifest (after presets and defaults) and its origin. */
export interface ExplainedSetting {
  path: string;
  value: unknown;
  origin: Origin;
}

/**
 * Explains a resolved plan: every value of every section (in pass order), each with the manifest
 * fields it was computed from and their recorded origins — written in the manifest (line:column),
 * taken from a preset, a schema default, or detected from a project file (architecture rule 3).
 * `manifest` is the effective manifest, used to tell a default that applies from a field that is
 * absent. Pure.
 */
export function explainPlan(plan: ResolvedPlan, manifest: Manifest): ExplainedSection[] {
  const record = plan as unknown as Record<string, unknown>;
  const sections = [...PLAN_SECTIONS, ...Object.keys(record).filter((k) => isMapping(record[k]) && k !== 'origins' && !(PLAN_SECTIONS as readonly string[]).includes(k))];
  return sections
    .filter((s) => isMapping(record[s]))
    .map((section) => ({
      section,
      values: [
        ...flatten(section, withoutImported(section, record[section] as Record<string, unknown>), '').flatMap(([field, value, key, name]) => [
          { field, value, from: sourcesOf(`${section}.${key}`, name, plan, manifest) },
          ...(section === 'finalize' && field === 'ignore' ? importedRows(plan) : []),
        ]),
        ...(section === 'dependencies' ? toolRows(plan, manifest) : []),
      ],
    }));
}

/**
 * The Poetry or Pipenv the builder installs, which the plan holds only inside the setup step: `tool`
 * (`poetry==2.4.1`, from pyenvc's pin or from the tool lock), and without a tool lock a `toolLock` row
 * saying that the tool's own dependencies resolve afresh on a cold build and how to lock them
 * (README "Pinned tools"; src/passes/managers/tool-lock.ts). Not in plan.json, so adding the rows
 * changes no generated file.
 */
function toolRows(plan: ResolvedPlan, manifest: Manifest): ExplainedValue[] {
  const { manager, toolLock } = plan.dependencies;
  if (manager !== 'poetry' && manager !== 'pipenv') return [];
  if (toolLock) return [{ field: 'tool', value: `${manager}==${toolLock.version}`, from: sourcesOf(`dependencies.toolLock.source`, undefined, plan, manifest) }];
  return [
    { field: 'tool', value: `${manager}==${TOOLS[manager]}`, from: [{ path: '', origin: { kind: 'pyenvc' } }] },
    {
      field: 'toolLock',
      value: `none: ${manager}'s own dependencies resolve afresh on a cold build; to pin them with hashes, set dependencies.${manager}.tool_lock to a file from \`pip-compile --generate-hashes --allow-unsafe\` (README "Pinned tools")`,
      from: [{ path: '', origin: { kind: 'pyenvc' } }],
    },
  ];
}

/** The finalize section without `imported`, which importedRows shows line by line. */
function withoutImported(section: string, value: Record<string, unknown>): Record<string, unknown> {
  if (section !== 'finalize' || !('imported' in value)) return value;
  const { imported: _imported, ...rest } = value;
  return rest;
}

/**
 * One row per .dockerignore line carried over from a project file (finalize.imported), right after
 * the `ignore` row: `ignore.gitignore`
 * (a .gitignore line, translated), `ignore.dockerignore` (a line of the project's own .dockerignore)
 * or `ignore.kept` (a `!` line keeping a file the build needs), each from the file and line behind it.
 */
function importedRows(plan: ResolvedPlan): ExplainedValue[] {
  return (plan.finalize.imported ?? []).map((l) => ({
    field: `ignore.${l.kind}`,
    value: l.pattern,
    from: [{ path: '', origin: { kind: 'detection', rule: l.kind === 'kept' ? `the build needs it; ${l.file}:${l.line} ${l.text} excludes it` : `${l.file}:${l.line} ${l.text}` } }],
  }));
}

/** Every leaf of the effective manifest with its origin, in manifest order. */
export function explainSettings(manifest: Manifest, origins: Origins): ExplainedSetting[] {
  const out: ExplainedSetting[] = [];
  const walk = (value: unknown, path: string) => {
    if (isMapping(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    if (value !== undefined) out.push({ path, value, origin: originOf(path, origins) ?? { kind: 'default' } });
  };
  walk(manifest, '');
  return out;
}

/** A leaf row: field inside the section, value, SOURCES key, and the name when the row is one entry of a `[name, value]` list. */
type Row = [field: string, value: unknown, key: string, name?: string];

/** Leaves of a plan section: mappings recurse, `[name, value]` pair lists (keys ending `.*` in PLAN_SOURCES) give one row per name. */
function flatten(section: string, value: Record<string, unknown>, prefix: string): Row[] {
  const rows: Row[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = prefix ? `${prefix}.${key}` : key;
    const pairs = PLAN_SOURCES[`${section}.${field}.*`] !== undefined;
    if (v === undefined) continue;
    if (isMapping(v)) rows.push(...flatten(section, v, field));
    else if (pairs && isPairList(v) && v.length > 0) for (const [name, inner] of v) rows.push([`${field}.${name}`, inner, `${field}.*`, name]);
    else rows.push([field, v, pairs ? `${field}.*` : field]);
  }
  return rows;
}

function sourcesOf(key: string, name: string | undefined, plan: ResolvedPlan, manifest: Manifest): ValueSource[] {
  const listed = PLAN_SOURCES[key];
  if (!listed) return [{ path: '', origin: { kind: 'computed' } }];
  const paths = listed
    .filter((p) => !p.startsWith('jupyter:') || manifest.preset === 'jupyter')
    .map((p) => p.replace(/^jupyter:/, ''))
    .map((p) => (name === undefined ? p.replace(/\.\*$/, '') : p.replace('*', name)));
  const found: ValueSource[] = [];
  for (const [i, path] of paths.entries()) {
    if (path === 'preset') {
      const first = paths[0] ? originsUnder(paths[0], plan.origins) : [];
      if (manifest.preset && i > 0 && first.every((o) => o.origin.kind === 'default')) found.push({ path, origin: { kind: 'preset', preset: manifest.preset } });
      continue;
    }
    const under = originsUnder(path, plan.origins);
    if (under.length) found.push(...under);
    else if (valueAt(manifest, path) !== undefined) found.push({ path, origin: originOf(path, plan.origins) ?? { kind: 'default' } });
  }
  return found.length ? found : [{ path: '', origin: { kind: 'pyenvc' } }];
}

/** The origin recorded at `path` or its descendants (a block the user wrote key by key). */
function originsUnder(path: string, origins: Origins): ValueSource[] {
  if (origins[path]) return [{ path, origin: origins[path]! }];
  return Object.keys(origins)
    .filter((p) => p.startsWith(`${path}.`))
    .map((p) => ({ path: p, origin: origins[p]! }));
}

/** The origin at `path` or, failing that, at its nearest recorded ancestor. */
function originOf(path: string, origins: Origins): Origin | undefined {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') if (origins[p]) return origins[p];
  return undefined;
}

function valueAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (isMapping(v) ? v[k] : undefined), value);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPairList(value: unknown): value is [string, unknown][] {
  return Array.isArray(value) && value.every((v) => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string');
}
