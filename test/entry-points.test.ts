// init finds the real entry point by reading files as text (issue 11, item 2).
import { describe, expect, it } from 'vitest';
import { detectProject } from '../src/init/detect.js';
import { procfileTarget } from '../src/project/entry-points.js';

const detect = (files: Record<string, string>) => detectProject('demo', Object.keys(files).sort(), (p) => files[p]);
const FLASK = { 'requirements.txt': 'flask\ngunicorn\n' };
const FACTORY = 'from flask import Flask\n\ndef create_app(config=None):\n    app = Flask(__name__)\n    return app\n';

describe('Flask and FastAPI entry points', () => {
  it('an application factory in a package → pkg:create_app()', () => {
    const plan = detect({ ...FLASK, 'shop/__init__.py': FACTORY, 'shop/views.py': 'x = 1\n' });
    expect(plan.run.app).toBe('shop:create_app()');
  });
  it('.flaskenv FLASK_APP wins: a file that builds the app with the factory', () => {
    const plan = detect({ ...FLASK, '.flaskenv': 'FLASK_APP=microblog.py\nFLASK_DEBUG=1\n', 'microblog.py': 'from app import create_app\napp = create_app()\n', 'app/__init__.py': FACTORY });
    expect(plan.run.app).toBe('microblog:app');
    expect(plan.findings.find((f) => f.field === 'run.app')!.because).toContain('.flaskenv');
  });
  it('FLASK_APP naming a package with a factory → pkg:create_app(); with an explicit attribute it is kept', () => {
    expect(detect({ ...FLASK, '.flaskenv': 'FLASK_APP=shop\n', 'shop/__init__.py': FACTORY }).run.app).toBe('shop:create_app()');
    expect(detect({ ...FLASK, '.env': 'export FLASK_APP="shop:make()"\n', 'shop/__init__.py': FACTORY }).run.app).toBe('shop:make()');
  });
  it('a Procfile web: line gives the target', () => {
    expect(procfileTarget('flask db upgrade; gunicorn -w 2 "wsgi:application" --log-file -')).toBe('wsgi:application');
    expect(procfileTarget('python run.py')).toBeUndefined();
    expect(detect({ ...FLASK, Procfile: 'web: gunicorn wsgi:app\n', 'wsgi.py': 'from shop import create_app\napp = create_app()\n', 'shop/__init__.py': FACTORY }).run.app).toBe('wsgi:app');
  });
  it('any variable name, two folders down; a src layout puts src on PYTHONPATH', () => {
    const plan = detect({ 'requirements.txt': 'fastapi\nuvicorn\n', 'src/inventory/api.py': 'from fastapi import FastAPI\nservice = FastAPI(title="x")\n', 'src/inventory/__init__.py': '' });
    expect(plan.run.app).toBe('inventory.api:service');
    expect(plan.env).toEqual({ PYTHONPATH: '/app/src' });
  });
  it('tests and migrations are not entry points; several candidates are a noted guess', () => {
    const plan = detect({ ...FLASK, 'tests/test_app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'admin.py': 'from flask import Flask\nadmin = Flask(__name__)\n' });
    expect(plan.run.app).toBe('app:app');
    expect(plan.notes.join('\n')).toContain('also found admin:admin');
  });
});

describe('Django, Streamlit and scripts', () => {
  it('a FlaskGroup manage.py is not Django', () => {
    const plan = detect({ ...FLASK, 'manage.py': 'from flask.cli import FlaskGroup\nfrom app import create_app\ncli = FlaskGroup(create_app=create_app)\n', 'app/__init__.py': FACTORY });
    expect(plan.preset).toBe('flask');
    expect(plan.run.app).toBe('app:create_app()');
  });
  it("Django's project package comes from manage.py's settings module", () => {
    const plan = detect({ 'requirements.txt': 'django\ngunicorn\n', 'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\nimport django\n", 'config/wsgi.py': '', 'config/settings/production.py': '', 'blog/wsgi.py': '' });
    expect(plan.run.app).toBe('config.wsgi:application');
  });
  it('the one file that imports streamlit, with pages/ beside it', () => {
    const plan = detect({ 'requirements.txt': 'streamlit\n', 'dashboard/Overview.py': 'import streamlit as st\n', 'dashboard/pages/1_Data.py': 'import streamlit as st\n', 'helpers.py': 'x = 1\n' });
    expect(plan.run.command?.slice(0, 3)).toEqual(['streamlit', 'run', 'dashboard/Overview.py']);
  });
  it('a console script from [project.scripts] is run, with the project installed', () => {
    const plan = detect({ 'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n[project]\nname = "tool"\ndependencies = ["rich"]\n[project.scripts]\ntool = "tool.cli:main"\n', 'src/tool/__init__.py': '', 'src/tool/cli.py': '' });
    expect(plan.run.command).toEqual(['tool']);
    expect(plan.installProject).toBe(true);
    expect(plan.dependencies).toEqual({ manager: 'pip', pyproject: true });
  });
  it('a package with __main__.py runs as python -m', () => {
    expect(detect({ 'requirements.txt': 'redis\n', 'worker/__main__.py': 'print(1)\n', 'worker/__init__.py': '' }).run.command).toEqual(['python', '-m', 'worker']);
  });
});
