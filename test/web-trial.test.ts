// The third stranger trial (/work/notes/trial-report.md), its Flask and Django failures, each as a rule:
// F6 the server a preset runs, F3 collectstatic's settings, F10 the settings module manage.py names,
// F2 the folders an app writes under its read-only code.
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serverPin, SERVER_PINS } from '../src/catalog/servers.js';
import { compile } from '../src/index.js';
import { detectProject } from '../src/init/detect.js';
import { renderInitManifest } from '../src/init/render.js';
import { flaskInstanceUse } from '../src/project/app-writes.js';
import { readDjangoSettings, type DjangoSettings } from '../src/project/django-settings.js';
import { ProjectFacts } from '../src/project/read-project.js';
import { readWithProgram } from './helpers/fixtures.js';

const init = (files: Record<string, string>, folder = 'demo') => detectProject(folder, Object.keys(files).sort(), (p) => files[p]);
const build = (manifest: string, files: Record<string, string>) => compile({ file: 'pyenv.yaml', text: `version: 1\nname: demo\n${manifest}`, readFile: readWithProgram(files) });
const dockerfileOf = (r: ReturnType<typeof build>) => r.artifacts.find((a) => a.path === 'Dockerfile')!.contents;
const codes = (r: ReturnType<typeof build>) => r.diagnostics.map((d) => `${d.severity} ${d.code}`);
/** The RUN instructions of the builder stage that run pip install, as Docker reads them. */
const pipRuns = (dockerfile: string) =>
  DockerfileParser.parse(dockerfile)
    .getInstructions()
    .filter((i) => i.getKeyword() === 'RUN' && /pip install/.test(i.getRawArgumentsContent() ?? ''))
    .map((i) => (i.getRawArgumentsContent() ?? '').replace(/\\\n\s*/g, ''));
/** init on a folder, then compile what it wrote, as a user would. */
const initThenCompile = (files: Record<string, string>) => {
  const plan = init(files);
  const manifest = renderInitManifest(plan);
  return { plan, manifest, result: compile({ file: 'pyenv.yaml', text: manifest, readFile: readWithProgram(files) }) };
};

const DJANGO = {
  'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")\nfrom django.core.management import execute_from_command_line\n',
  'example/__init__.py': '',
  'example/settings.py': 'SECRET_KEY = "x"\n',
  'example/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
};

