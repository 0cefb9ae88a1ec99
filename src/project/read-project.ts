import { parseCondaEnvironment, specName, type CondaEnvironment } from './conda-environment.js';
import { parsePyproject, projectRequirements, type PyprojectFacts } from './pyproject.js';
import { parseRequirementSpec, type RequirementSpec } from './requirement-spec.js';
import { collectRequirements, type RequirementTree } from './requirements.js';
import { collectPythonConstraints, dockerfilePythonHint, type PythonConstraint } from './python-constraints.js';
import { parsePipfile, readFlaskApp, readProcfileWeb, readSetupRequires, type FileValue } from './small-files.js';
import { parseUvLock, type UvLockFacts } from './uv-lock.js';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { EnclosingUvWorkspace } from './uv-workspace-root.js';
import { posix } from 'node:path';

/** Reads a project file by its POSIX path relative to the project folder; undefined when missing. */
export type ReadFile = (path: string) => string | undefined;

/**
 * Typed facts about a project folder, read once from its files and shared by `pyenvc init` (to decide
 * a manifest) and by compile's passes (to install and check it), so the two cannot disagree
 * (issue 11, item 0). Pure: files come through `read`, and the folder listing, when known, through
 * `files`. Every accessor parses on first use and remembers the result. Nothing here imports or runs
 * user code; Python sources are only read as text by the entry-point rules.
 */
export class ProjectFacts {
  private readonly memo = new Map<string, unknown>();

  /**
   * @param read reads a file relative to the project folder
   * @param files the folder's files (POSIX, relative), when the caller listed it (init, the CLI); compile
   *   in tests may pass none, and the accessors that need a listing then see only what `read` finds
   * @param enclosingUvWorkspace the uv workspace above the folder that lists it as a member, when the
   *   caller looked (the CLI does: findEnclosingUvWorkspace); nothing here reads above the folder
   * @param tracked the files of the folder git tracks (POSIX, relative), when the caller read the index (the CLI)
   */
  constructor(
    readonly read: ReadFile,
    readonly files?: readonly string[],
    readonly enclosingUvWorkspace?: EnclosingUvWorkspace,
    readonly tracked?: readonly string[],
  ) {}

  /** True when the file exists: in the listing when there is one, else (or deeper than the listing goes) by reading it. */
  has(path: string): boolean {
    return (this.files !== undefined && this.fileSet().has(path)) || this.read(path) !== undefined;
  }

  /** pyproject.toml: `undefined` when absent, `'invalid'` when it is not TOML. */
  pyproject(): PyprojectFacts | 'invalid' | undefined {
    return this.once('pyproject', () => {
      const text = this.read('pyproject.toml');
      return text === undefined ? undefined : (parsePyproject(text) ?? 'invalid');
    });
  }

  /** pyproject.toml's facts when it exists and parses. */
  validPyproject(): PyprojectFacts | undefined {
    const p = this.pyproject();
    return p === 'invalid' ? undefined : p;
  }

  /** A pyproject.toml at another path (a uv workspace member, a build context below the manifest); undefined when absent or not TOML. */
  pyprojectAt(path: string): PyprojectFacts | undefined {
    if (path === 'pyproject.toml') return this.validPyproject();
    return this.once(`pyproject:${path}`, () => {
      const text = this.read(path);
      return text === undefined ? undefined : parsePyproject(text);
    });
  }

  /** A uv.lock's registries, workspace members and local packages; undefined when absent or not TOML. */
  uvLock(path = 'uv.lock'): UvLockFacts | undefined {
    return this.once(`uvlock:${path}`, () => {
      const text = this.read(path);
      return text === undefined ? undefined : parseUvLock(text);
    });
  }

  /** `[project] dependencies` plus the named extras, parsed (empty without a `[project]` table). */
  projectRequirements(extras: readonly string[] = []): RequirementSpec[] {
    const p = this.validPyproject();
    return p ? projectRequirements(p, extras) : [];
  }

