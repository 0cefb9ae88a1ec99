import { parse as parseToml } from 'smol-toml';
import { normalizeName, parseRequirementSpec, type RequirementSpec } from './requirement-spec.js';

/** What pyenvc reads from pyproject.toml: PEP 621 `[project]`, PEP 517 `[build-system]`, PEP 735 groups and the tool tables. */
export interface PyprojectFacts {
  /** `[project] name` or `[tool.poetry] name`. */
  name?: string;
  /** True when a `[project]` table exists (PEP 621). */
  hasProject: boolean;
  /** `[project] dependencies`, as written (PEP 508 strings), in file order. */
  dependencies: string[];
  /** `[project.optional-dependencies]`: extra name (as written) → PEP 508 strings. */
  optionalDependencies: Record<string, string[]>;
  /** `[project] dynamic` (e.g. `["version", "dependencies"]`). */
  dynamic: string[];
  /** `[project] requires-python`, or Poetry's `python` dependency constraint. */
  requiresPython?: { spec: string; table: 'project' | 'tool.poetry' };
  /** `[project.scripts]` console scripts: command → `module:function`. */
  scripts: Record<string, string>;
  /** `[build-system] build-backend` (PEP 517), when written. */
  buildBackend?: string;
  /** `[build-system] requires`, as written. */
  buildRequires: string[];
  /** Names of the `[tool.*]` tables, sorted (uv, poetry, pdm, hatch, setuptools, ...). */
  tools: string[];
  /** `[tool.poetry.dependencies]` names (normalised, without python), sorted. */
  poetryDependencies: string[];
  /** `[tool.poetry] packages` include names and `[tool.setuptools] package-dir`/`packages.find.where` roots. */
  packageRoots: string[];
  /** `[tool.uv.workspace] members` globs, when the file is a uv workspace root. */
  uvWorkspaceMembers?: string[];
  /** `[tool.uv.workspace] exclude` globs (folders the members globs match that are not members). */
  uvWorkspaceExclude?: string[];
  /** `[[tool.uv.index]]` entries with a URL, in file order (https://docs.astral.sh/uv/concepts/indexes/). */
  uvIndexes: { name?: string; url: string; default: boolean }[];
  /**
   * `[tool.uv.sources]` entries that point at local code: `{ workspace = true }` or `{ path = "..." }`
   * (a list of sources with markers counts once per entry), in file order
   * (https://docs.astral.sh/uv/concepts/projects/dependencies/#dependency-sources).
   */
  uvLocalSources: { name: string; workspace?: true; path?: string }[];
}

/** Parses pyproject.toml text; undefined when it is not valid TOML (the caller reports that). Never throws. */
export function parsePyproject(text: string): PyprojectFacts | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const project = table(doc.project);
  const build = table(doc['build-system']);
  const tool = table(doc.tool);
  const poetry = table(tool.poetry);
  const poetryDeps = table(poetry.dependencies);
  const uvWorkspace = table(table(tool.uv).workspace);
  const optional = table(project['optional-dependencies']);
  const python = str(project['requires-python']);
  const poetryPython = str(poetryDeps.python);
  const name = str(project.name) ?? str(poetry.name);
  const setuptools = table(tool.setuptools);
  const where = list(table(table(setuptools.packages).find).where).filter(isString);
  const packageDir = Object.values(table(setuptools['package-dir'])).filter(isString);
  const poetryPackages = list(poetry.packages).map((p) => str(table(p).from)).filter(isString);
  return {
    ...(name ? { name } : {}),
    hasProject: Object.keys(project).length > 0,
    dependencies: strings(project.dependencies),
    optionalDependencies: Object.fromEntries(Object.entries(optional).map(([k, v]) => [k, strings(v)])),
    dynamic: strings(project.dynamic),
    ...(python ? { requiresPython: { spec: python, table: 'project' as const } } : poetryPython ? { requiresPython: { spec: poetryPython, table: 'tool.poetry' as const } } : {}),
    scripts: Object.fromEntries(Object.entries(table(project.scripts)).filter((e): e is [string, string] => typeof e[1] === 'string')),
    ...(str(build['build-backend']) ? { buildBackend: str(build['build-backend'])! } : {}),
    buildRequires: strings(build.requires),
    tools: Object.keys(tool).sort(),
    poetryDependencies: Object.keys(poetryDeps).filter((k) => k.toLowerCase() !== 'python').map(normalizeName).sort(),
    packageRoots: [...new Set([...where, ...packageDir, ...poetryPackages].map((p) => p.replace(/^\.\/?/, '').replace(/\/$/, '')).filter(Boolean))].sort(),
    ...(Object.keys(uvWorkspace).length ? { uvWorkspaceMembers: strings(uvWorkspace.members), uvWorkspaceExclude: strings(uvWorkspace.exclude) } : {}),
    uvIndexes: list(table(tool.uv).index).map(table).filter((i) => str(i.url)).map((i) => ({ ...(str(i.name) ? { name: str(i.name)! } : {}), url: str(i.url)!, default: i.default === true })),
    uvLocalSources: Object.entries(table(table(tool.uv).sources)).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map(table).flatMap((s): PyprojectFacts['uvLocalSources'] => (s.workspace === true ? [{ name, workspace: true }] : str(s.path) ? [{ name, path: str(s.path)! }] : [])),
    ),
  };
}

/** The requirements `[project] dependencies` plus the selected extras declare, parsed. */
export function projectRequirements(facts: PyprojectFacts, extras: readonly string[] = []): RequirementSpec[] {
  const wanted = new Set(extras.map(normalizeName));
  const texts = [...facts.dependencies, ...Object.entries(facts.optionalDependencies).filter(([k]) => wanted.has(normalizeName(k))).flatMap(([, v]) => v)];
  return texts.map(parseRequirementSpec).filter((s): s is RequirementSpec => s !== undefined);
}

function table(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return list(value).filter(isString).map((s) => s.trim()).filter(Boolean);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