describe('F6: the server a web preset runs, when the project does not list it (dependencies.pip.packages)', () => {
  it('the catalog pins each server per Python: the newest release that supports it', () => {
    expect(serverPin('gunicorn', '3.12')).toBe('gunicorn==26.1.0');
    expect(serverPin('gunicorn', '3.10.4')).toBe('gunicorn==26.1.0');
    expect(serverPin('gunicorn', '3.9')).toBe('gunicorn==23.0.0');
    expect(serverPin('uvicorn', '3.13')).toBe('uvicorn==0.51.0');
    expect(serverPin('uvicorn', '3.9')).toBe('uvicorn==0.39.0');
    expect(serverPin('uvicorn', '3.8')).toBeUndefined();
    for (const pins of Object.values(SERVER_PINS)) for (const p of pins) expect(p.requirement).toMatch(/^[a-z]+==\d+\.\d+\.\d+$/);
  });

  it('packages join the requirements run (so -c constraints apply), before dumb-init; no PYENV415 then', () => {
    const r = build('preset: django\ndependencies:\n  pip:\n    requirements: [requirements.txt]\n    constraints: constraints.txt\n    packages: ["gunicorn==20.1.0"]\nrun:\n  app: "example.wsgi:application"\n', { ...DJANGO, 'requirements.txt': 'Django==3.2.25\n', 'constraints.txt': 'sqlparse==0.4.2\n' });
    expect(r.ok).toBe(true);
    expect(pipRuns(dockerfileOf(r))).toEqual([expect.stringContaining("python -m pip install -r requirements.txt -c constraints.txt gunicorn==20.1.0 'dumb-init==1.2.5.*'")]);
    expect(codes(r)).not.toContain('warning PYENV415');
  });

  it('with pyproject: true they join the [project] dependencies run; without any dependency run they get their own, before the code', () => {
    const pyproject = '[project]\nname = "flaskr"\nversion = "1.0.0"\ndependencies = ["flask"]\n';
    const r = build('preset: flask\ndependencies:\n  pip:\n    pyproject: true\n    packages: ["gunicorn==20.1.0"]\n', { 'pyproject.toml': pyproject });
    expect(pipRuns(dockerfileOf(r)).some((run) => run.endsWith('python -m pip install flask gunicorn==20.1.0'))).toBe(true);
    expect(codes(r)).not.toContain('warning PYENV415');
    // setup.py only: the dependencies are installed with the project after the copy, the packages before it.
    const dynamic = dockerfileOf(build('preset: flask\ndependencies:\n  pip:\n    pyproject: true\n    packages: ["gunicorn==20.1.0"]\n', { 'setup.py': 'from setuptools import setup\nsetup(name="x", install_requires=["flask"])\n' }));
    const runs = pipRuns(dynamic);
    expect(runs.findIndex((run) => run.endsWith('python -m pip install gunicorn==20.1.0'))).toBeGreaterThanOrEqual(0);
    expect(dynamic.indexOf('pip install gunicorn==20.1.0')).toBeLessThan(dynamic.indexOf('COPY . /build/project'));
  });

  it('PYENV265: not beside hash-checked requirement files (pip would refuse the unhashed package)', () => {
    const r = build('preset: flask\ndependencies:\n  pip:\n    requirements: [requirements.txt]\n    packages: ["gunicorn==26.1.0"]\n', { 'requirements.txt': 'flask==2.2.2 \\\n    --hash=sha256:642c450d19c4ad482f96729bd2a8f6d32554aa1e231f4f6b4e7e5264b16cca2b\n' });
    const d = r.diagnostics.find((x) => x.code === 'PYENV265')!;
    expect(r.ok).toBe(false);
    expect(d).toMatchObject({ severity: 'error', line: 7, column: 15 });
    expect(d.hint).toContain('add gunicorn to the input of your lock (requirements.in) and run `pip-compile --generate-hashes` again');
  });

  it('PYENV266: a package the requirement files already name, at the entry, naming the file and line', () => {
    const r = build('preset: django\ndependencies:\n  pip:\n    requirements: [requirements.txt]\n    packages: ["gunicorn==26.1.0"]\nrun:\n  app: "example.wsgi:application"\n', { ...DJANGO, 'requirements.txt': 'Django==3.2.25\ngunicorn==20.1.0\n' });
    const d = r.diagnostics.find((x) => x.code === 'PYENV266')!;
    expect(d).toMatchObject({ severity: 'warning', line: 7, column: 16 });
    expect(d.message).toBe('dependencies.pip.packages: gunicorn is already required by requirements.txt:2; pip installs both requirements together and stops the build when their versions disagree');
  });

  it('an entry that is not a plain requirement (URL, option, marker) is a schema error with the fix', () => {
    for (const bad of ['--index-url=http://x', 'gunicorn @ https://example.org/g.whl', 'gunicorn; python_version<"3.10"', 'gunicorn == 23']) {
      const r = build(`preset: flask\ndependencies:\n  pip:\n    packages: [${JSON.stringify(bad)}]\n`, { 'requirements.txt': 'flask\n' });
      expect(r.diagnostics.map((d) => d.code), bad).toContain('PYENV106');
      expect(r.diagnostics.find((d) => d.code === 'PYENV106')!.hint).toContain('for example gunicorn==26.1.0');
    }
  });

  it('PYENV415 names the pin for the image\'s Python when the server is missing', () => {
    const hint = (python: string) => build(`preset: django\npython:\n  version: "${python}"\nrun:\n  app: "example.wsgi:application"\n`, { ...DJANGO, 'requirements.txt': 'Django\n' }).diagnostics.find((d) => d.code === 'PYENV415')!.hint;
    expect(hint('3.12')).toBe('add gunicorn to requirements.txt, or write dependencies.pip.packages: ["gunicorn==26.1.0"]');
    expect(hint('3.9')).toContain('["gunicorn==23.0.0"]');
  });

  it('init writes the pinned server into dependencies.pip.packages, and its manifest compiles without PYENV415 (docker/awesome-compose django/app)', () => {
    const { plan, manifest, result } = initThenCompile({ ...DJANGO, 'requirements.txt': 'Django==3.2.13\nenvirons==7.3.1\n' });
    expect(plan.packages).toEqual(['gunicorn==26.1.0']);
    expect(parse(manifest).dependencies.pip).toEqual({ requirements: ['requirements.txt'], packages: ['gunicorn==26.1.0'] });
    expect(manifest).toContain('    packages: ["gunicorn==26.1.0"]   # the django preset runs gunicorn, which requirements.txt does not list (pyenvc\'s pin)');
    expect(plan.notes.join('\n')).toContain('init pinned gunicorn==26.1.0 in dependencies.pip.packages; to keep it with the others, add it to requirements.txt and remove that line');
    expect(result.ok).toBe(true);
    expect(codes(result)).not.toContain('warning PYENV415');
  });

  it('init follows the project\'s Python (3.9 gets gunicorn 23.0.0) and the pyproject path (pallets/flask examples/tutorial)', () => {
    expect(init({ ...DJANGO, 'requirements.txt': 'Django\n', '.python-version': '3.9\n' }).packages).toEqual(['gunicorn==23.0.0']);
    const tutorial = initThenCompile({ 'pyproject.toml': '[project]\nname = "flaskr"\nversion = "1.0.0"\ndependencies = ["flask"]\n', 'flaskr/__init__.py': 'from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n' });
    expect(parse(tutorial.manifest).dependencies.pip).toEqual({ pyproject: true, packages: ['gunicorn==26.1.0'] });
    expect(codes(tutorial.result)).not.toContain('warning PYENV415');
    // FastAPI: uvicorn from the same table.
    expect(init({ 'requirements.txt': 'fastapi\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' }).packages).toEqual(['uvicorn==0.51.0']);
  });

  it('hash-checked requirements and lockfile managers get a to-do with their own command instead', () => {
    const hashed = init({ ...DJANGO, 'requirements.txt': 'django==3.2.25 \\\n    --hash=sha256:642c450d19c4ad482f96729bd2a8f6d32554aa1e231f4f6b4e7e5264b16cca2b\n' });
    expect(hashed.packages).toBeUndefined();
    expect(hashed.notes.join('\n')).toContain('add it to requirements.txt and lock again (`pip-compile --generate-hashes`)');
    const pipenv = init({ ...DJANGO, Pipfile: '[packages]\ndjango = "*"\n', 'Pipfile.lock': '{}' });
    expect(pipenv.packages).toBeUndefined();
    expect(pipenv.notes.join('\n')).toContain('which is not among your dependencies: `pipenv install gunicorn`');
    expect(init({ ...DJANGO, 'pyproject.toml': '[project]\nname = "x"\nversion = "1"\ndependencies = ["django"]\n', 'uv.lock': 'version = 1\n' }).notes.join('\n')).toContain('`uv add gunicorn`');
  });
});

