import { posix } from 'node:path';
import { procfileTarget } from '../project/entry-points.js';
import type { FinalizePlan } from '../plan/types.js';
import type { PassContext } from './context.js';

/** A run target that lives under the build context's src/ folder, and the PYTHONPATH entry it needs. */
export interface SrcLayoutPath {
  /** `<workdir>/src`. */
  value: string;
  /** The import name the command starts (`shop.api`). */
  module: string;
  /** The module's file, relative to the manifest's folder (`src/shop/api.py`). */
  file: string;
}

/**
 * The `PYTHONPATH` a src layout needs at run time, when nothing else puts `src/` on `sys.path`.
 * Python finds modules on `sys.path`, which holds the working directory for `python -m`, gunicorn
 * and uvicorn, but never its `src/` subfolder: a src layout is importable only once installed
 * (https://packaging.python.org/en/latest/discussions/src-layout-vs-flat-layout/), and otherwise
 * fails with ModuleNotFoundError (issue 12, item 11). `PYTHONPATH` entries come before
 * site-packages (https://docs.python.org/3/using/cmdline.html#envvar-PYTHONPATH), so the entry is
 * also added when the project is installed but compose bind-mounts over `<workdir>/src`: without
 * it the installed copy would shadow the mounted code. Returns undefined when the manifest sets
 * `env.PYTHONPATH`, when the target is not found under `src/` (and not beside it), or when the copy
 * does not place `src/` at `<workdir>/src`. The run target is `run.app`'s module, a server's
 * `module:object` argument (gunicorn, uvicorn, hypercorn, waitress) or `python -m MODULE`; the file
 * is found by name only (architecture rule 2: no code is imported). `projectRoot` is the folder of
 * the project's code inside the context (a uv workspace member built with `dependencies.uv.package`):
 * its `src/`, or the folder itself for a flat member, is what goes on the path.
 */
export function srcLayoutPath(ctx: PassContext, command: readonly string[], plan: Pick<FinalizePlan, 'context' | 'workdir' | 'copy' | 'compose'>, installed: boolean, projectRoot = '.'): SrcLayoutPath | undefined {
  if (ctx.manifest.env.PYTHONPATH !== undefined) return undefined;
  const code = posix.join(plan.workdir, projectRoot);
  const src = posix.join(code, 'src');
  const mounted = plan.compose.volumes.some((v) => [src, code].includes(v.target.replace(/\/+$/, '')) && v.target !== plan.workdir);
  if (installed && !mounted) return undefined;
  const copied = plan.copy.some((c) => c.source === '.' && c.target === '.') || (projectRoot === '.' && plan.copy.some((c) => ['src', 'src/'].includes(c.source) && c.source === c.target));
  if (!copied) return undefined;
  const prefix = plan.context === '.' ? '' : `${plan.context}/`;
  const at = (folder: string, base: string) => [`${base}.py`, `${base}/__init__.py`, `${base.split('/')[0]}/__init__.py`].map((f) => `${prefix}${folder === '.' ? '' : `${folder}/`}${f}`).find((f) => ctx.project.has(f));
  for (const module of targetModules(ctx, command)) {
    const base = module.replace(/\./g, '/');
    const beside = at(projectRoot, base);
    // Beside the workdir it is importable already; beside a workspace member's folder it needs that folder.
    if (beside) return projectRoot === '.' ? undefined : { value: code, module, file: beside };
    const file = at(posix.join(projectRoot, 'src'), base);
    if (file) return { value: src, module, file };
  }
  return undefined;
}

/** Import names the command starts, most specific first. */
function targetModules(ctx: PassContext, command: readonly string[]): string[] {
  const words = command.length === 3 && command[0] === '/bin/sh' ? command[2]!.split(/\s+/) : [...command];
  const modules: string[] = [];
  const app = ctx.manifest.run.command === undefined ? ctx.manifest.run.app : undefined;
  if (app) modules.push(app.split(':')[0]!);
  const served = procfileTarget(words.join(' '));
  if (served) modules.push(served.split(':')[0]!);
  const m = words.findIndex((w, i) => w === '-m' && i > 0 && /(^|\/)python[0-9.]*$/.test(words[i - 1]!));
  if (m >= 0 && words[m + 1]) modules.push(words[m + 1]!);
  return [...new Set(modules.filter((x) => /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(x)))];
}
