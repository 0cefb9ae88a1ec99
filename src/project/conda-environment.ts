import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';

/** A position inside a project file (not the manifest), as diagnostics take it. */
export type FilePosition = { file: string; line: number; column: number };

/** One string entry of the environment file with where it stands. */
export interface CondaEntry {
  text: string;
  at: FilePosition;
}

/** What pyenvc reads from a conda environment file (https://docs.conda.io/projects/conda/en/stable/user-guide/tasks/manage-environments.html#create-env-file-manually). */
export interface CondaEnvironment {
  name?: string;
  channels: CondaEntry[];
  /** Conda match specs, in file order. */
  dependencies: CondaEntry[];
  /** The `pip:` sub-list, in file order. */
  pip: CondaEntry[];
  /** `variables:` the environment sets on activation, sorted by name. */
  variables: [string, string][];
  /** The python spec and, when it pins one release line (`python=3.8`, `python==3.12.1`), that version. */
  python?: { entry: CondaEntry; version?: string };
}

/**
 * Parses an environment file with the `yaml` package, keeping positions so problems point into the
 * file. Never throws: a syntax error or an unexpected shape comes back as PYENV312 problems.
 */
export function parseCondaEnvironment(file: string, text: string): { environment?: CondaEnvironment; problems: DiagnosticInput[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (node: Node | null | undefined): FilePosition => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  const problem = (message: string, position: FilePosition, hint = 'fix the environment file; `micromamba create --file` must be able to read it'): DiagnosticInput => ({ code: 'PYENV312', message, hint, at: position });
  const error = document.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    return { problems: [problem(`${file} is not valid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, { file, line: pos.line, column: pos.col })] };
  }
  const root = document.contents;
  if (!isMap(root)) return { problems: [problem(`${file} must be a mapping with \`channels:\` and \`dependencies:\``, { file, line: 1, column: 1 })] };
  const problems: DiagnosticInput[] = [];
  const environment: CondaEnvironment = { channels: [], dependencies: [], pip: [], variables: [] };
  const get = (key: string) => root.items.find((p) => isScalar(p.key) && p.key.value === key);
  const name = get('name')?.value;
  if (isScalar(name) && name.value !== null) environment.name = String(name.value);
  const strings = (node: unknown, what: string, into: CondaEntry[]) => {
    if (node === null || node === undefined) return;
    if (!isSeq(node)) {
      problems.push(problem(`\`${what}\` in ${file} must be a list`, at(node as Node)));
      return;
    }
    for (const item of node.items) {
      if (isScalar(item) && item.value !== null && typeof item.value !== 'object') into.push({ text: String(item.value).trim(), at: at(item) });
      else if (what === 'dependencies' && isMap(item) && item.items.length === 1 && isScalar(item.items[0]!.key) && item.items[0]!.key.value === 'pip') strings(item.items[0]!.value, 'pip', environment.pip);
      else problems.push(problem(`unexpected entry in \`${what}\` of ${file}`, at(item as Node), what === 'dependencies' ? 'write one package spec per line (`- numpy=1.26`), or a `- pip:` sub-list' : 'write one string per line'));
    }
  };
  strings(get('channels')?.value, 'channels', environment.channels);
  strings(get('dependencies')?.value, 'dependencies', environment.dependencies);
  const variables = get('variables')?.value;
  if (isMap(variables)) {
    for (const pair of variables.items) {
      if (isScalar(pair.key) && isScalar(pair.value) && pair.value.value !== null) environment.variables.push([String(pair.key.value), String(pair.value.value)]);
    }
    environment.variables.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const python = environment.dependencies.find((d) => specName(d.text) === 'python');
  if (python) {
    const version = pinnedVersion(python.text);
    environment.python = { entry: python, ...(version ? { version } : {}) };
  }
  return { environment, problems };
}

/** The package name of a conda match spec (`conda-forge::numpy>=1.26` → `numpy`), lower case. */
export function specName(spec: string): string {
  return spec.replace(/^[^\s:]+::/, '').split(/[\s=<>!~[]/)[0]!.toLowerCase();
}

/**
 * The release a python spec pins to, when it pins one: `python=3.8` (conda's 3.8.*), `python==3.12.1`,
 * `python 3.11.*`, `python=3.10=h123_cpython`. Ranges (`>=3.9`, `3.9,<4`) pin nothing.
 */
export function pinnedVersion(spec: string): string | undefined {
  const rest = spec.replace(/^[^\s:]+::/, '').replace(/^python/i, '');
  const match = /^\s*(?:==?|\s)?\s*(\d+(?:\.\d+){1,2})(?:\.\*)?(?:[=\s]\S*)?$/.exec(rest);
  return match?.[1];
}

/** True when two version strings name the same release line (`3.11` and `3.11.4` agree; `3.11` and `3.12` do not). */
export function versionsAgree(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  return x.slice(0, Math.min(x.length, y.length)).every((part, i) => part === y[i]);
}