const facts = (files: Record<string, string>) => new ProjectFacts((p) => files[p], Object.keys(files).sort());
const required = (s: DjangoSettings | undefined) => (s?.environment ?? []).filter((r) => r.required).map((r) => r.name).sort();

/** testdrivenio/django-on-docker's settings shape (app/hello_django/settings.py), written anew. */
const ON_DOCKER = {
  'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "hello_django.settings")\n',
  'hello_django/__init__.py': '',
  'hello_django/wsgi.py': 'application = get_wsgi_application()\n',
  'hello_django/settings.py': [
    'import os',
    'from pathlib import Path',
    '',
    'BASE_DIR = Path(__file__).resolve().parent.parent',
    '# SECRET_KEY = os.environ["NOT_READ_IN_A_COMMENT"]',
    'SECRET_KEY = os.environ.get("SECRET_KEY")',
    'DEBUG = bool(os.environ.get("DEBUG", default=0))',
    'ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS").split(" ")',
    'if os.environ.get("GITHUB_WORKFLOW"):',
    '    pass',
    'os.environ["SET_NOT_READ"] = "1"',
    'DATABASES = {',
    '    "default": {',
    '        "ENGINE": os.environ.get("SQL_ENGINE", "django.db.backends.sqlite3"),',
    '        "NAME": os.environ.get("SQL_DATABASE", BASE_DIR / "db.sqlite3"),',
    '    }',
    '}',
    'INSTALLED_APPS = ["django.contrib.staticfiles", "upload"]',
    'STATIC_URL = "/static/"',
    'STATIC_ROOT = BASE_DIR / "staticfiles"',
    'MEDIA_ROOT = BASE_DIR / "mediafiles"',
    '',
  ].join('\n'),
};

