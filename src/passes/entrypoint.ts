import { ENTRYPOINT_PATH } from '../catalog/images.js';
import { normalizeRelative, relativeToContext } from '../manifest/paths.js';
import type { EntrypointPlan, PortsPlan, ShellPlan } from '../plan/types.js';
import { isUserSet, type PassContext } from './context.js';

/**
 * Resolves ENTRYPOINT and CMD, both in exec form so signals reach the process
 * (https://docs.docker.com/reference/dockerfile/#shell-and-exec-form). With run.init, tini is PID 1
 * and forwards signals and reaps zombies (https://github.com/krallin/tini); the entrypoint script ends
 * with `exec "$@"` so the command replaces it. A string command runs as `/bin/sh -c "exec <string>"`:
 * the shell expands variables and then replaces itself (case C16).
 */
export function resolveEntrypoint(ctx: PassContext, shell: ShellPlan, ports: PortsPlan): EntrypointPlan {
  const { manifest } = ctx;
  const command = resolveCommand(ctx, ports);
  if (ports.primary !== undefined && isUserSet(ctx, 'run.command')) checkBinding(ctx, command, ports.primary);
  const plan: EntrypointPlan = {
    scriptPath: ENTRYPOINT_PATH,
    sourcePath: contextRelative(manifest.output.entrypoint, manifest.project.context),
    entrypoint: shell.tini ? ['tini', '--', ENTRYPOINT_PATH] : [ENTRYPOINT_PATH],
    command,
  };
  if (manifest.preset === 'jupyter') plan.jupyter = { interface: manifest.jupyter.interface, auth: manifest.jupyter.auth, rootDir: manifest.jupyter.root_dir };
  return plan;
}

function resolveCommand(ctx: PassContext, ports: PortsPlan): string[] {
  const { manifest } = ctx;
  const given = manifest.run.command;
  if (typeof given === 'string') return ['/bin/sh', '-c', /^exec\s/.test(given) ? given : `exec ${given}`];
  if (Array.isArray(given)) return [...given];
  const port = String(ports.primary ?? 8000);
  const app = manifest.run.app;
  switch (manifest.preset) {
    case 'jupyter':
      // These aliases are understood by Notebook 6 (NotebookApp) and Jupyter Server 1.x/2.x (ServerApp:
      // checked against notebook 6.4.12, jupyter-server 1.23.3 and 2.14 aliases), so the same image works
      // whichever Jupyter the requirements pull in; no legacy NotebookApp.* option is used (case C06).
      return ['jupyter', manifest.jupyter.interface, '--ip=0.0.0.0', `--port=${manifest.jupyter.port}`, '--no-browser', `--notebook-dir=${manifest.jupyter.root_dir}`];
    case 'flask':
    case 'django':
      if (!app) {
        ctx.report({ code: 'PYENV403', message: 'the django preset needs run.app, the WSGI object of your project', hint: 'add `run: { app: "mysite.wsgi:application" }` with your project package name', path: ['preset'] });
        return ['gunicorn'];
      }
      return ['gunicorn', '--bind', `0.0.0.0:${port}`, app];
    case 'fastapi':
      return ['uvicorn', app ?? 'main:app', '--host', '0.0.0.0', '--port', port];
    case 'streamlit':
      return ['streamlit', 'run', 'app.py', '--server.address=0.0.0.0', `--server.port=${port}`, '--server.headless=true'];
    case 'script':
      return ['python', 'main.py'];
    case 'worker':
    case undefined:
      ctx.report({
        code: 'PYENV401',
        message: manifest.preset === 'worker' ? 'the worker preset needs run.command, the process to run' : 'nothing to run: set a preset or run.command',
        hint: 'add `run: { command: ["python", "worker.py"] }` (a list runs without a shell)',
        path: manifest.preset ? ['preset'] : [],
        key: true,
      });
      return ['python'];
  }
}

/**
 * C35: a server bound to loopback inside the container is unreachable through a published port.
 * gunicorn binds 127.0.0.1:8000 unless told otherwise (https://docs.gunicorn.org/en/stable/settings.html#bind).
 */
function checkBinding(ctx: PassContext, command: string[], port: number): void {
  const words = command.length === 3 && command[0] === '/bin/sh' ? command[2]!.split(/\s+/) : command;
  const loopback = words.find((w) => /(^|[=:\s])(127\.0\.0\.1|localhost|\[::1\])(:|$)/.test(w));
  const path = ['run', 'command'];
  if (loopback) {
    ctx.report({ code: 'PYENV404', message: `run.command binds "${loopback}", a loopback address, so the published port ${port} cannot reach it`, hint: `bind all interfaces inside the container, e.g. ${loopback.replace(/127\.0\.0\.1|localhost|\[::1\]/, '0.0.0.0')}; compose.publish decides who can connect from the host`, path });
    return;
  }
  const gunicorn = words.findIndex((w) => /(^|\/)gunicorn$/.test(w));
  if (gunicorn >= 0 && !words.some((w) => /^(-b|--bind)(=|$)/.test(w))) {
    ctx.report({ code: 'PYENV405', message: 'run.command starts gunicorn without --bind, so it listens on 127.0.0.1:8000 only', hint: `add "--bind", "0.0.0.0:${port}" to the command`, path });
  }
}

/** The script's path relative to the build context, as COPY needs it. */
function contextRelative(path: string, context: string): string {
  const normal = normalizeRelative(path) ?? path;
  return relativeToContext(normal, normalizeRelative(context) ?? '.') ?? normal;
}
