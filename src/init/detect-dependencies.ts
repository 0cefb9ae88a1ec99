import { providedNames } from '../catalog/packages.js';
import { readHeader } from '../emit/text.js';
import type { ProjectFacts } from '../project/read-project.js';
import { normalizeName, type RequirementSpec } from '../project/requirement-spec.js';

/** The dependency manager block `init` writes, or none. */
export type DetectedDependencies =
  | { manager: 'pip'; requirements: string[] }
  | { manager: 'pip'; pyproject: true }
  | { manager: 'conda'; file: string }
  | { manager: 'poetry' }
  | { manager: 'uv'; package?: string }
  | { manager: 'pipenv' };

/** What the folder says about dependencies: the manager, the names they list, the project name (Python: see detectPython). */
export interface DependencyFindings {
  dependencies?: DetectedDependencies;
  /** Why the manager was chosen (one line), or why none was. */
  because: string;
  /** Normalized distribution names listed by the chosen files (for the preset rules). */
  names: string[];
  /** The file the names were read from. */
  namesFrom: string;
  projectName?: string;
  /** Things the user must do or know (a missing lockfile, an unsupported tool). */
  notes: string[];
}

/** Requirement files that are not the app's runtime dependencies. */
const DEV_REQUIREMENTS = /(^|[-_/])(dev|develop|test|tests|testing|docs?|lint|ci|local)([-_.]|\.txt$)/;

/**
 * Chooses the dependency manager from the files of a folder, first rule that matches wins:
 * 1. `uv.lock` → uv; 2. `poetry.lock` → poetry; 3. `Pipfile.lock` or `Pipfile` → pipenv;
 * 4. `environment.yml`/`.yaml` → conda (the same order compile's detection uses);
 * 5. `pyproject.toml` with `[tool.uv]` → uv, `[tool.poetry]` → poetry (a lockfile is then needed);
 * 6. `requirements.txt`, else the one `requirements*.txt` / `requirements/*.txt` that is not for
 *    dev/test/docs → pip; 7. `[tool.pdm]` or a bare `[project]` with no requirements file → no
 *    block, with a note on how to export one. Pure: every file is read through `project`, the same
 *    reader compile's passes use, so `-r`/`-c` includes, extras and conda `pip: -r` lines are
 *    followed exactly as the build follows them.
 */
export function detectDependencies(project: ProjectFacts): DependencyFindings {
  const notes: string[] = [];
  const files = { has: (p: string) => project.has(p) };
  const pyproject = project.validPyproject();
  if (project.pyproject() === 'invalid') notes.push('pyproject.toml does not parse as TOML; it was not used');
  const tools = new Set(pyproject?.tools ?? []);
  const pyprojectNames = pyproject ? [...provided(project.projectRequirements(Object.keys(pyproject.optionalDependencies))), ...pyproject.poetryDependencies] : [];
  const fromPyproject = (because: string, dependencies?: DetectedDependencies): DependencyFindings => ({
    ...(dependencies ? { dependencies } : {}),
    because,
    names: [...new Set(pyprojectNames)].sort(),
    namesFrom: 'pyproject.toml',
    ...(pyproject?.name ? { projectName: pyproject.name } : {}),
    notes,
  });
  if (files.has('uv.lock')) return fromPyproject('uv.lock exists', { manager: 'uv' });
  if (files.has('poetry.lock')) return fromPyproject('poetry.lock exists', { manager: 'poetry' });
  if (files.has('Pipfile.lock') || files.has('Pipfile')) {
    if (!files.has('Pipfile.lock')) notes.push('Pipfile has no Pipfile.lock next to it: run `pipenv lock` before building');
    const pipfile = project.pipfile();
    return { dependencies: { manager: 'pipenv' }, because: files.has('Pipfile.lock') ? 'Pipfile.lock exists' : 'Pipfile exists', names: pipfile?.names ?? [], namesFrom: 'Pipfile', notes };
  }
  for (const file of ['environment.yml', 'environment.yaml']) {
    if (!files.has(file)) continue;
    // A JupyterLite/xeus kernel environment (emscripten-forge channel) runs in the browser, not in a
    // container: with a requirements file beside it, that file is the project's (jvns/pandas-cookbook).
    if (/emscripten-forge/.test(project.read(file) ?? '') && chooseRequirements(project.files ?? [])) {
      notes.push(`${file} is a JupyterLite (emscripten-forge) kernel environment, not the project's: the requirements file is used instead`);
      continue;
    }
    const env = project.condaEnvironment(file);
    if (!env?.environment) notes.push(`${file} does not parse as a conda environment file`);
    return { dependencies: { manager: 'conda', file }, because: `${file} exists`, names: project.condaNames(file), namesFrom: file, notes };
  }
  if (tools.has('uv')) {
    notes.push('pyproject.toml has [tool.uv] but there is no uv.lock: run `uv lock` before building');
    return fromPyproject('pyproject.toml has a [tool.uv] section', { manager: 'uv' });
  }
  if (tools.has('poetry')) {
    notes.push('pyproject.toml has [tool.poetry] but there is no poetry.lock: run `poetry lock` before building');
    return fromPyproject('pyproject.toml has a [tool.poetry] section', { manager: 'poetry' });
  }
  const own = ownDockerfileRequirements(project);
  const requirements = own?.file ?? chooseRequirements(project.files ?? []);
  if (requirements) {
    const tree = project.requirements([{ path: requirements, at: [] }]);
    const names = [...new Set(provided(tree.entries.filter((e) => !e.constraint)))].sort();
    if (tools.has('pdm')) notes.push(`pyproject.toml has [tool.pdm]; pyenvc has no pdm support, so ${requirements} is used (keep it current with \`pdm export -o ${requirements} --without-hashes\`)`);
    // Files the chosen one includes (-r/-c) are installed with it: only the others are "not installed".
    const others = (project.files ?? []).filter((f) => !tree.files.includes(f) && /^requirements[^/]*\.txt$|^requirements\/[^/]+\.txt$/.test(f)).sort();
    if (others.length) notes.push(`also found ${others.join(', ')}: not installed (add them to dependencies.pip.requirements if the app needs them at run time)`);
    return { dependencies: { manager: 'pip', requirements: [requirements] }, because: own ? `${requirements} is what your Dockerfile installs (Dockerfile line ${own.line})` : `${requirements} exists`, names, namesFrom: tree.files.length > 1 ? `${requirements} (with ${tree.files.filter((f) => f !== requirements).join(', ')})` : requirements, ...(pyproject?.name ? { projectName: pyproject.name } : {}), notes };
  }
  // PEP 621 (also [tool.pdm] projects, whose dependencies are PEP 621 too) or setup.py without a lock:
  // pip installs [project] dependencies in their own layer (dependencies.pip.pyproject).
  if ((pyproject && pyproject.hasProject) || files.has('setup.py') || files.has('setup.cfg')) {
    notes.push('no lockfile or requirements file: pip installs the dependencies of pyproject.toml/setup.py unpinned; lock them (`pip-compile pyproject.toml -o requirements.txt`, or `uv lock`) for builds that do not change under you');
    const because = pyproject?.hasProject ? `pyproject.toml has a [project] table${tools.has('pdm') ? ' ([tool.pdm])' : ''} and there is no lockfile or requirements file` : `${files.has('setup.py') ? 'setup.py' : 'setup.cfg'} exists and there is no lockfile or requirements file`;
    const found = fromPyproject(because, { manager: 'pip', pyproject: true });
    return pyproject?.hasProject ? found : { ...found, names: [...new Set(provided(project.setupRequirements()))].sort(), namesFrom: files.has('setup.py') ? 'setup.py' : 'setup.cfg' };
  }
  return { because: 'no requirements file, lockfile, Pipfile, environment file or pyproject.toml found', names: [], namesFrom: 'the dependencies', notes };
}

