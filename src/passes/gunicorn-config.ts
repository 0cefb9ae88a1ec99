import { posix } from 'node:path';
import { normalizeRelative } from '../manifest/paths.js';
import type { EntrypointPlan } from '../plan/types.js';
import { commandWords } from './command-words.js';
import type { PassContext } from './context.js';

/**
 * gunicorn reads `./gunicorn.conf.py` from its working directory when no `-c` is given
 * (https://docs.gunicorn.org/en/stable/configure.html#configuration-file), so a project's config
 * file — written for a VM, with `daemon = True`, a unix-socket `bind` or settings read from the
 * environment — silently changes how the container's server runs (the stranger trial:
 * hackersandslackers/flask-blueprint-tutorial). A warning, PYENV417, names the file; passing
 * `-c /dev/null` or deleting the settings that do not fit a container is the user's choice.
 */
export function checkGunicornConfig(ctx: PassContext, entrypoint: EntrypointPlan): void {
  const { words } = commandWords(entrypoint.command);
  const at = words.findIndex((w) => /(^|\/)gunicorn$/.test(w));
  if (at < 0 || words.slice(at + 1).some((w) => /^(-c|--config)(=|$)/.test(w))) return;
  const context = normalizeRelative(ctx.manifest.project.context) ?? '.';
  const file = context === '.' ? 'gunicorn.conf.py' : posix.join(context, 'gunicorn.conf.py');
  const copy = ctx.manifest.project.copy;
  if (copy && !copy.some((c) => typeof c === 'string' && ['.', './', 'gunicorn.conf.py'].includes(c))) return;
  const text = ctx.project.read(file);
  if (text === undefined) return;
  const settings = ['daemon', 'bind', 'workers', 'pidfile', 'accesslog', 'errorlog'].filter((s) => new RegExp(`^${s}\\s*=`, 'm').test(text));
  ctx.report({
    code: 'PYENV417',
    severity: 'warning',
    message: `${file} is copied into the workdir, where gunicorn reads it by itself${settings.length ? ` (it sets ${settings.join(', ')})` : ''}: its settings apply in the container, and \`daemon = True\` or a unix-socket bind there stops the container from serving`,
    hint: 'check that its settings suit a container (foreground, bind 0.0.0.0:PORT), or add ["-c", "/dev/null"] to run.command to ignore it',
    path: ctx.manifest.preset ? ['preset'] : ['run'],
  });
}
