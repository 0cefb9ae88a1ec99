import { parse as parseToml } from 'smol-toml';
import { readHeader } from '../emit/text.js';
import type { FilePosition } from './conda-environment.js';
import { lockWheelRange, type LockWheelRange } from './lock-wheels.js';
import { parsePythonSpec, parseRelease, releaseLineTest, type PythonTest } from './python-spec.js';
import { locateTomlKey } from './toml-position.js';

/** Which statement a constraint comes from (the tool that enforces it decides how strict pyenvc is); `dockerfile` is init's hint only (dockerfilePythonHint). */
export type PythonConstraintKind = 'python-version-file' | 'runtime-txt' | 'dockerfile' | 'requires-python' | 'poetry-python' | 'pipfile' | 'conda' | 'lock-wheels';

/** One Python requirement a project states, with where it is written. */
export interface PythonConstraint {
  kind: PythonConstraintKind;
  /** How it reads in a message: `pyproject.toml requires-python ">=3.10"`. */
  label: string;
  /** The specifier as written (`>=3.10`, `3.11`, `cp38–cp311`). */
  spec: string;
  at: FilePosition;
  /** True when a release satisfies it. */
  test: PythonTest;
  /** A full release the tool insists on exactly (Pipfile `python_full_version`, conda `python==3.12.1`). */
  exact?: string;
  /** For lock-wheels: the packages that bound the range. */
  wheels?: LockWheelRange;
}

/** Reads a project file relative to the project folder; undefined when missing. */
type Read = (path: string) => string | undefined;

/**
 * Every Python constraint the project states, in this order: `.python-version` (pyenv, uv: the first
 * version line; major.minor kept, as the image's patch releases bring security fixes), `runtime.txt`
 * (Heroku `python-3.11.4`), pyproject.toml `[project] requires-python` (PEP 621) and
 * `[tool.poetry.dependencies] python`, Pipfile `[requires] python_version` / `python_full_version`
 * (https://pipenv.pypa.io/en/latest/specifiers.html#specifying-versions-of-python), the conda file's
 * python pin (when `condaFile` is given), and the Python lines uv.lock / poetry.lock have compiled
 * wheels for (see lockWheelRange). Specifiers pyenvc cannot read are left out. Pure; never throws.
 */
