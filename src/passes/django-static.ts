import { posix } from 'node:path';
import { buildOnlyValue, SET_BY_THE_IMAGE } from '../catalog/build-only-env.js';
import { normalizeRelative } from '../manifest/paths.js';
import { readDjangoSettings, type DjangoSettings } from '../project/django-settings.js';
import { djangoSettingsModule, findDjangoProject } from '../project/entry-points.js';
import { ProjectFacts } from '../project/read-project.js';
import { isUserSet, type PassContext } from './context.js';

/**
 * Django's collectstatic, non-interactive (https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#collectstatic):
 * copies every app's static files to STATIC_ROOT, so the image carries them.
 */
export const COLLECTSTATIC = 'python manage.py collectstatic --noinput';

/**
 * The settings `python manage.py collectstatic` imports in the image, read from the build context:
 * the module DJANGO_SETTINGS_MODULE names in the manifest's env (it is in the image's ENV at build
 * time, and manage.py's `os.environ.setdefault` keeps it), else manage.py's default, else the
 * `<project>.settings` of the first `<project>/wsgi.py`. Undefined without manage.py or a settings file.
 */
export function collectstaticSettings(ctx: PassContext): DjangoSettings | undefined {
  const context = normalizeRelative(ctx.manifest.project.context) ?? '.';
  const project = context === '.' ? ctx.project : new ProjectFacts((p) => ctx.readFile(posix.join(context, p)), ctx.project.files?.filter((f) => f.startsWith(`${context}/`)).map((f) => f.slice(context.length + 1)));
  if (!project.has('manage.py')) return undefined;
  const module = ctx.manifest.env.DJANGO_SETTINGS_MODULE ?? djangoSettingsModule(project.read('manage.py')) ?? findDjangoProject(project)?.app.replace(/\.wsgi:.*$/, '.settings');
  return module ? readDjangoSettings(project, module) : undefined;
}

/**
 * The throwaway environment of the collectstatic step (the third stranger trial, F3): the variables
 * the settings read with no default and that the import cannot do without (see EnvironmentRead), minus
 * those the image already has at build time (the manifest's env and build.args, pyenvc's own ENV).
 * Values come from src/catalog/build-only-env.ts; they are set for that one RUN, so they never reach
 * the image's ENV, and a note (PYENV418) names each variable at the line that reads it. Sorted by name.
 */
export function collectstaticEnvironment(ctx: PassContext): [string, string][] {
  const { manifest } = ctx;
  if (manifest.preset !== 'django' || !manifest.django.collectstatic) return [];
  const settings = collectstaticSettings(ctx);
  const given = new Set([...Object.keys(manifest.env), ...Object.keys(manifest.build.args), ...SET_BY_THE_IMAGE]);
  const reads = (settings?.environment ?? []).filter((r) => r.required && !given.has(r.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (reads.length === 0) return [];
  const context = normalizeRelative(manifest.project.context) ?? '.';
  const where = (file: string) => (context === '.' ? file : posix.join(context, file));
  ctx.report({
    code: 'PYENV418',
    severity: 'note',
    message: `django.collectstatic: your settings read ${reads.map((r) => `${r.name} (${where(r.at.file)}:${r.at.line})`).join(', ')} from the environment with no default, so the collectstatic step gets ${reads.length === 1 ? 'a throwaway value for it' : 'throwaway values for them'}, at build time only`,
    hint: `the image keeps no build-only value: give the real ${reads.length === 1 ? 'one' : 'ones'} when the container runs (compose.env_file, docker run --env-file, or a NAME_FILE secret in /run/secrets)`,
    path: isUserSet(ctx, 'django.collectstatic') ? ['django', 'collectstatic'] : ['preset'],
  });
  return reads.map((r) => [r.name, buildOnlyValue(r.name, r.cast)]);
}

/** The collectstatic command with its throwaway variables in front (values from the catalog: no shell quoting needed). */
export function collectstaticCommand(environment: readonly [string, string][]): string {
  return [...environment.map(([k, v]) => `${k}=${v}`), COLLECTSTATIC].join(' ');
}

/**
 * Checks what `django.collectstatic: true` needs before the build runs it (issue 11 item 4):
 * manage.py at the root of the build context (the step runs `python manage.py collectstatic` in the
 * workdir, where the context is copied) — an error, PYENV413, when it is missing; and a STATIC_ROOT
 * in the settings module or a module it imports, without which Django refuses with ImproperlyConfigured
 * ("You're using the staticfiles app without having set the STATIC_ROOT setting",
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
  const settings = collectstaticSettings(ctx);
  if (!settings || settings.staticRoot) return;
  const files = settings.files.map(inContext);
  ctx.report({
    code: 'PYENV414',
    severity: 'warning',
    message: `django.collectstatic is on, and ${files.join(', ')} ${files.length === 1 ? 'sets' : 'set'} no STATIC_ROOT: collectstatic stops the build with ImproperlyConfigured`,
    hint: "add `STATIC_ROOT = BASE_DIR / 'staticfiles'` to your settings (and serve it with WhiteNoise or a proxy)",
    path: isUserSet(ctx, 'django.collectstatic') ? ['django', 'collectstatic'] : ['preset'],
  });
}