  /** setup.py / setup.cfg `install_requires`, parsed (empty when there is none or it is built by code). */
  setupRequirements(): RequirementSpec[] {
    return this.once('setup', () => readSetupRequires(this.read).map(parseRequirementSpec).filter((s): s is RequirementSpec => s !== undefined));
  }

  /** Pipfile's `[packages]` names and python_version; undefined when absent or not TOML. */
  pipfile(): { names: string[]; python?: string } | undefined {
    return this.once('pipfile', () => {
      const text = this.read('Pipfile');
      return text === undefined ? undefined : parsePipfile(text);
    });
  }

  /**
   * The requirement tree from these roots, following `-r`/`-c` includes exactly as pip does. Problems
   * (missing includes, local paths, includes outside the context) go to `report` when given; init
   * passes none and only reads the names.
   */
  requirements(roots: { path: string; at: (string | number)[] }[], report: (p: DiagnosticInput) => void = () => {}): RequirementTree {
    return collectRequirements(roots, this.read, report);
  }

  /**
   * The conda environment file, parsed with positions, and the requirement tree its `pip:` list
   * reaches through `-r`/`--requirement` lines (paths relative to the environment file, as conda
   * passes them to pip from that folder).
   */
  condaEnvironment(file: string): { environment?: CondaEnvironment; problems: DiagnosticInput[]; pipIncludes: RequirementTree } | undefined {
    return this.once(`conda:${file}`, () => {
      const text = this.read(file);
      if (text === undefined) return undefined;
      const parsed = parseCondaEnvironment(file, text);
      const includes = (parsed.environment?.pip ?? [])
        .map((entry) => /^(?:-r|--requirement)(?:\s*=\s*|\s+)(\S+)/.exec(entry.text)?.[1])
        .filter((p): p is string => p !== undefined)
        .map((p) => ({ path: posix.normalize(posix.join(posix.dirname(file), p)), at: [] as (string | number)[] }));
      return { ...parsed, pipIncludes: this.requirements(includes) };
    });
  }

  /** Normalised names a conda environment file lists: conda packages (not python), its `pip:` entries and what those include. */
  condaNames(file: string): string[] {
    const env = this.condaEnvironment(file);
    if (!env?.environment) return [];
    const conda = env.environment.dependencies.map((d) => specName(d.text)).filter((n) => n !== 'python');
    const pip = env.environment.pip.map((p) => parseRequirementSpec(p.text)?.name).filter((n): n is string => n !== undefined && !n.startsWith('-'));
    return [...new Set([...conda, ...pip, ...env.pipIncludes.names])].sort();
  }

  /**
   * Every Python constraint the project states, with positions (see collectPythonConstraints); the
   * conda file's python pin is included when `condaFile` is given (the conda manager reads it).
   */
  pythonConstraints(condaFile?: string): PythonConstraint[] {
    return this.once(`python:${condaFile ?? ''}`, () => {
      const python = condaFile ? this.condaEnvironment(condaFile)?.environment?.python : undefined;
      return collectPythonConstraints(this.read, condaFile && python ? { file: condaFile, spec: python.entry.text, ...(python.version ? { version: python.version } : {}), at: python.entry.at } : undefined);
    });
  }

  /** The `FROM python:3.X` line of a hand-written Dockerfile: init's hint, not a constraint (see dockerfilePythonHint). */
  dockerfilePython(): PythonConstraint | undefined {
    return this.once('dockerfile-python', () => dockerfilePythonHint(this.read));
  }

  /** The Procfile's `web:` command, when there is one. */
  procfileWeb(): FileValue | undefined {
    return this.once('procfile', () => readProcfileWeb(this.read('Procfile')));
  }

  /** `FLASK_APP` from `.flaskenv` or `.env`, when set. */
  flaskApp(): FileValue | undefined {
    return this.once('flaskapp', () => readFlaskApp(this.read));
  }

  private fileSet(): ReadonlySet<string> {
    return this.once('fileset', () => new Set(this.files ?? []));
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }
}
