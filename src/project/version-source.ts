import { parse as parseToml } from 'smol-toml';
import { normalizeName } from './requirement-spec.js';

/** A build backend plugin that computes the project's version from version-control metadata. */
export type VcsVersionBackend = 'setuptools-scm' | 'hatch-vcs' | 'poetry-dynamic-versioning';

/** How a project's version is taken from VCS metadata, and the environment variables that override it at build time. */
export interface VcsVersionSource {
  backend: VcsVersionBackend;
  /** `[project] name` or `[tool.poetry] name`, when written. */
  distName?: string;
  /** The fallback version the project configures for builds without VCS metadata, when it does. */
  fallback?: string;
  /** The variables that carry a pretend version to the backend, sorted. */
  variables: string[];
  /** The file and 1-based line that declares the backend, for diagnostics. */
  at: { file: string; line: number; column: number };
}

/**
 * `SETUPTOOLS_SCM_PRETEND_VERSION_FOR_<DIST>`: the dist name canonicalised (PEP 503), `-` as `_`,
 * upper-cased (pypa/setuptools-scm vcs-versioning/src/vcs_versioning/overrides.py:
 * `canonical_dist_name.replace("-", "_").upper()`; docs/overrides.md "Pretend Versions").
 */
export function pretendVersionVariable(distName: string): string {
  return `SETUPTOOLS_SCM_PRETEND_VERSION_FOR_${normalizeName(distName).replace(/-/g, '_').toUpperCase()}`;
}

/**
 * Detects a version taken from VCS metadata, which a build without `.git` cannot compute
 * ("unable to detect version"). Rules, each from the tool's own documentation:
 * - setuptools-scm: `setuptools-scm` in `[build-system] requires` with `version` in `[project] dynamic`
 *   or a `[tool.setuptools_scm]` table, unless `[tool.setuptools.dynamic] version` names another source;
 *   or a setup.py calling `use_scm_version`. It reads `SETUPTOOLS_SCM_PRETEND_VERSION_FOR_<DIST>`,
 *   or `SETUPTOOLS_SCM_PRETEND_VERSION` when the dist name is unknown (pypa/setuptools-scm docs/overrides.md).
 * - hatch-vcs: `hatch-vcs` in requires and `[tool.hatch.version] source = "vcs"`. It calls
 *   `setuptools_scm.get_version` without a dist name (ofek/hatch-vcs hatch_vcs/version_source.py) and
 *   documents `SETUPTOOLS_SCM_PRETEND_VERSION` (README "Version source environment variables"); the
 *   `_FOR_<DIST>` form is set as well.
 * - poetry-dynamic-versioning: `[tool.poetry-dynamic-versioning] enable = true`; it reads
 *   `POETRY_DYNAMIC_VERSIONING_BYPASS` (mtkennerly/poetry-dynamic-versioning README "Environment variables").
 * `pyproject` and `setupPy` are the files' texts (undefined when absent). Never throws.
 */
export function readVcsVersionSource(pyproject: string | undefined, setupPy: string | undefined, pyprojectPath = 'pyproject.toml', setupPyPath = 'setup.py'): VcsVersionSource | undefined {
  const doc = pyproject === undefined ? {} : parseQuietly(pyproject);
  const project = table(doc.project);
  const tool = table(doc.tool);
  const requires = list(table(doc['build-system']).requires).filter(isString).map((r) => normalizeName(/^\s*([A-Za-z0-9._-]+)/.exec(r)?.[1] ?? ''));
  const distName = str(project.name) ?? str(table(tool.poetry).name);
  const dynamicVersion = list(project.dynamic).includes('version');
  const lineOf = (text: string, needle: RegExp): { file: string; line: number; column: number } => {
    const lines = text.split(/\r?\n/);
    const index = lines.findIndex((l) => needle.test(l));
    return { file: text === pyproject ? pyprojectPath : setupPyPath, line: index + 1, column: index >= 0 ? 1 : 0 };
  };
  const named = distName ? { distName } : {};
  const pdv = table(tool['poetry-dynamic-versioning']);
  if (pyproject !== undefined && pdv.enable === true) {
    return { backend: 'poetry-dynamic-versioning', ...named, variables: ['POETRY_DYNAMIC_VERSIONING_BYPASS'], at: lineOf(pyproject, /^\s*\[tool\.poetry-dynamic-versioning\]/) };
  }
  const hatchVersion = table(table(tool.hatch).version);
  if (pyproject !== undefined && requires.includes('hatch-vcs') && hatchVersion.source === 'vcs') {
    const fallback = str(hatchVersion['fallback-version']) ?? str(table(hatchVersion['raw-options']).fallback_version);
    const variables = ['SETUPTOOLS_SCM_PRETEND_VERSION', ...(distName ? [pretendVersionVariable(distName)] : [])].sort();
    return { backend: 'hatch-vcs', ...named, ...(fallback ? { fallback } : {}), variables, at: lineOf(pyproject, /^\s*\[tool\.hatch\.version\]/) };
  }
  const scmTable = tool.setuptools_scm !== undefined ? table(tool.setuptools_scm) : undefined;
  const otherVersion = table(table(tool.setuptools).dynamic).version !== undefined;
  if (pyproject !== undefined && requires.includes('setuptools-scm') && !otherVersion && (dynamicVersion || scmTable !== undefined)) {
    const fallback = str(scmTable?.fallback_version);
    return { backend: 'setuptools-scm', ...named, ...(fallback ? { fallback } : {}), variables: [distName ? pretendVersionVariable(distName) : 'SETUPTOOLS_SCM_PRETEND_VERSION'], at: lineOf(pyproject, /setuptools[-_]scm/i) };
  }
  if (setupPy !== undefined && /\buse_scm_version\s*=/.test(setupPy) && !(pyproject !== undefined && str(project.version))) {
    return { backend: 'setuptools-scm', variables: ['SETUPTOOLS_SCM_PRETEND_VERSION'], at: lineOf(setupPy, /\buse_scm_version\s*=/) };
  }
  return undefined;
}

/** True when pyproject.toml has a non-empty PEP 735 `[dependency-groups]` table (Poetry puts it in the lock's content hash from 2.3.0). */
export function hasDependencyGroups(pyproject: string | undefined): boolean {
  return pyproject !== undefined && Object.keys(table(parseQuietly(pyproject)['dependency-groups'])).length > 0;
}

function parseQuietly(text: string): Record<string, unknown> {
  try {
    return parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function table(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
