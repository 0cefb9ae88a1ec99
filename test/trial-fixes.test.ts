// The second stranger trial (18 public repositories, issue 11): each failure it found, as a rule.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { detectProject } from '../src/init/detect.js';
import { collectPythonConstraints, dockerfilePythonHint } from '../src/project/python-constraints.js';
import { readWithProgram } from './helpers/fixtures.js';

/** A Dockerfile pyenvc wrote (real header and checksum), with extra lines appended to its body. */
const GENERATED = (extra = '') => {
  const text = compile({ file: 'pyenv.yaml', text: 'version: 1\nname: demo\npreset: script\n', readFile: readWithProgram() }).artifacts[0]!.contents;
  return extra ? text.replace(/\nFROM /, `\n${extra}FROM `) : text;
};
const init = (files: Record<string, string>) => detectProject('demo', Object.keys(files).sort(), (p) => files[p]);
const build = (manifest: string, files: Record<string, string>) => compile({ file: 'pyenv.yaml', text: `version: 1\nname: demo\n${manifest}`, readFile: readWithProgram(files) });

describe('F1: the server the command starts must be installed (PYENV415)', () => {
  const django = { 'manage.py': 'import django\n', 'mysite/__init__.py': '', 'mysite/wsgi.py': 'application = get_wsgi_application()\n' };
  it('a Django project without gunicorn warns at compile, naming what to add where (Azure-Samples/python-docs-hello-django)', () => {
    const r = build('preset: django\nrun:\n  app: "mysite.wsgi:application"\n', { ...django, 'requirements.txt': 'Django==3.2\n' });
    const d = r.diagnostics.find((x) => x.code === 'PYENV415')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('the command starts gunicorn, and no requirement installs it (gunicorn)');
    expect(d.hint).toBe('add gunicorn to requirements.txt, or write dependencies.pip.packages: ["gunicorn==26.1.0"]');
  });
  it('no warning when it is listed, included with -r, or implied by an extra; none for lockfile managers', () => {
    const codes = (manifest: string, files: Record<string, string>) => build(manifest, files).diagnostics.map((x) => x.code);
    expect(codes('preset: django\nrun:\n  app: "mysite.wsgi:application"\n', { ...django, 'requirements.txt': 'Django\n-r prod.txt\n', 'prod.txt': 'gunicorn\n' })).not.toContain('PYENV415');
    expect(codes('preset: fastapi\n', { 'requirements.txt': 'fastapi[standard]\n' })).not.toContain('PYENV415');
    expect(codes('preset: fastapi\n', { 'requirements.txt': 'fastapi\n' })).toContain('PYENV415');
    expect(codes('preset: jupyter\n', { 'requirements.txt': 'jupyter==1.1.1\n' })).not.toContain('PYENV415');
    expect(codes('preset: fastapi\ndependencies:\n  poetry: {}\n', { 'pyproject.toml': '[tool.poetry]\nname = "x"\n', 'poetry.lock': '' })).not.toContain('PYENV415');
  });
});

describe('F2, F3, F8: the web app of Flask-extension, Starlette and factory-call projects', () => {
  it('Flask extensions bring Flask: the flask preset, with the Procfile target (realpython/flask-boilerplate)', () => {
    const plan = init({ 'requirements.txt': 'Flask-SQLAlchemy==2.1\nFlask-WTF==0.14\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', Procfile: 'web: gunicorn app:app\n' });
    expect(plan.preset).toBe('flask');
    expect(plan.run.app).toBe('app:app');
  });
  it('a Starlette app runs with the fastapi preset (uvicorn module:app) (encode/starlette-example)', () => {
    const plan = init({ 'requirements.txt': 'starlette\nuvicorn\n', 'app.py': 'from starlette.applications import Starlette\n\napp = Starlette(debug=True, routes=[])\n' });
    expect(plan.preset).toBe('fastapi');
    expect(plan.run.app).toBe('app:app');
  });
  it('`app = get_application()` whose function builds a FastAPI (nsidnev/fastapi-realworld-example-app)', () => {
    const main = 'from fastapi import FastAPI\n\n\ndef get_application() -> FastAPI:\n    application = FastAPI()\n    return application\n\n\napp = get_application()\n';
    const plan = init({ 'requirements.txt': 'fastapi\nuvicorn\n', 'app/__init__.py': '', 'app/main.py': main });
    expect(plan.run.app).toBe('app.main:app');
    // a call to a function that builds something else is not taken
    expect(init({ 'requirements.txt': 'fastapi\nuvicorn\n', 'app/__init__.py': '', 'app/main.py': 'def get_db():\n    return 1\n\n\ndb = get_db()\n' }).run.app).toBe('main:app');
  });
});

