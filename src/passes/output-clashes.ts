import { ALTERNATIVE_NAMES, COMPOSE_FILE_DEFAULT, DOCKERFILE_DEFAULT, DOCKERIGNORE_DEFAULT, ENTRYPOINT_DEFAULT, WELL_KNOWN_DEPENDENCY_FILES } from '../catalog/docker-file-names.js';
import type { DependenciesPlan, FinalizePlan } from '../plan/types.js';
import { isUserSet, type PassContext } from './context.js';

/** A project path with a role of its own; `below` also claims every path inside it (a copied folder). */
interface Claim {
  path: string;
  role: string;
  below?: boolean;
  /** Where the manifest names this path, to point at when the output path is a default nobody wrote. */
  at?: (string | number)[];
}

/** The four generated files: manifest field, what the file is, its default name and the name to suggest instead. */
const OUTPUTS = [
  { key: 'dockerfile', field: ['output', 'dockerfile'], what: 'the generated Dockerfile', fallback: [DOCKERFILE_DEFAULT, ALTERNATIVE_NAMES.dockerfile.replace('{n}', '')] },
  { key: 'dockerignore', field: ['output', 'dockerignore'], what: 'the generated .dockerignore', fallback: [DOCKERIGNORE_DEFAULT, `${ALTERNATIVE_NAMES.dockerfile.replace('{n}', '')}.dockerignore`] },
  { key: 'entrypoint', field: ['output', 'entrypoint'], what: 'the generated entrypoint script', fallback: [ENTRYPOINT_DEFAULT, ALTERNATIVE_NAMES.entrypoint.replace('{n}', '')] },
  { key: 'compose', field: ['compose', 'file'], what: 'the generated compose file', fallback: [COMPOSE_FILE_DEFAULT, ALTERNATIVE_NAMES.compose.replace('{n}', '')] },
] as const;

/**
 * Refuses (PYENV506, with or without --force) a generated file's path that belongs to an input:
 * the manifest itself, a dependency file (the ones the plan copies, and the well-known names at the
 * root), the tool lock, a path `project.copy` names (or a file inside a copied folder), the module of `run.app` or
 * a `.py` script `run.command` runs, or anything inside `.git/`. Writing there would replace the
 * user's file with generated text. Paths are compared after normalisation, relative to the manifest.
 */
export function checkOutputClashes(ctx: PassContext, manifestFile: string, dependencies: DependenciesPlan, finalize: FinalizePlan): void {
  const inContext = (p: string) => (finalize.context === '.' ? p : p === '.' ? finalize.context : `${finalize.context}/${p}`);
  const claims: Claim[] = [{ path: manifestFile, role: 'the manifest itself' }];
  const manager = Object.keys(ctx.manifest.dependencies).find((k) => (ctx.manifest.dependencies as Record<string, unknown>)[k] !== undefined);
  for (const file of dependencies.files) claims.push({ path: inContext(file), role: `a dependency file of dependencies.${manager}` });
  if (dependencies.toolLock) claims.push({ path: inContext(dependencies.toolLock.source), role: `the tool lock of dependencies.${manager}.tool_lock`, at: ['dependencies', dependencies.toolLock.tool, 'tool_lock'] });
  for (const name of WELL_KNOWN_DEPENDENCY_FILES) claims.push({ path: inContext(name), role: `a dependency file (${name})` }, { path: name, role: `a dependency file (${name})` });
  if (ctx.manifest.project.copy) {
    finalize.copy.forEach((c, i) => {
      if (c.source !== '.') claims.push({ path: inContext(c.source.replace(/\/+$/, '')), role: `a path the Dockerfile copies (project.copy[${i}])`, below: true, at: ['project', 'copy', i] });
    });
  }
  for (const path of runTargets(ctx.manifest.run)) claims.push({ path: inContext(path), role: ctx.manifest.run.app ? 'the module run.app names' : 'the script run.command runs' });
  for (const output of OUTPUTS) {
    const path = finalize.outputs[output.key];
    const name = output.field.join('.');
    const hint = `change ${name} to a path of its own, such as "${output.fallback.find((f) => f !== path)}"`;
    if (path.split('/').includes('.git')) {
      ctx.report({ code: 'PYENV506', message: `${name} "${path}" is ${output.what} and lies inside .git/, Git's own data: writing there could corrupt the repository`, hint, path: [...output.field] });
      continue;
    }
    const claim = claims.find((c) => c.path === path || (c.below && path.startsWith(`${c.path}/`)));
    if (!claim) continue;
    ctx.report({
      code: 'PYENV506',
      message: claim.path === path
        ? `${name} "${path}" is ${output.what} and also ${claim.role}: writing it would replace that file with generated text`
        : `${name} "${path}" is ${output.what} and lies inside "${claim.path}", ${claim.role}: writing it would replace or add to the code copied into the image`,
      hint: `${hint}; --force does not change this`,
      path: isUserSet(ctx, name) || !claim.at ? [...output.field] : claim.at,
    });
  }
}

/** Context-relative Python files the run target names: `a.b:app` → a/b.py and a/b/__init__.py; `.py` words of run.command. */
function runTargets(run: { app?: string; command?: string[] | string }): string[] {
  if (run.app) {
    const module = run.app.split(':')[0]!.replace(/\./g, '/');
    return module ? [`${module}.py`, `${module}/__init__.py`] : [];
  }
  const words = typeof run.command === 'string' ? run.command.split(/\s+/) : (run.command ?? []);
  return words.filter((w) => /^[^-=$][^=$]*\.py$/.test(w)).map((w) => w.replace(/^\.\//, ''));
}
