import { posix } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { normalizeRelative } from '../manifest/paths.js';
import type { DependenciesPlan, EntrypointPlan, FinalizePlan } from '../plan/types.js';
import { findDjangoProject, findScript, findStreamlitScript, findWebApp, pythonFiles } from '../project/entry-points.js';
import { commandWords } from './command-words.js';
import { isUserSet, type PassContext } from './context.js';

/**
 * What the container's command starts, read from the resolved CMD: a `module:object` served by a WSGI
 * or ASGI server (gunicorn, uvicorn, hypercorn, waitress-serve; https://docs.gunicorn.org/en/stable/run.html,
 * https://www.uvicorn.org/deployment/), a script run by `python` or `streamlit run`, or a module run
 * with `python -m`. Roots are extra import folders the command names (gunicorn `--chdir`/`--pythonpath`,
 * uvicorn `--app-dir`), relative to the workdir.
 */
export type RunTarget =
  | { kind: 'app'; module: string; attribute: string; roots: string[] }
  | { kind: 'script'; file: string }
  | { kind: 'module'; module: string };

/** Reads the target out of a command in exec form; undefined when the command names none this check knows. */
export function runTargetOf(command: readonly string[]): RunTarget | undefined {
  const { words, shell } = commandWords(command);
  // A shell string with expansions, quotes or operators is not read: its words are not known before it runs.
  if (shell && /[$`"'\\|&;<>(){}]/.test(command[2]!.replace(/:[A-Za-z_][A-Za-z0-9_]*\(\)/g, ''))) return undefined;
  const program = posix.basename(words[0] ?? '');
  const rest = words.slice(1);
  if (/^(gunicorn|uvicorn|hypercorn|waitress-serve)$/.test(program)) {
    const target = rest.find((w) => /^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*(\(.*\))?$/.test(w));
    if (!target) return undefined;
    const [module, attribute] = target.split(':') as [string, string];
    const roots: string[] = [];
    rest.forEach((w, i) => {
      const m = /^(--chdir|--pythonpath|--app-dir)(?:=(.*))?$/.exec(w);
      const value = m ? (m[2] ?? rest[i + 1]) : undefined;
      if (value) roots.push(...value.split(','));
    });
    return { kind: 'app', module, attribute, roots };
  }
  if (/^python(3(\.\d+)?)?$/.test(program)) {
    const first = rest.findIndex((w) => !/^-[BEIOPqsSuvW]+$/.test(w));
    const word = rest[first];
    if (word === '-m' && rest[first + 1]) return { kind: 'module', module: rest[first + 1]! };
    if (word && word.endsWith('.py') && !word.startsWith('-')) return { kind: 'script', file: word };
    return undefined;
  }
  if (program === 'streamlit' && rest[0] === 'run' && rest[1]?.endsWith('.py')) return { kind: 'script', file: rest[1] };
  return undefined;
}

/**
 * Checks that what the container starts is in the image (issue 11 item 3), reading files as text:
 * the module of `run.app` (or of the server target in `run.command`), the script `python X.py` or
 * `streamlit run X.py` names, the package of `python -m`. A missing module or script is an error
 * (PYENV411) — the container would exit at start with ModuleNotFoundError or "can't open file" — and a
 * module without the named object a warning (PYENV412). Both name the candidates found in the project
 * (`did you mean server:app?`) when the compiler was given the folder listing. Paths are looked up in
 * the build context as the copy puts them in the workdir, on the workdir, `src/` (when the project is
 * installed) and the runtime PYTHONPATH entries under the workdir. The check stays silent where it cannot know:
 * `project.copy` mappings that rename folders, a command it cannot read, a module that a dependency or
 * a build step could provide.
 */
export function checkRunTarget(ctx: PassContext, dependencies: DependenciesPlan, entrypoint: EntrypointPlan, finalize: FinalizePlan): void {
  const { manifest, project } = ctx;
  if ((manifest.project.copy ?? []).some((c) => typeof c !== 'string')) return;
  const target = runTargetOf(entrypoint.command);
  if (!target) return;
  const context = normalizeRelative(manifest.project.context) ?? '.';
  const inContext = (file: string) => (context === '.' ? file : posix.join(context, file));
  const copied = (manifest.project.copy as string[] | undefined)?.map((c) => normalizeRelative(c) ?? c);
  const isCopied = (file: string) => !copied || copied.some((c) => c === '.' || file === c.replace(/\/$/, '') || file.startsWith(c.endsWith('/') ? c : `${c}/`));
  const exists = (file: string) => isCopied(file) && project.has(inContext(file));
  const at = where(ctx);
  // Suggestions come from the folder listing, whose paths are the manifest folder's: only with the default context.
  const listing = project.files !== undefined && context === '.';

  if (target.kind === 'script') {
    const file = posix.normalize(target.file);
    if (file.startsWith('/') || file.startsWith('..') || exists(file)) return;
    const others = pythonFiles(project).filter((f) => !/(^|\/)pages\//.test(f));
    const guess = others.length ? closest(file, others) : undefined;
    const streamlit = entrypoint.command.includes('streamlit') ? findStreamlitScript(project)?.script : undefined;
    const script = findScript(project);
    const suggestion = streamlit ?? (guess && distance(file, guess) <= Math.max(3, file.length / 2) ? guess : script?.command.join(' '));
    ctx.report({
      code: 'PYENV411',
      message: `the command runs ${file}, which is not ${project.has(inContext(file)) ? 'copied into the image (project.copy leaves it out)' : `in the build context${context === '.' ? '' : ` (${context}/)`}`}: the container would stop at start with "can't open file"`,
      hint: listing && suggestion ? `did you mean ${suggestion}? Set ${at.field} accordingly` : `set ${at.field} to the script that starts your program`,
      path: at.path,
    });
    return;
  }

  const roots = importRoots(ctx, target.kind === 'app' ? target.roots : [], finalize, dependencies, inContext);
  const moduleFile = (module: string) => {
    const base = module.replace(/\./g, '/');
    for (const root of roots) for (const f of [`${base}.py`, `${base}/__init__.py`]) if (exists(root ? posix.join(root, f) : f)) return root ? posix.join(root, f) : f;
    return undefined;
  };
  const top = target.module.split('.')[0]!;
  // `python -m http.server`, `python -m celery`: a module of the standard library or a dependency.
  // Only a module whose top-level package is the project's own is checked.
  if (target.kind === 'module' && moduleFile(top) === undefined) return;
  // A module a dependency or a build step provides cannot be checked from the project's files.
  if (moduleFile(target.module) === undefined) {
    if (manifest.build.run.length + manifest.build.after_copy.length > 0 || ctx.project.has(inContext(`${top}.so`))) return;
    if (dependencyNames(ctx, dependencies).has(top.toLowerCase().replace(/[-_.]+/g, '-'))) return;
    const candidates = target.kind === 'app' ? appCandidates(ctx) : [];
    ctx.report({
      code: 'PYENV411',
      message: `${target.kind === 'app' ? `${target.module}:${target.attribute}` : `python -m ${target.module}`} names the module ${target.module}, and no ${target.module.replace(/\./g, '/')}.py or ${target.module.replace(/\./g, '/')}/__init__.py is in the build context${roots.length > 1 ? ` (looked in ${roots.map((r) => (r ? `${r}/` : 'the workdir')).join(', ')})` : ''}: the container would stop at start with ModuleNotFoundError`,
      hint: listing && candidates.length ? `did you mean ${candidates.slice(0, 3).join(' or ')}? Set ${at.field} to it` : `set ${at.field} to module:object of your application (the module path is relative to the project folder, dots for folders)`,
      path: at.path,
    });
    return;
  }
  if (target.kind !== 'app') return;
  const file = moduleFile(target.module)!;
  const text = project.read(inContext(file)) ?? '';
  const name = target.attribute.replace(/\(.*$/, '');
  if (definesName(text, name)) return;
  const candidates = appCandidates(ctx).filter((c) => c.startsWith(`${target.module}:`));
  ctx.report({
    code: 'PYENV412',
    severity: 'warning',
    message: `${file} does not seem to define ${name} at its top level (read as text: no \`${name} =\`, \`def ${name}\` or import of it), so ${target.module}:${target.attribute} may fail at start`,
    hint: candidates.length ? `did you mean ${candidates.join(' or ')}?` : `check the object name after the colon in ${at.field}`,
    path: at.path,
  });
}

/** Where the target came from, for the diagnostic's position and hint. */
function where(ctx: PassContext): { field: string; path: (string | number)[] } {
  if (isUserSet(ctx, 'run.command')) return { field: 'run.command', path: ['run', 'command'] };
  if (isUserSet(ctx, 'run.app')) return { field: 'run.app', path: ['run', 'app'] };
  const field = ctx.manifest.preset && ['flask', 'fastapi', 'django'].includes(ctx.manifest.preset) ? 'run.app' : 'run.command';
  return { field, path: ctx.manifest.preset ? ['preset'] : [] };
}

/** Import folders relative to the workdir: the workdir, folders the command names, PYTHONPATH entries below the workdir, src/ of an installed src layout, the local packages of a uv lock. */
function importRoots(ctx: PassContext, fromCommand: string[], finalize: FinalizePlan, dependencies: DependenciesPlan, inContext: (file: string) => string): string[] {
  const workdir = ctx.manifest.project.workdir.replace(/\/+$/, '');
  const roots = [''];
  const under = (p: string) => {
    const rel = p.startsWith('/') ? (p === workdir ? '' : p.startsWith(`${workdir}/`) ? p.slice(workdir.length + 1) : undefined) : normalizeRelative(p);
    if (rel !== undefined && rel !== '.' && !roots.includes(rel.replace(/\/$/, ''))) roots.push(rel.replace(/\/$/, ''));
  };
  fromCommand.forEach(under);
  // The runtime PYTHONPATH: the manifest's, or the one finalize adds for a src layout (src-layout.ts).
  (finalize.env.find(([k]) => k === 'PYTHONPATH')?.[1] ?? '').split(':').filter(Boolean).forEach(under);
  if (ctx.manifest.project.install) under('src');
  // uv installs every workspace member and path source of its lock into the environment (uv-workspace.ts).
  if (dependencies.manager === 'uv') for (const local of ctx.project.uvLock(inContext('uv.lock'))?.local ?? []) for (const p of [local.path, `${local.path}/src`]) under(p);
  return roots;
}

/** Normalised names of the project's declared dependencies (requirements tree, pyproject, Pipfile). */
function dependencyNames(ctx: PassContext, dependencies: DependenciesPlan): Set<string> {
  const { manifest, project } = ctx;
  const names: string[] = [];
  if (dependencies.manager === 'pip' && !manifest.dependencies.pip?.pyproject) {
    names.push(...project.requirements((manifest.dependencies.pip?.requirements ?? ['requirements.txt']).map((path) => ({ path, at: [] }))).names);
  }
  if (dependencies.manager === 'conda') names.push(...project.condaNames(manifest.dependencies.conda?.file ?? (project.has('environment.yaml') && !project.has('environment.yml') ? 'environment.yaml' : 'environment.yml')));
  names.push(...project.projectRequirements().map((r) => r.name), ...(project.pipfile()?.names ?? []));
  return new Set(names.map((n) => n.toLowerCase().replace(/[-_.]+/g, '-')));
}

/** Application targets the project's files suggest, for did-you-mean. */
function appCandidates(ctx: PassContext): string[] {
  const { project, manifest } = ctx;
  if (manifest.preset === 'django') {
    const django = findDjangoProject(project);
    return django ? [django.app] : [];
  }
  const out: string[] = [];
  for (const framework of manifest.preset === 'fastapi' ? (['fastapi'] as const) : (['flask', 'fastapi'] as const)) {
    const found = findWebApp(project, framework);
    if (found) out.push(found.app, ...found.alternatives);
  }
  return [...new Set(out)];
}

/** True when module text binds `name` at its top level: assignment, def/class, or an import of it. */
function definesName(text: string, name: string): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:${n}\\s*(?::[^=\\n]+)?=|(?:async\\s+)?def\\s+${n}\\b|class\\s+${n}\\b|from\\s+\\S+\\s+import\\s+.*\\b${n}\\b|import\\s+.*\\bas\\s+${n}\\b|${n}\\s*,|.*,\\s*${n}\\s*=)`, 'm').test(text) ||
    new RegExp(`^from\\s+\\S+\\s+import\\s*\\([^)]*\\b${n}\\b`, 'ms').test(text) || /^from\s+\S+\s+import\s+\*/m.test(text) || /^(?:globals\(\)|__getattr__|def __getattr__)/m.test(text);
}