describe('F11: Django split settings', () => {
  it('when wsgi.py defaults to other settings than manage.py, init sets DJANGO_SETTINGS_MODULE (justdjango/django-ecommerce)', () => {
    const plan = init({
      'requirements.txt': 'Django\ngunicorn\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.development")\n',
      'shop/__init__.py': '',
      'shop/settings/__init__.py': '',
      'shop/wsgi.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
    });
    expect(plan.env).toEqual({ DJANGO_SETTINGS_MODULE: 'shop.settings.development' });
  });
});

describe('F12: a JupyterLite environment.yml is not the project’s (jvns/pandas-cookbook)', () => {
  it('with a requirements file beside it, pip is used and a note says why', () => {
    const plan = init({ 'environment.yml': 'name: xeus-python-kernel\nchannels:\n  - https://repo.mamba.pm/emscripten-forge\n  - conda-forge\ndependencies:\n  - xeus-python\n', 'requirements.txt': 'jupyter\npandas\n', 'cookbook.ipynb': '{}' });
    expect(plan.dependencies?.manager).toBe('pip');
    expect(plan.notes.join('\n')).toContain('JupyterLite (emscripten-forge) kernel environment');
  });
});

describe('F6: the Python of the repository’s own Dockerfile', () => {
  it('FROM python:3.11-slim in a hand-written Dockerfile is init\'s hint (not a constraint since trial 3, F4); one pyenvc wrote is not', () => {
    const read = (files: Record<string, string>) => (p: string) => files[p];
    const c = dockerfilePythonHint(read({ Dockerfile: 'ARG X=1\nFROM --platform=linux/amd64 python:3.11-slim AS base\n' }));
    expect(c).toMatchObject({ kind: 'dockerfile', spec: '3.11', at: { file: 'Dockerfile', line: 2, column: 1 } });
    expect(collectPythonConstraints(read({ Dockerfile: 'FROM python:3.11-slim\n' }))).toEqual([]);
    expect(dockerfilePythonHint(read({ Dockerfile: GENERATED() }))).toBeUndefined();
    expect(init({ 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', Dockerfile: 'FROM python:3.11\n' }).python).toBe('3.11');
  });
});

describe('F7: a gunicorn.conf.py in the workdir is read by gunicorn by itself (PYENV417)', () => {
  const files = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
  it('warns, naming the settings that change how the server runs (hackersandslackers/flask-blueprint-tutorial)', () => {
    const r = build('preset: flask\n', { ...files, 'gunicorn.conf.py': 'bind = "unix:app.sock"\ndaemon = True\nworkers = 4\n' });
    const d = r.diagnostics.find((x) => x.code === 'PYENV417')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('(it sets daemon, bind, workers)');
  });
  it('not when the command passes its own config, or without such a file', () => {
    expect(build('preset: flask\nrun:\n  command: ["gunicorn", "-c", "/dev/null", "--bind", "0.0.0.0:8000", "app:app"]\n', { ...files, 'gunicorn.conf.py': 'daemon = True\n' }).diagnostics.map((x) => x.code)).not.toContain('PYENV417');
    expect(build('preset: flask\n', files).diagnostics.map((x) => x.code)).not.toContain('PYENV417');
  });
});

describe('run.healthcheck without a path (PYENV416)', () => {
  it('no preset and `healthcheck: {}` is an error with the fix, not an invalid HEALTHCHECK line', () => {
    const r = build('run:\n  command: ["python", "main.py"]\n  ports: [8000]\n  healthcheck: {}\n', { 'requirements.txt': 'flask\n' });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.find((x) => x.code === 'PYENV416')!.hint).toContain('http: /healthz');
  });
});

describe('F5: the requirements file the repository’s own Dockerfile installs', () => {
  it('is preferred over requirements.txt (miguelgrinberg/flasky installs requirements/docker.txt)', () => {
    const files: Record<string, string> = {
      'requirements.txt': '-r requirements/heroku.txt\n',
      'requirements/heroku.txt': '-r common.txt\npsycopg2==2.7.3\n',
      'requirements/common.txt': 'flask\n',
      'requirements/docker.txt': '-r common.txt\ngunicorn\n',
      Dockerfile: 'FROM python:3.11-alpine\nCOPY requirements requirements\nRUN python -m venv venv && venv/bin/pip install -r requirements/docker.txt\n',
      'flasky.py': 'from flask import Flask\napp = Flask(__name__)\n',
    };
    const plan = init(files);
    expect(plan.dependencies).toMatchObject({ manager: 'pip', requirements: ['requirements/docker.txt'] });
    expect(plan.findings.find((f) => f.field === 'dependencies')!.because).toBe('requirements/docker.txt is what your Dockerfile installs (Dockerfile line 3)');
    // a file the Dockerfile names that does not exist, or a Dockerfile pyenvc wrote, changes nothing
    expect(init({ ...files, Dockerfile: 'FROM python:3.11\nRUN pip install -r missing.txt\n' }).dependencies).toMatchObject({ requirements: ['requirements.txt'] });
    expect(init({ ...files, Dockerfile: GENERATED('RUN pip install -r requirements/docker.txt\n') }).dependencies).toMatchObject({ requirements: ['requirements.txt'] });
  });

  it('a container path is mapped back through the COPY/ADD that put it there (trial 3: wagtail/bakerydemo)', () => {
    const files: Record<string, string> = {
      'requirements/base.txt': 'django\n',
      'requirements/production.txt': '-r base.txt\ngunicorn\n',
      'requirements.txt': '-r requirements/production.txt\n',
      'manage.py': 'import django\n',
      Dockerfile: 'FROM python:3.12-slim\nADD requirements/ /requirements/\nRUN pip install -r /requirements/production.txt\n',
    };
    expect(init(files).dependencies).toMatchObject({ requirements: ['requirements/production.txt'] });
    const single = { ...files, Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements/production.txt /app/\nRUN pip install -r /app/production.txt\n' };
    expect(init(single).dependencies).toMatchObject({ requirements: ['requirements/production.txt'] });
    // a path no COPY accounts for (a multi-stage --from copy) stays unknown: the usual rule applies
    const other = { ...files, Dockerfile: 'FROM python:3.12-slim\nCOPY --from=deps /requirements/ /requirements/\nRUN pip install -r /requirements/production.txt\n' };
    expect(init(other).dependencies).toMatchObject({ requirements: ['requirements.txt'] });
  });
});

describe('PYENV415 reads the requirement files even when the project is installed too', () => {
  it('gunicorn in requirements.txt counts with project.install: true and a pyproject.toml without it', () => {
    const r = build('preset: flask\nproject:\n  install: true\n', { 'requirements.txt': 'flask\ngunicorn\n', 'pyproject.toml': '[project]\nname = "shop"\nversion = "1"\ndependencies = ["flask"]\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    expect(r.diagnostics.map((d) => d.code)).not.toContain('PYENV415');
  });
});

describe("a hand-written Dockerfile's ENV DJANGO_SETTINGS_MODULE is the settings the image runs (trial 3: wagtail/bakerydemo)", () => {
  const files: Record<string, string> = {
    'requirements.txt': 'django\ngunicorn\n',
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.dev")\n',
    'shop/__init__.py': '',
    'shop/wsgi.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.dev")\napplication = None\n',
    'shop/settings/__init__.py': '',
    'shop/settings/base.py': 'SECRET_KEY = "dev-only"\nDEBUG = True\n',
    'shop/settings/dev.py': 'from .base import *\n',
    'shop/settings/production.py': 'import os\nfrom .base import *\n\nDEBUG = False\nif "DJANGO_SECRET_KEY" in os.environ:\n    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n',
    Dockerfile: 'FROM python:3.12-slim\nENV PORT=8000\nENV DJANGO_SETTINGS_MODULE=shop.settings.production DJANGO_DEBUG=off\nCMD ["gunicorn", "shop.wsgi"]\n',
  };
  it('is written into env, and the DEBUG/SECRET_KEY to-dos read that module (whose own lines win over its star import)', () => {
    const plan = init(files);
    expect(plan.env).toMatchObject({ DJANGO_SETTINGS_MODULE: 'shop.settings.production' });
    expect(plan.findings.find((f) => f.field === 'env.DJANGO_SETTINGS_MODULE')!.because).toBe('your Dockerfile sets it (Dockerfile line 3), while manage.py defaults to shop.settings.dev');
    expect(plan.notes.join('\n')).not.toMatch(/DEBUG = True|SECRET_KEY is a string/);
    // Without the Dockerfile, manage.py's dev settings are what runs, and both to-dos appear.
    const { Dockerfile: _, ...bare } = files;
    expect(init(bare).env?.DJANGO_SETTINGS_MODULE).toBeUndefined();
    expect(init(bare).notes.join('\n')).toMatch(/DEBUG = True \(shop\/settings\/base.py:2\)[\s\S]*SECRET_KEY is a string in shop\/settings\/base.py:1/);
    // the legacy `ENV NAME value` form, and a module that does not exist (left alone)
    expect(init({ ...files, Dockerfile: 'FROM python:3.12\nENV DJANGO_SETTINGS_MODULE shop.settings.production\n' }).env).toMatchObject({ DJANGO_SETTINGS_MODULE: 'shop.settings.production' });
    expect(init({ ...files, Dockerfile: 'FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=shop.settings.nowhere\n' }).env?.DJANGO_SETTINGS_MODULE).toBeUndefined();
  });
});
