import { ENTRYPOINT_PATH } from '../catalog/images.js';
import { normalizeRelative, relativeToContext } from '../manifest/paths.js';
import type { DependenciesPlan, EntrypointPlan, PortsPlan, ShellPlan } from '../plan/types.js';
import { isUserSet, type PassContext } from './context.js';
import { isLoopbackHost, serverListen } from './server-binding.js';

/**
 * Resolves ENTRYPOINT and CMD, both in exec form so signals reach the process
 * (https://docs.docker.com/reference/dockerfile/#shell-and-exec-form). With run.init, an init (tini, or
 * dumb-init from the environment: shell.init) is PID 1 and forwards signals and reaps zombies
 * (https://github.com/krallin/tini, https://github.com/Yelp/dumb-init); the entrypoint script ends
 * with `exec "$@"` so the command replaces it. A string command runs as `/bin/sh -c "exec <string>"`:
 * the shell expands variables and then replaces itself (case C16). A conda image's activation wrapper
 * comes before the entrypoint script, so the script and the command start activated (issue 12 item 12).
 */
export function resolveEntrypoint(ctx: PassContext, shell: ShellPlan, ports: PortsPlan, dependencies: Pick<DependenciesPlan, 'activationWrapper'>): EntrypointPlan {
  const { manifest } = ctx;
  const command = resolveCommand(ctx, ports);
  if (ports.primary !== undefined && isUserSet(ctx, 'run.command')) checkBinding(ctx, command, ports);
  const plan: EntrypointPlan = {
    scriptPath: ENTRYPOINT_PATH,
    sourcePath: contextRelative(manifest.output.entrypoint, manifest.project.context),
    entrypoint: [...(shell.init?.argv ?? []), ...(dependencies.activationWrapper ? [dependencies.activationWrapper] : []), ENTRYPOINT_PATH],
    command,
    startup: [...manifest.run.startup],
  };
  if (manifest.preset === 'jupyter') plan.jupyter = { interface: manifest.jupyter.interface, auth: manifest.jupyter.auth, rootDir: manifest.jupyter.root_dir };
  return plan;
}

function resolveCommand(ctx: PassContext, ports: PortsPlan): string[] {
  const { manifest } = ctx;
  const given = manifest.run.command;
  if (typeof given === 'string') return shellCommand(ctx, given);
  if (Array.isArray(given)) return [...given];
  const port = String(ports.primary ?? 8000);
  const app = manifest.run.app;
  switch (manifest.preset) {
    case 'jupyter':
      // These aliases are understood by Notebook 6 (NotebookApp) and Jupyter Server 1.x/2.x (ServerApp:
      // checked against notebook 6.4.12, jupyter-server 1.23.3 and 2.14 aliases), so the same image works
      // whichever Jupyter the requirements pull in; no legacy NotebookApp.* option is used (case C06).
      // One source of truth for the port (issue 11 item 10): the server listens where EXPOSE, the
      // healthcheck and compose point, i.e. the primary port (run.ports when written, else jupyter.port).
      return ['jupyter', manifest.jupyter.interface, '--ip=0.0.0.0', `--port=${ports.primary ?? manifest.jupyter.port}`, '--no-browser', `--notebook-dir=${manifest.jupyter.root_dir}`];
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
 * A string command runs with /bin/sh -c. A simple command gets `exec` so the shell replaces itself
 * and the program receives SIGTERM (case C16). A shell list (`a && b`, `a; b`, `a | b`, `a &`) would
 * change meaning with `exec` in front, so it is kept as written and a warning says that the shell
 * stays in front of the program.
 */
function shellCommand(ctx: PassContext, given: string): string[] {
  const text = given.trim();
  if (/^exec\s/.test(text)) return ['/bin/sh', '-c', text];
  // `exec NAME=value prog` would try to run a program called "NAME=value" (exit 127): leading
  // assignments go through env(1), which sets them and then replaces itself with the program.
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text) && !hasShellOperator(text)) return ['/bin/sh', '-c', `exec env ${text}`];
  if (!hasShellOperator(text)) return ['/bin/sh', '-c', `exec ${text}`];
  ctx.report({
    code: 'PYENV407',
    severity: 'warning',
    message: 'run.command is a shell list (&&, ;, | or &): the shell stays between the init and your program, so SIGTERM may not reach it and `docker stop` can wait the full grace period',
    hint: 'put the steps in a script that ends with `exec <program>`, and set run.command to run that script',
    path: ['run', 'command'],
  });
  return ['/bin/sh', '-c', text];
}

/** True when the text has a shell control operator outside quotes (command substitution aside). */
function hasShellOperator(text: string): boolean {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && quote !== "'") {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === ';' || c === '&' || c === '|') return true;
  }
  return false;
}

/**
 * C35: a server bound to loopback inside the container is unreachable through a published port,
 * and one listening on another port than the published one looks healthy from inside while nothing
 * answers outside. Known servers' defaults are in server-binding.ts; any other command is only
 * checked for an explicit loopback address.
 */
function checkBinding(ctx: PassContext, command: string[], ports: PortsPlan): void {
  const port = ports.primary!;
  const words = command.length === 3 && command[0] === '/bin/sh' ? command[2]!.split(/\s+/) : command;
  const path = ['run', 'command'];
  const listen = serverListen(words);
  if (listen?.host !== undefined && isLoopbackHost(listen.host)) {
    const hint = `add ${listen.flag.replace('PORT', String(listen.port && ports.container.includes(listen.port) ? listen.port : port))} to the command; compose.publish decides who can connect from the host`;
    ctx.report(
      listen.defaulted
        ? { code: 'PYENV405', message: `run.command starts ${listen.server} without a listen address, so it listens on ${listen.host} only and the published port ${port} cannot reach it`, hint, path }
        : { code: 'PYENV404', message: `run.command makes ${listen.server} listen on ${listen.host}, a loopback address, so the published port ${port} cannot reach it`, hint, path },
    );
    return;
  }
  const loopback = listen ? undefined : words.find((w) => /(^|[=:\s])(127\.0\.0\.1|localhost|\[::1\])(:|$)/.test(w));
  if (loopback) {
    ctx.report({ code: 'PYENV404', message: `run.command binds "${loopback}", a loopback address, so the published port ${port} cannot reach it`, hint: `bind all interfaces inside the container, e.g. ${loopback.replace(/127\.0\.0\.1|localhost|\[::1\]/, '0.0.0.0')}; compose.publish decides who can connect from the host`, path });
    return;
  }
  if (listen?.port !== undefined && Number.isInteger(listen.port) && !ports.container.includes(listen.port)) {
    ctx.report({
      code: 'PYENV406',
      severity: 'warning',
      message: `run.command makes ${listen.server} listen on port ${listen.port}, but run.ports publishes ${ports.container.join(', ')}`,
      hint: `make them agree: listen on ${port}, or set run.ports: [${listen.port}]`,
      path,
    });
  }
}

/** The script's path relative to the build context, as COPY needs it. */
function contextRelative(path: string, context: string): string {
  const normal = normalizeRelative(path) ?? path;
  return relativeToContext(normal, normalizeRelative(context) ?? '.') ?? normal;
}