export function collectPythonConstraints(read: Read, conda?: { file: string; spec?: string; version?: string; at?: FilePosition }): PythonConstraint[] {
  const out: PythonConstraint[] = [];
  const add = (c: Omit<PythonConstraint, 'test'>, test: PythonTest | undefined) => test && out.push({ ...c, test });
  fromLine(read, '.python-version', /^\s*(?:cpython-|python-?)?(3\.\d{1,2})(?:\.\d+)?\s*(?:#.*)?$/, 'python-version-file', add);
  fromLine(read, 'runtime.txt', /^\s*python-(3\.\d{1,2})(?:\.\d+)?\s*$/, 'runtime-txt', add);
  const pyproject = tomlOf(read('pyproject.toml'));
  if (pyproject) {
    const requires = str(table(pyproject.doc.project)['requires-python']);
    if (requires) add({ kind: 'requires-python', label: `pyproject.toml requires-python "${requires}"`, spec: requires, at: where('pyproject.toml', pyproject.text, 'project', 'requires-python') }, parsePythonSpec(requires));
    const poetry = str(table(table(table(pyproject.doc.tool).poetry).dependencies).python);
    if (poetry) add({ kind: 'poetry-python', label: `pyproject.toml [tool.poetry.dependencies] python "${poetry}"`, spec: poetry, at: where('pyproject.toml', pyproject.text, 'tool.poetry.dependencies', 'python') }, parsePythonSpec(poetry));
  }
  const pipfile = tomlOf(read('Pipfile'));
  if (pipfile) {
    const requires = table(pipfile.doc.requires);
    for (const key of ['python_full_version', 'python_version'] as const) {
      const value = str(requires[key]);
      if (!value) continue;
      const operator = /[<>=!~]/.test(value);
      const full = key === 'python_full_version' && !operator && parseRelease(value)?.length === 3;
      add({ kind: 'pipfile', label: `Pipfile ${key} "${value}"`, spec: value, at: where('Pipfile', pipfile.text, 'requires', key), ...(full ? { exact: value } : {}) }, operator ? parsePythonSpec(value) : releaseLineTest(value));
      break; // pipenv reads python_full_version first and then ignores python_version (pypa/pipenv pipenv/utils/pipfile.py required_python_version)
    }
  }
  if (conda?.version && conda.at) {
    const exact = parseRelease(conda.version)?.length === 3 ? { exact: conda.version } : {};
    add({ kind: 'conda', label: `${conda.file} python "${conda.spec ?? conda.version}"`, spec: conda.version, at: conda.at, ...exact }, releaseLineTest(conda.version));
  }
  for (const lock of ['uv.lock', 'poetry.lock'] as const) {
    const text = read(lock);
    const range = text === undefined ? undefined : lockWheelRange(lock, text);
    if (!range) continue;
    const [lo, hi] = [Number(range.oldest.split('.')[1]), Number(range.newest.split('.')[1])];
    const spec = `cp3${lo}–cp3${hi}`;
    const line = range.limitedBy.line;
    add({ kind: 'lock-wheels', label: `${lock}'s compiled wheels (${spec}; ${range.limitedBy.name} ${range.limitedBy.version} has none newer)`, spec, at: { file: lock, line, column: 1 }, wheels: range }, (r) => r[0] === 3 && (r[1] ?? 0) >= lo && (r[1] ?? 0) <= hi);
  }
  return out;
}

/**
 * The first `FROM python:3.X…` of a hand-written Dockerfile at the project root (not one pyenvc wrote):
 * the Python the project's own image runs today (dockersamples/example-voting-app, miguelgrinberg/flasky).
 * A hint for `pyenvc init`, never a constraint (trial 3, F4): that Dockerfile is the file pyenvc's
 * replaces, so its FROM line says what the old image ran, not what the project needs, and compile
 * does not read it (a choice that depended on it would change once `compile --force` replaced it).
 */
export function dockerfilePythonHint(read: Read): PythonConstraint | undefined {
  const text = read('Dockerfile');
  if (!text || readHeader(text)) return undefined;
  const lines = text.split(/\r?\n/);
  const pattern = /^\s*FROM\s+(?:--platform=\S+\s+)?(?:docker\.io\/(?:library\/)?)?python:(3\.\d{1,2})(?:[.\-@\s]|$)/i;
  const index = lines.findIndex((l) => pattern.test(l));
  if (index < 0) return undefined;
  const version = pattern.exec(lines[index]!)![1]!;
  return { kind: 'dockerfile', label: `Dockerfile "${lines[index]!.trim()}"`, spec: version, at: { file: 'Dockerfile', line: index + 1, column: lines[index]!.search(/\S/) + 1 }, test: releaseLineTest(version)! };
}

function fromLine(read: Read, file: string, pattern: RegExp, kind: PythonConstraintKind, add: (c: Omit<PythonConstraint, 'test'>, t: PythonTest | undefined) => void): void {
  const lines = (read(file) ?? '').replace(/^\uFEFF/, '').split(/\r?\n/);
  const index = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const m = index < 0 ? null : pattern.exec(lines[index]!);
  if (!m) return;
  const written = lines[index]!.trim();
  add({ kind, label: `${file} "${written}"`, spec: m[1]!, at: { file, line: index + 1, column: lines[index]!.search(/\S/) + 1 } }, releaseLineTest(m[1]!));
}

function where(file: string, text: string, tableName: string, key: string): FilePosition {
  return { file, ...(locateTomlKey(text, tableName, key) ?? { line: 1, column: 1 }) };
}

function tomlOf(text: string | undefined): { text: string; doc: Record<string, unknown> } | undefined {
  if (text === undefined) return undefined;
  try {
    return { text, doc: parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

function table(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
