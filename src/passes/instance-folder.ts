import { posix } from 'node:path';
import { normalizeRelative } from '../manifest/paths.js';
import type { EntrypointPlan, FinalizePlan } from '../plan/types.js';
import { flaskInstanceUse } from '../project/app-writes.js';
import { isUserSet, type PassContext } from './context.js';
import { runTargetOf } from './run-target.js';

/**
 * The entry module writes below the read-only code (the third stranger trial, F2): a Flask app that
 * uses its instance folder (`instance_relative_config=True`, `os.makedirs(app.instance_path)`;
 * src/project/app-writes.ts) while that folder is not in project.writable. Flask puts the folder
 * beside the application's top-level package when the package is not installed
 * (flask/sansio/app.py auto_find_instance_path: `<folder on sys.path>/instance`), and in
 * `<environment>/var/<name>-instance` when it is installed. The code is root's and read-only to the
 * app user (src/passes/writable-folders.ts), so pallets/flask's tutorial exited at start with
 * `PermissionError: [Errno 13] Permission denied: '/app/instance'`. A warning, PYENV419, with the line
 * to add: the module may guard the write, which a text reader cannot see. Only the module the
 * command serves (run.app or the server target of run.command) is read.
 */
export function checkInstanceFolder(ctx: PassContext, entrypoint: EntrypointPlan, finalize: FinalizePlan, environment: string): void {
  const { manifest, project } = ctx;
  const target = runTargetOf(entrypoint.command);
  if (target?.kind !== 'app' || (manifest.project.copy ?? []).some((c) => typeof c !== 'string')) return;
  const context = normalizeRelative(manifest.project.context) ?? '.';
  const inContext = (file: string) => (context === '.' ? file : posix.join(context, file));
  const workdir = manifest.project.workdir.replace(/\/+$/, '');
  // Where Python imports the module from: the workdir (gunicorn puts its working directory first on
  // sys.path), then the PYTHONPATH entries below the workdir; src/ is the installed copy's source.
  const pythonPath = (finalize.env.find(([k]) => k === 'PYTHONPATH')?.[1] ?? '').split(':').filter((p) => p.startsWith(`${workdir}/`)).map((p) => p.slice(workdir.length + 1).replace(/\/+$/, ''));
  const base = target.module.replace(/\./g, '/');
  const top = target.module.split('.')[0]!;
  const find = (root: string) => [`${base}.py`, `${base}/__init__.py`].map((f) => (root ? `${root}/${f}` : f)).find((f) => project.has(inContext(f)));
  const root = ['', ...pythonPath].find((r) => find(r) !== undefined);
  const installed = root === undefined && manifest.project.install && find('src') !== undefined;
  const file = root !== undefined ? find(root) : installed ? find('src') : undefined;
  if (!file) return;
  const use = flaskInstanceUse(project.read(inContext(file)) ?? '', file);
  if (!use) return;
  const at = isUserSet(ctx, 'project.writable') ? ['project', 'writable'] : isUserSet(ctx, 'run.app') ? ['run', 'app'] : isUserSet(ctx, 'run.command') ? ['run', 'command'] : manifest.preset ? ['preset'] : [];
  const where = `${inContext(file)}:${use.at.line}`;
  if (installed) {
    ctx.report({
      code: 'PYENV419',
      severity: 'warning',
      message: `${where} uses Flask's instance folder (${use.how}), and the project is installed, so Flask puts it in ${environment}/var/${top}-instance, which the app user cannot write`,
      hint: `pass instance_path="${workdir}/instance" to Flask(...) and add \`project: { writable: [instance] }\``,
      path: at,
    });
    return;
  }
  const folder = root ? `${root}/instance` : 'instance';
  const writable = manifest.project.writable.map((w) => posix.normalize(w).replace(/\/+$/, ''));
  if (writable.some((w) => folder === w || folder.startsWith(`${w}/`))) return;
  ctx.report({
    code: 'PYENV419',
    severity: 'warning',
    message: `${where} uses Flask's instance folder (${use.how}), ${workdir}/${folder}, which the app user cannot create or write: the code is root's and read-only to it, so the app stops with PermissionError when it writes there`,
    hint: `add \`project: { writable: [${folder}] }\` (a folder of its own, owned by the app user; the rest of the code stays read-only)`,
    path: at,
  });
}
