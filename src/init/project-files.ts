import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/** Reads a project file by its POSIX path relative to the folder; undefined when missing or unreadable. */
export type ReadFolderFile = (path: string) => string | undefined;

/** What `init` learned from one project description file. */
export interface ParsedProject {
  /** Normalized distribution names (PEP 503: lower case, runs of `-_.` as `-`). */
  names: string[];
  /** Python version spec found there (`>=3.10`, `3.11`), when any. */
  python?: string;
  /** Project name, when the file declares one. */
  projectName?: string;
}

/** PEP 503 normalization, so `Flask`, `flask` and `FLASK` compare equal. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution name at the start of a PEP 508 requirement (`fastapi[all]>=0.110` → `fastapi`). */
export function requirementName(line: string): string | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
  return m ? normalizeName(m[1]!) : undefined;
}

/**
 * Names in a pip requirements file: one requirement per line; comments, options (`-r`, `-c`,
 * `--hash`, `-e`) and URLs are skipped (https://pip.pypa.io/en/stable/reference/requirements-file-format/).
 */
export function parseRequirements(text: string): ParsedProject {
  const names = text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('-') && !/^[a-z+]+:\/\//i.test(l))
    .map(requirementName)
    .filter((n): n is string => n !== undefined);
  return { names: [...new Set(names)].sort() };
}

/**
 * pyproject.toml: `[project]` (PEP 621: name, dependencies, requires-python) and
 * `[tool.poetry]` (name, `dependencies` table with `python`). Returns the sections present, so
 * the caller can tell poetry/uv/pdm projects apart. Undefined when the TOML does not parse.
 */
export function parsePyproject(text: string): (ParsedProject & { tools: string[]; hasProject: boolean }) | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const project = table(doc.project);
  const tool = table(doc.tool);
  const poetry = table(tool.poetry);
  const poetryDeps = table(poetry.dependencies);
  const names = [
    ...list(project.dependencies).filter((d): d is string => typeof d === 'string').map(requirementName),
    ...Object.keys(poetryDeps).filter((k) => k !== 'python').map(normalizeName),
  ].filter((n): n is string => n !== undefined);
  const python = str(project['requires-python']) ?? str(poetryDeps.python);
  const projectName = str(project.name) ?? str(poetry.name);
  return {
    names: [...new Set(names)].sort(),
    tools: Object.keys(tool).sort(),
    hasProject: Object.keys(project).length > 0,
    ...(python ? { python } : {}),
    ...(projectName ? { projectName } : {}),
  };
}

/** Pipfile (TOML): `[packages]` names and `[requires] python_version`. */
export function parsePipfile(text: string): ParsedProject | undefined {
  try {
    const doc = parseToml(text) as Record<string, unknown>;
    const python = str(table(doc.requires).python_version) ?? str(table(doc.requires).python_full_version);
    return { names: Object.keys(table(doc.packages)).map(normalizeName).sort(), ...(python ? { python: `==${python}` } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * environment.yml: conda package specs (`python=3.11`, `conda-forge::numpy`) and the `pip:` list.
 * The python pin becomes the spec, because pyenvc requires python.version to agree with it.
 */
export function parseEnvironment(text: string): ParsedProject | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return undefined;
  }
  const deps = list(table(doc).dependencies);
  const specs = [...deps.filter((d): d is string => typeof d === 'string'), ...deps.flatMap((d) => list(table(d).pip)).filter((d): d is string => typeof d === 'string')];
  let python: string | undefined;
  const names: string[] = [];
  for (const spec of specs) {
    const bare = spec.replace(/^[^:\s]+::/, '');
    const name = requirementName(bare);
    if (!name) continue;
    if (name === 'python') {
      const pin = /^python\s*={1,2}\s*(3\.\d{1,2}(?:\.\d{1,3})?)/.exec(bare);
      if (pin) python = `==${pin[1]}`;
    } else names.push(name);
  }
  return { names: [...new Set(names)].sort(), ...(python ? { python } : {}) };
}

function table(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