describe('F10: the settings module manage.py names, read with the modules it imports (src/project/django-settings.ts)', () => {
  it('config.django.base with BASE_DIR from config/env.py and MEDIA_ROOT from a star import (HackSoftware/Django-Styleguide-Example)', () => {
    const files = {
      'config/__init__.py': '',
      'config/env.py': 'import environ\n\nenv = environ.Env()\n\nBASE_DIR = environ.Path(__file__) - 2\n',
      'config/django/__init__.py': '',
      'config/django/base.py': '"""Settings. os.environ["IN_A_DOCSTRING"]"""\nimport os\n\nfrom config.env import BASE_DIR, env\n\nDEBUG = env.bool("DJANGO_DEBUG", default=True)\nLOCAL_APPS = ["shop.common.apps.CommonConfig"]\nINSTALLED_APPS = ["django.contrib.auth", *LOCAL_APPS]\nSTATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")\n\nfrom config.settings.files import *  # noqa\n',
      'config/settings/__init__.py': '',
      'config/settings/files.py': 'import os\nfrom config.env import BASE_DIR, env\n\nif env("FILE_UPLOAD_STORAGE", default="local") == "local":\n    MEDIA_ROOT_NAME = "media"\n    MEDIA_ROOT = os.path.join(BASE_DIR, MEDIA_ROOT_NAME)\nelse:\n    AWS_KEY = env("AWS_S3_ACCESS_KEY_ID")\n',
    };
    const s = readDjangoSettings(facts(files), 'config.django.base')!;
    expect(s.files).toEqual(['config/django/base.py', 'config/env.py', 'config/settings/files.py']);
    expect(s.staticRoot).toEqual({ file: 'config/django/base.py', line: 9, column: 1 });
    expect(s.mediaRoot).toEqual({ folder: 'media', at: { file: 'config/settings/files.py', line: 6, column: 5 } });
    expect(s.apps).toEqual(['django.contrib.auth', 'shop.common.apps.CommonConfig']);
    // env(...) without a default raises (django-environ ImproperlyConfigured): required, even inside a branch.
    expect(required(s)).toEqual(['AWS_S3_ACCESS_KEY_ID']);
  });

  it('os.environ reads: [..] and .get() whose None is used at once or is SECRET_KEY are required; presence tests, defaults, comments and assignments are not (testdrivenio/django-on-docker)', () => {
    const s = readDjangoSettings(facts(ON_DOCKER), 'hello_django.settings')!;
    expect(required(s)).toEqual(['DJANGO_ALLOWED_HOSTS', 'SECRET_KEY']);
    expect(s.environment.map((r) => r.name)).not.toContain('NOT_READ_IN_A_COMMENT');
    expect(s.environment.map((r) => r.name)).not.toContain('SET_NOT_READ');
    expect(s.environment.find((r) => r.name === 'GITHUB_WORKFLOW')?.required).toBe(false);
    expect(s.environment.find((r) => r.name === 'SECRET_KEY')!.at).toEqual({ file: 'hello_django/settings.py', line: 6, column: 14 });
    expect(s.mediaRoot?.folder).toBe('mediafiles');
    expect(s.sqlite).toMatchObject({ path: 'db.sqlite3', folder: '' });
  });

  it('django-environ scheme defaults, environs positional defaults, python-decouple only where decouple is imported', () => {
    const read = (text: string) => required(readDjangoSettings(facts({ 's/settings.py': text }), 's.settings'));
    expect(read('import environ\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env("DEBUG")\nSECRET_KEY = env("SECRET_KEY")\nDATABASES = {"default": env.db()}\n')).toEqual(['DATABASE_URL', 'SECRET_KEY']);
    expect(read('from environs import Env\nenv = Env()\nSECRET_KEY = env("SECRET_KEY", "x")\nDEBUG = env.bool("DEBUG", True)\nHOSTS = env.list("ALLOWED_HOSTS")\nenv.read_env()\n')).toEqual(['ALLOWED_HOSTS']);
    expect(read('from decouple import config, Csv\nSECRET_KEY = config("SECRET_KEY")\nDEBUG = config("DEBUG", default=False, cast=bool)\nPORT = int(os.environ["PORT"])\n')).toEqual(['PORT', 'SECRET_KEY']);
    expect(read('def config(name):\n    return name\nSECRET_KEY = config("SECRET_KEY")\n')).toEqual([]);
    const casts = readDjangoSettings(facts({ 's/settings.py': 'from decouple import config, Csv\nA = config("A", cast=Csv())\nB = int(os.environ["B"])\nC = env.db("C")\n' }), 's.settings')!.environment;
    expect(Object.fromEntries(casts.map((r) => [r.name, r.cast]))).toEqual({ A: 'list', B: 'int', C: 'db' });
  });

  it('BASE_DIR as startproject, cookiecutter-django and older Django write it; a folder above the project is unknown', () => {
    const media = (settings: string, file = 'proj/settings.py') => readDjangoSettings(facts({ [file]: settings }), file.replace(/\.py$/, '').replace(/\//g, '.'))?.mediaRoot?.folder;
    expect(media('from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nMEDIA_ROOT = BASE_DIR / "media" / "uploads"\n')).toBe('media/uploads');
    expect(media('import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nMEDIA_ROOT = os.path.join(BASE_DIR, "media")\n')).toBe('media');
    expect(media('from pathlib import Path\nBASE_DIR = Path(__file__).resolve(strict=True).parent.parent.parent\nAPPS_DIR = BASE_DIR / "shop"\nMEDIA_ROOT = str(APPS_DIR / "media")\n', 'config/settings/base.py')).toBe('shop/media');
    expect(media('from pathlib import Path\nMEDIA_ROOT = Path(__file__).parents[1] / "media"\n')).toBe('media');
    expect(media('MEDIA_ROOT = "media"\n')).toBe('media');
    expect(media('from pathlib import Path\nMEDIA_ROOT = Path(__file__).resolve().parent.parent.parent / "media"\n')).toBeUndefined();
    expect(readDjangoSettings(facts({ 'p/settings.py': 'MEDIA_ROOT = "/srv/media"\n' }), 'p.settings')?.mediaRoot).toMatchObject({ absolute: '/srv/media' });
  });

  it('init reads config.django.base for the collectstatic and migrate to-dos, also for apps three folders deep', () => {
    const files: Record<string, string> = {
      'requirements.txt': 'Django\ngunicorn\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")\n',
      'config/__init__.py': '',
      'config/wsgi.py': 'application = get_wsgi_application()\n',
      'config/django/__init__.py': '',
      'config/django/base.py': 'import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))\nINSTALLED_APPS = ["shop.common.apps.CommonConfig"]\nSTATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")\n',
      'shop/common/migrations/0001_initial.py': '',
    };
    // The CLI lists two folders deep: the migration is not in the listing, only readable.
    const plan = detectProject('demo', Object.keys(files).filter((f) => f.split('/').length <= 3).sort(), (p) => files[p]);
    expect(plan.notes.join('\n')).toContain('your settings set STATIC_ROOT (config/django/base.py:4): add `django: { collectstatic: true }`');
    expect(plan.notes.join('\n')).toContain('your apps have migrations');
  });
});

describe('F3: collectstatic gets throwaway values for what the settings read from the environment with no default', () => {
  const manifest = (extra = '') => `preset: django\npython:\n  version: "3.11"\nrun:\n  app: "hello_django.wsgi:application"\ndjango:\n  collectstatic: true\n${extra}`;
  const files = { ...ON_DOCKER, 'requirements.txt': 'Django==3.2.25\ngunicorn==20.1.0\n' };
  const steps = (r: ReturnType<typeof build>) =>
    DockerfileParser.parse(dockerfileOf(r))
      .getInstructions()
      .filter((i) => i.getKeyword() === 'RUN' && /collectstatic/.test(i.getRawArgumentsContent() ?? ''))
      .map((i) => JSON.parse((i.getRawArgumentsContent() ?? '').replace(/^--mount=\S+\s+/, '')) as string[]);
  const envKeys = (r: ReturnType<typeof build>) =>
    DockerfileParser.parse(dockerfileOf(r))
      .getInstructions()
      .filter((i) => i.getKeyword() === 'ENV')
      .flatMap((i) => (i.getRawArgumentsContent() ?? '').split(/\s*\\\n\s*|\s+/).map((p) => p.split('=')[0]));

  it('only that RUN carries them, as `NAME=value` in front of the command; the image ENV has none (testdrivenio/django-on-docker)', () => {
    const r = build(manifest(), files);
    expect(r.ok).toBe(true);
    expect(steps(r)).toEqual([['/bin/sh', '-c', 'DJANGO_ALLOWED_HOSTS=localhost SECRET_KEY=pyenvc-build-only-collectstatic-not-a-secret python manage.py collectstatic --noinput']]);
    expect(envKeys(r)).not.toContain('SECRET_KEY');
    expect(envKeys(r)).not.toContain('DJANGO_ALLOWED_HOSTS');
    expect(dockerfileOf(r)).toContain('# collectstatic imports your settings, which read DJANGO_ALLOWED_HOSTS and SECRET_KEY from the\n# environment with no default: its RUN sets throwaway values for them (build-only, not secrets).\n');
    const note = r.diagnostics.find((d) => d.code === 'PYENV418')!;
    expect(note).toMatchObject({ severity: 'note', line: 9, column: 18 });
    expect(note.message).toBe('django.collectstatic: your settings read DJANGO_ALLOWED_HOSTS (hello_django/settings.py:8), SECRET_KEY (hello_django/settings.py:6) from the environment with no default, so the collectstatic step gets throwaway values for them, at build time only');
    expect(r.plan?.shell.collectstaticEnv).toEqual([['DJANGO_ALLOWED_HOSTS', 'localhost'], ['SECRET_KEY', 'pyenvc-build-only-collectstatic-not-a-secret']]);
  });

  it('a variable the image has at build time (env, build.args) keeps its value; settings with defaults get nothing', () => {
    const r = build(manifest('env:\n  DJANGO_ALLOWED_HOSTS: "localhost 127.0.0.1"\nbuild:\n  args:\n    SECRET_KEY: ""\n'), files);
    expect(steps(r)).toEqual([['/bin/sh', '-c', 'python manage.py collectstatic --noinput']]);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('PYENV418');
    const literal = build(manifest(), { ...files, 'hello_django/settings.py': 'SECRET_KEY = os.environ.get("SECRET_KEY", "dev")\nSTATIC_ROOT = "static"\n' });
    expect(steps(literal)).toEqual([['/bin/sh', '-c', 'python manage.py collectstatic --noinput']]);
    expect(literal.plan?.shell.collectstaticEnv).toBeUndefined();
  });

  it('each value parses as its reader\'s type and needs no shell quoting', () => {
    const text = 'from decouple import config\nimport environ\nenv = environ.Env()\nA = env.db("DATABASE_URL")\nB = env.cache()\nC = env.int("WORKERS")\nD = env.bool("USE_X")\nE = config("HOSTS", cast=Csv())\nF = env.json("FLAGS")\nG = os.environ["REDIS_URL"]\nH = os.environ["NAME"]\nSECRET_KEY = os.environ["DJANGO_SECRET"]\nSTATIC_ROOT = "static"\n';
    const r = build(manifest(), { ...files, 'hello_django/settings.py': text });
    expect(Object.fromEntries(r.plan!.shell.collectstaticEnv!)).toEqual({
      CACHE_URL: 'locmemcache://',
      DATABASE_URL: 'sqlite:////tmp/pyenvc-build-only.sqlite3',
      DJANGO_SECRET: 'pyenvc-build-only-collectstatic-not-a-secret',
      FLAGS: '{}',
      HOSTS: 'localhost',
      NAME: 'pyenvc-build-only',
      REDIS_URL: 'redis://localhost:6379/0',
      USE_X: '0',
      WORKERS: '0',
    });
    for (const [, value] of r.plan!.shell.collectstaticEnv!) expect(value).toMatch(/^[A-Za-z0-9:/._={}-]+$/);
  });

  it('the settings are the ones the image uses: env DJANGO_SETTINGS_MODULE, and the build context of project.context', () => {
    const split = { ...files, 'hello_django/prod.py': 'from .settings import *\nAPI_TOKEN = os.environ["API_TOKEN"]\n' };
    expect(Object.fromEntries(build(manifest('env:\n  DJANGO_SETTINGS_MODULE: hello_django.prod\n'), split).plan!.shell.collectstaticEnv!)).toMatchObject({ API_TOKEN: expect.any(String), SECRET_KEY: expect.any(String) });
    const nested = Object.fromEntries(Object.entries(files).map(([k, v]) => [`app/${k}`, v]));
    const r = build(manifest('project:\n  context: app\n'), nested);
    expect(r.plan?.shell.collectstaticEnv?.map(([k]) => k)).toEqual(['DJANGO_ALLOWED_HOSTS', 'SECRET_KEY']);
    expect(r.diagnostics.find((d) => d.code === 'PYENV418')!.message).toContain('SECRET_KEY (app/hello_django/settings.py:6)');
  });

  it('PYENV414 follows the imports: STATIC_ROOT in base.py of a settings package counts (no warning), and the warning names every file read', () => {
    const pkg = (production: string) => ({
      'requirements.txt': 'Django\ngunicorn\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")\n',
      'shop/__init__.py': '',
      'shop/wsgi.py': 'application = 1\n',
      'shop/settings/__init__.py': '',
      'shop/settings/base.py': 'STATIC_URL = "/static/"\nSTATIC_ROOT = "staticfiles"\n',
      'shop/settings/production.py': production,
    });
    const m = 'preset: django\nrun:\n  app: "shop.wsgi:application"\ndjango:\n  collectstatic: true\n';
    expect(build(m, pkg('from .base import *\nSECRET_KEY = "x"\n')).diagnostics.map((d) => d.code)).not.toContain('PYENV414');
    const d = build(m, pkg('SECRET_KEY = "x"\n')).diagnostics.find((x) => x.code === 'PYENV414')!;
    expect(d.message).toContain('shop/settings/production.py sets no STATIC_ROOT');
  });

  it('init\'s collectstatic to-do says which variables get throwaway values', () => {
    const plan = init({ ...files });
    expect(plan.notes.join('\n')).toContain('your settings set STATIC_ROOT (hello_django/settings.py:20): add `django: { collectstatic: true }` so the image carries its static files (collectstatic runs after the code is copied; its RUN gets throwaway values for DJANGO_ALLOWED_HOSTS, SECRET_KEY, which your settings read from the environment with no default)');
  });
});

describe('F2: what the app writes below its read-only code (project.writable)', () => {
  const factory = (flaskArgs: string, body = '    os.makedirs(app.instance_path, exist_ok=True)\n') => `import os\nfrom flask import Flask\n\n\ndef create_app():\n    app = Flask(${flaskArgs})\n${body}    return app\n`;
  const tutorial = (args = '__name__, instance_relative_config=True') => ({ 'pyproject.toml': '[project]\nname = "flaskr"\nversion = "1.0.0"\ndependencies = ["flask", "gunicorn"]\n', 'flaskr/__init__.py': factory(args) });

  it('the instance folder: instance_relative_config=True or a makedirs/join of app.instance_path; not with instance_path= or in a comment', () => {
    expect(flaskInstanceUse(factory('__name__, instance_relative_config=True'), 'flaskr/__init__.py')).toEqual({ how: 'instance_relative_config=True', at: { file: 'flaskr/__init__.py', line: 6, column: 11 } });
    expect(flaskInstanceUse(factory('__name__'), 'a.py')?.how).toBe('os.makedirs(app.instance_path)');
    expect(flaskInstanceUse(factory('__name__', '    db = os.path.join(app.instance_path, "app.db")\n'), 'a.py')?.how).toBe('os.path.join(app.instance_path)');
    expect(flaskInstanceUse(factory('__name__, instance_path="/data", instance_relative_config=True'), 'a.py')).toBeUndefined();
    expect(flaskInstanceUse(factory('__name__', '    # os.makedirs(app.instance_path)\n'), 'a.py')).toBeUndefined();
    expect(flaskInstanceUse('import os\nos.makedirs(settings.instance_path)\n', 'a.py')).toBeUndefined();
  });

  it('init proposes instance (src/instance in a src layout) and its manifest compiles without PYENV419 (pallets/flask examples/tutorial)', () => {
    const { plan, manifest, result } = initThenCompile(tutorial());
    expect(plan.writable).toEqual(['instance']);
    expect(parse(manifest).project).toEqual({ writable: ['instance'] });
    expect(manifest).toContain("  writable: [instance]   # flaskr/__init__.py:6 uses Flask's instance folder (instance_relative_config=True), which Flask creates and writes (the rest of the code stays read-only to the app)");
    expect(codes(result)).not.toContain('warning PYENV419');
    const src = Object.fromEntries(Object.entries(tutorial()).map(([k, v]) => [k.replace(/^flaskr/, 'src/flaskr'), v]));
    expect(initThenCompile(src).plan.writable).toEqual(['src/instance']);
    expect(codes(initThenCompile(src).result)).not.toContain('warning PYENV419');
  });

  it('SQLite: Flask-SQLAlchemy 3 puts a relative path in the instance folder; SQLAlchemy alone opens it in the working directory; a file in the workdir root is a to-do', () => {
    const app = (uri: string, requirements: string) => ({ 'requirements.txt': requirements, 'app.py': `from flask import Flask\nimport os\nbasedir = os.path.abspath(os.path.dirname(__file__))\napp = Flask(__name__)\napp.config["SQLALCHEMY_DATABASE_URI"] = ${uri}\n` });
    expect(init(app('"sqlite:///app.db"', 'flask\nflask-sqlalchemy==3.1.1\ngunicorn\n')).writable).toEqual(['instance']);
    const old = init(app('"sqlite:///app.db"', 'flask\nflask-sqlalchemy==2.5.1\ngunicorn\n'));
    expect(old.writable).toBeUndefined();
    expect(old.notes.join('\n')).toContain('Flask-SQLAlchemy 2 opens a relative path in the application\'s package folder');
    expect(init(app('"sqlite:///data/app.db"', 'flask\nsqlalchemy\ngunicorn\n')).writable).toEqual(['data']);
    // miguelgrinberg/microblog's config.py: beside the code, in the workdir root.
    const root = init(app("os.environ.get('DATABASE_URL') or 'sqlite:///' + os.path.join(basedir, 'app.db')", 'flask\nflask-sqlalchemy\ngunicorn\n'));
    expect(root.writable).toBeUndefined();
    expect(root.notes.join('\n')).toContain('the SQLite database sqlite:///app.db (app.py:5) is in the workdir root, which the app user cannot write');
  });

  it('Django: MEDIA_ROOT\'s folder; the default SQLite file in the workdir root is a to-do, in a folder of its own a proposal; a folder of code never (testdrivenio/django-on-docker)', () => {
    const plan = init({ ...ON_DOCKER, 'requirements.txt': 'Django\ngunicorn\n' });
    expect(plan.writable).toEqual(['mediafiles']);
    expect(plan.notes.join('\n')).toContain('the default SQLite database db.sqlite3 (hello_django/settings.py:12) is in the workdir root, which the app user cannot write (your code is root\'s and read-only to it, and a writable root would make the code writable): move it into a folder of its own, e.g. data/, and add `project: { writable: [data] }`');
    const data = init({ ...ON_DOCKER, 'requirements.txt': 'Django\ngunicorn\n', 'hello_django/settings.py': ON_DOCKER['hello_django/settings.py'].replace('BASE_DIR / "db.sqlite3"', 'BASE_DIR / "data" / "db.sqlite3"') });
    expect(data.writable).toEqual(['mediafiles', 'data']);
    const code = init({ ...ON_DOCKER, 'requirements.txt': 'Django\ngunicorn\n', 'hello_django/settings.py': 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nMEDIA_ROOT = BASE_DIR / "hello_django"\n' });
    expect(code.writable).toBeUndefined();
    expect(code.notes.join('\n')).toContain('MEDIA_ROOT (hello_django/settings.py:3) is in hello_django/, which holds code');
    const { result } = initThenCompile({ ...ON_DOCKER, 'requirements.txt': 'Django\ngunicorn\n' });
    expect(result.ok).toBe(true);
  });

  it('PYENV419: compile warns when the served module uses the instance folder and project.writable lacks it, with the line to add', () => {
    const m = (extra = '') => `preset: flask\ndependencies:\n  pip:\n    pyproject: true\nrun:\n  app: "flaskr:create_app()"\n${extra}`;
    const d = build(m(), tutorial()).diagnostics.find((x) => x.code === 'PYENV419')!;
    expect(d).toMatchObject({ severity: 'warning', line: 8, column: 8 });
    expect(d.message).toBe("flaskr/__init__.py:6 uses Flask's instance folder (instance_relative_config=True), /app/instance, which the app user cannot create or write: the code is root's and read-only to it, so the app stops with PermissionError when it writes there");
    expect(d.hint).toBe('add `project: { writable: [instance] }` (a folder of its own, owned by the app user; the rest of the code stays read-only)');
    expect(codes(build(m('project:\n  writable: [instance]\n'), tutorial()))).not.toContain('warning PYENV419');
    expect(codes(build(m(), tutorial('__name__, instance_path="/tmp/flaskr"')))).not.toContain('warning PYENV419');
    // A src layout: the module is imported from /app/src (PYTHONPATH), so the folder is src/instance.
    const src = Object.fromEntries(Object.entries(tutorial()).map(([k, v]) => [k.replace(/^flaskr/, 'src/flaskr'), v]));
    expect(build(m(), src).diagnostics.find((x) => x.code === 'PYENV419')!.hint).toContain('writable: [src/instance]');
    // Installed, Flask puts the folder in the environment (var/<name>-instance): project.writable cannot help.
    const installed = build(m('project:\n  install: true\n'), src).diagnostics.find((x) => x.code === 'PYENV419')!;
    expect(installed.message).toContain('the project is installed, so Flask puts it in /opt/venv/var/flaskr-instance');
    expect(installed.hint).toBe('pass instance_path="/app/instance" to Flask(...) and add `project: { writable: [instance] }`');
  });
});
