import { posix } from 'node:path';
import { normalizeRelative } from '../manifest/paths.js';
import { djangoSettingsModule, findDjangoProject } from '../project/entry-points.js';
import { isUserSet, type PassContext } from './context.js';

/**
 * Checks what `django.collectstatic: true` needs before the build runs it (issue 11 item 4):
 * manage.py at the root of the build context (the step runs `python manage.py collectstatic` in the
 * workdir, where the context is copied) — an error, PYENV413, when it is missing; and a STATIC_ROOT
 * in the settings module, without which Django refuses with ImproperlyConfigured ("You're using the
 * staticfiles app without having set the STATIC_ROOT setting",
 * https://docs.djangoproject.com/en/stable/ref/settings/#static-root) — a warning, PYENV414, because
 * settings may be split or computed in ways a text reader cannot follow.
 */
export function checkCollectstatic(ctx: PassContext): void {
  const { manifest, project } = ctx;
  if (manifest.preset !== 'django' || !manifest.django.collectstatic) return;
  const context = normalizeRelative(manifest.project.context) ?? '.';
  const inContext = (file: string) => (context === '.' ? file : posix.join(context, file));
  if (!project.has(inContext('manage.py'))) {
    ctx.report({
      code: 'PYENV413',
      message: `django.collectstatic runs \`python manage.py collectstatic\` in the workdir, but there is no manage.py at the root of the build context${context === '.' ? '' : ` (${context}/)`}`,
      hint: 'point project.context at the folder that holds manage.py, or turn django.collectstatic off and write the command in build.after_copy',
      path: ['django', 'collectstatic'],
    });
    return;
  }
  if (context !== '.') return;
  const settingsModule = djangoSettingsModule(project.read('manage.py')) ?? findDjangoProject(project)?.app.replace(/\.wsgi:.*$/, '.settings');
  if (!settingsModule) return;
  const base = settingsModule.replace(/\./g, '/');
  const files = [`${base}.py`, `${base}/__init__.py`, `${base}/base.py`, `${base}/production.py`].filter((f) => project.has(f));
  if (files.length === 0 || files.some((f) => /^\s*STATIC_ROOT\s*=/m.test(project.read(f) ?? ''))) return;
  ctx.report({
    code: 'PYENV414',
    severity: 'warning',
    message: `django.collectstatic is on, and ${files.join(', ')} ${files.length === 1 ? 'sets' : 'set'} no STATIC_ROOT: collectstatic stops the build with ImproperlyConfigured`,
    hint: "add `STATIC_ROOT = BASE_DIR / 'staticfiles'` to your settings (and serve it with WhiteNoise or a proxy)",
    path: isUserSet(ctx, 'django.collectstatic') ? ['django', 'collectstatic'] : ['preset'],
  });
}