/** The names a list of requirements makes available (extras and metapackages included). */
function provided(specs: readonly RequirementSpec[]): string[] {
  return specs.flatMap(providedNames).map(normalizeName);
}

/**
 * The requirements file a hand-written Dockerfile at the root installs (`pip install -r FILE`), when
 * that file exists: the project's own image says which one is for production (miguelgrinberg/flasky
 * installs requirements/docker.txt, while requirements.txt pulls in a Heroku file). Not a Dockerfile
 * pyenvc wrote.
 */
function ownDockerfileRequirements(project: ProjectFacts): { file: string; line: number } | undefined {
  const text = project.read('Dockerfile');
  if (!text || readHeader(text)) return undefined;
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (!/\bpip3?\s+install\b/.test(line)) continue;
    const m = /(?:^|\s)(?:-r|--requirement)(?:\s+|=)["']?([A-Za-z0-9_./-]+\.txt)/.exec(line);
    const written = m?.[1]?.replace(/^\.\//, '');
    const file = written?.startsWith('/') ? copiedFrom(lines.slice(0, i), written) : written;
    if (file && project.has(file)) return { file, line: i + 1 };
  }
  return undefined;
}

/**
 * The build-context path of a container path, through the COPY/ADD lines before it, last first
 * (trial 3, wagtail/bakerydemo: `ADD requirements/ /requirements/` then `pip install -r
 * /requirements/production.txt` is requirements/production.txt). Undefined when no line copies it.
 */
function copiedFrom(before: readonly string[], path: string): string | undefined {
  for (const line of [...before].reverse()) {
    const m = /^\s*(?:COPY|ADD)\s+((?:--\S+\s+)*)([^[].*)$/i.exec(line);
    if (!m || /--from=/.test(m[1]!)) continue;
    const words = m[2]!.trim().split(/\s+/);
    if (words.length !== 2) continue;
    const source = words[0]!.replace(/^\.\//, '');
    const target = words[1]!.replace(/\/+$/, '');
    if (path === target) return source;
    if (path.startsWith(`${target}/`)) {
      const rest = path.slice(target.length + 1);
      if (source === '.' || source === '') return rest;
      // A file copied into the folder (`COPY requirements.txt /app/`), or a folder copied to it (`ADD requirements/ /requirements/`).
      if (source.split('/').pop() === rest) return source;
      return `${source.replace(/\/+$/, '')}/${rest}`;
    }
  }
  return undefined;
}

function chooseRequirements(files: readonly string[]): string | undefined {
  if (files.includes('requirements.txt')) return 'requirements.txt';
  const candidates = [...files].filter((f) => /^requirements[^/]*\.txt$|^requirements\/[^/]+\.txt$/.test(f) && !DEV_REQUIREMENTS.test(f)).sort();
  return candidates.find((f) => /prod|main|base|runtime/.test(f)) ?? candidates[0];
}
