import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { detectProject } from '../src/init/detect.js';
import { updateGitattributes } from '../src/init/gitattributes.js';
import { choosePythonVersion } from '../src/init/python-version.js';
import { renderInitManifest } from '../src/init/render.js';
import { loadManifest } from '../src/manifest/load.js';
import { validateManifest } from '../src/manifest/schema.js';
import { pyenvc, tempFolders } from './helpers/cli.js';
import { compileFolder, ROOT } from './helpers/fixtures.js';

const SAMPLES = join(ROOT, 'test', 'init-samples');
const temp = tempFolders();
afterEach(() => temp.cleanUp());

/** A folder described as {path: contents}, as the pure detector sees it. */
function detect(files: Record<string, string>, folder = 'demo') {
  return detectProject(folder, Object.keys(files).sort(), (p) => files[p]);
}

/** The manifest text validates against the schema. */
function expectValid(text: string): void {
  const { loaded, problems } = loadManifest('pyenv.yaml', text);
  expect(problems).toEqual([]);
  expect(validateManifest(loaded!.value)).toEqual([]);
}

// What each sample must give. `pending` managers are still "not supported yet" (PYENV303) in this
// compiler; for them the manifest must validate and fail with nothing but PYENV303 until they land.
const EXPECTED = {
  'pip-flask': { preset: 'flask', manager: 'pip', app: 'app:app', python: '3.11' },
  'pip-fastapi': { preset: 'fastapi', manager: 'pip', app: 'app.main:app' },
  'conda-notebooks': { preset: 'jupyter', manager: 'conda', python: '3.11', pending: true },
  poetry: { preset: 'fastapi', manager: 'poetry', app: 'main:app', name: 'shop_api', pending: true },
  uv: { preset: 'script', manager: 'uv', name: 'worker-tool', python: '3.12', pending: true },
  streamlit: { preset: 'streamlit', manager: 'pip' },
} as const;

describe('pyenvc init on sample folders', () => {
  for (const [sample, want] of Object.entries(EXPECTED)) {
    it(`${sample}: writes a commented manifest that validates and compiles, and says why`, () => {
      const dir = temp.copy(join(SAMPLES, sample));
      const r = pyenvc(['init'], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('wrote pyenv.yaml');
      expect(r.stdout).toMatch(new RegExp(`^ {2}preset +${want.preset} +\\S`, 'm'));
      expect(r.stdout).toMatch(new RegExp(`^ {2}dependencies +${want.manager} +\\S`, 'm'));
      const text = readFileSync(join(dir, 'pyenv.yaml'), 'utf8');
      expect(text).toMatch(/^# yaml-language-server: \$schema=/);
      expectValid(text);
      const value = parse(text) as { name: string; preset: string; python: { version: string }; dependencies: Record<string, unknown>; run?: { app?: string } };
      expect(value.preset).toBe(want.preset);
      expect(Object.keys(value.dependencies)).toEqual([want.manager]);
      if ('app' in want) expect(value.run?.app).toBe(want.app);
      if ('python' in want) expect(value.python.version).toBe(want.python);
      if ('name' in want) expect(value.name).toBe(want.name);
      expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe('docker-entrypoint.sh text eol=lf\n');
      const result = compileFolder(dir);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if ('pending' in want && errors.length > 0) {
        expect(errors.map((d) => d.code)).toEqual(['PYENV303']);
        expect(r.stdout).toContain('does not compile yet');
      } else {
        expect(errors).toEqual([]);
        expect(r.stdout).toContain('the manifest compiles');
        expect(pyenvc(['compile'], dir).code).toBe(0);
        expect(existsSync(join(dir, 'Dockerfile'))).toBe(true);
      }
    });
  }

  it('exits 1 when the manifest it wrote does not compile yet, and keeps it (trial 3, F7: exit 0 read as done)', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'requirements.txt'), 'flask\n-r base.txt\n');
    writeFileSync(join(dir, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    const r = pyenvc(['init'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('error PYENV302');
    expect(r.stdout).toContain('the manifest does not compile yet');
    expect(existsSync(join(dir, 'pyenv.yaml'))).toBe(true);
  });

  it('a conda file pinning a Python no python.version names: the manifest has none, and compiles (trial 3: jakevdp/PythonDataScienceHandbook)', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'environment.yml'), 'name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.5\n  - notebook\n');
    writeFileSync(join(dir, 'a.ipynb'), '{}');
    const r = pyenvc(['init'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('python.version is left out: environment.yml python "python=3.5" decides');
    const value = parse(readFileSync(join(dir, 'pyenv.yaml'), 'utf8')) as Record<string, unknown>;
    expect(value).not.toHaveProperty('python');
    expect(r.stdout).toContain('the manifest compiles');
  });

  it('never overwrites an existing manifest without --force (exit 3, file untouched)', () => {
    const dir = temp.copy(join(SAMPLES, 'pip-flask'));
    writeFileSync(join(dir, 'pyenv.yaml'), 'version: 1\nname: mine\n');
    const refused = pyenvc(['init'], dir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('pyenv.yaml: error PYENV504: not written: a manifest already exists');
    expect(readFileSync(join(dir, 'pyenv.yaml'), 'utf8')).toBe('version: 1\nname: mine\n');
    expect(existsSync(join(dir, '.gitattributes'))).toBe(false);
    expect(pyenvc(['init', '--force'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'pyenv.yaml'), 'utf8')).toContain('preset: flask');
    expect(pyenvc(['init', 'no-such-folder'], dir).code).toBe(2);
  });

  it('--stdout prints the manifest and writes nothing; .gitattributes is appended once, kept when it already covers the script', () => {
    const dir = temp.copy(join(SAMPLES, 'streamlit'));
    const printed = pyenvc(['init', '--stdout'], dir);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('preset: streamlit');
    expect(printed.stderr).toContain('advice: add `docker-entrypoint.sh text eol=lf` to .gitattributes');
    expect(existsSync(join(dir, 'pyenv.yaml'))).toBe(false);
    writeFileSync(join(dir, '.gitattributes'), '*.png binary');
    expect(pyenvc(['init'], dir).code).toBe(0);
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe('*.png binary\ndocker-entrypoint.sh text eol=lf\n');
    const again = pyenvc(['init', '--force'], dir);
    expect(again.stdout).toContain('.gitattributes: already keeps docker-entrypoint.sh LF');
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe('*.png binary\ndocker-entrypoint.sh text eol=lf\n');
  });
});

describe('init detection rules (pure)', () => {
  it('django: manage.py and the wsgi module; gunicorn missing is a to-do', () => {
    const plan = detect({ 'manage.py': '', 'mysite/wsgi.py': '', 'mysite/settings.py': '', 'requirements.txt': 'Django>=5\npsycopg[binary]\n' });
    expect(plan).toMatchObject({ preset: 'django', run: { app: 'mysite.wsgi:application' }, dependencies: { manager: 'pip', requirements: ['requirements.txt'] } });
    expect(plan.notes.join('\n')).toContain('gunicorn, which is not among your dependencies');
  });

  it('a lockfile wins over requirements.txt, in the order compile detects them', () => {
    expect(detect({ 'poetry.lock': '', 'uv.lock': '', 'requirements.txt': 'flask\n', 'pyproject.toml': '[project]\nname="x"\n' }).dependencies).toEqual({ manager: 'uv' });
    expect(detect({ 'Pipfile': '[packages]\nflask = "*"\ngunicorn = "*"\n[requires]\npython_version = "3.11"\n', 'Pipfile.lock': '{}', 'app.py': '' })).toMatchObject({ dependencies: { manager: 'pipenv' }, preset: 'flask', python: '3.11' });
    expect(detect({ 'environment.yaml': 'dependencies:\n  - python=3.10\n  - conda-forge::streamlit\n', 'app.py': '' })).toMatchObject({ dependencies: { manager: 'conda', file: 'environment.yaml' }, preset: 'streamlit', python: '3.10' });
  });

  it('pyproject sections without a lockfile: the manager plus a to-do; a PEP 621 (also pdm) project installs from pyproject.toml', () => {
    const poetry = detect({ 'pyproject.toml': '[tool.poetry]\nname = "svc"\n[tool.poetry.dependencies]\npython = "~3.11"\nflask = "*"\n' });
    expect(poetry).toMatchObject({ dependencies: { manager: 'poetry' }, preset: 'flask', python: '3.11', name: 'svc' });
    expect(poetry.notes.join('\n')).toContain('run `poetry lock`');
    const pdm = detect({ 'pyproject.toml': '[project]\nname = "p"\ndependencies = ["fastapi", "uvicorn"]\n[tool.pdm]\n', 'main.py': '' });
    // issue 11, item 1: [project] dependencies are installed (dependencies.pip.pyproject), with a lock to-do
    expect(pdm.dependencies).toEqual({ manager: 'pip', pyproject: true });
    expect(pdm.preset).toBe('fastapi');
    expect(pdm.notes.join('\n')).toContain('pip-compile pyproject.toml');
    const pdmWithRequirements = detect({ 'pyproject.toml': '[tool.pdm]\n', 'requirements.txt': 'rich\n', 'main.py': '' });
    expect(pdmWithRequirements.dependencies).toEqual({ manager: 'pip', requirements: ['requirements.txt'] });
  });

  it('requirements: requirements.txt first, else the one that is not for dev/test; dev files are mentioned', () => {
    expect(detect({ 'requirements/dev.txt': '', 'requirements/prod.txt': 'flask\n', 'app.py': '' }).dependencies).toEqual({ manager: 'pip', requirements: ['requirements/prod.txt'] });
    expect(detect({ 'requirements-test.txt': 'pytest\n', 'main.py': '' }).dependencies).toBeUndefined();
  });

  it('notebooks make a jupyter project; notebook without jupyterlab picks the classic interface', () => {
    expect(detect({ 'a/b.ipynb': '{}' })).toMatchObject({ preset: 'jupyter' });
    expect(detect({ 'requirements.txt': 'notebook==6.5\n' })).toMatchObject({ preset: 'jupyter', jupyterInterface: 'notebook' });
    expect(detect({ 'x.ipynb': '{}' }).notes.join('\n')).toContain('jupyterlab is not among your dependencies');
    // A Binder repository lists only its libraries (repo2docker adds Jupyter): with pip, init pins
    // jupyterlab in dependencies.pip.packages the way it pins gunicorn (trial 3: binder-examples/requirements).
    const binder = detect({ 'index.ipynb': '{}', 'requirements.txt': 'numpy\nmatplotlib\n' });
    expect(binder).toMatchObject({ preset: 'jupyter', packages: ['jupyterlab==4.6.3'] });
    expect(binder.notes.join('\n')).toContain('init pinned jupyterlab==4.6.3 in dependencies.pip.packages');
    expect(detect({ 'index.ipynb': '{}', 'requirements.txt': 'numpy\n', '.python-version': '3.9\n' }).packages).toEqual(['jupyterlab==4.5.10']);
    expect(detect({ 'index.ipynb': '{}', 'requirements.txt': 'numpy\njupyterlab\n' }).packages).toBeUndefined();
  });

  it('scripts, names and unparseable files', () => {
    expect(detect({ 'app.py': '' })).toMatchObject({ preset: 'script', run: { command: ['python', 'app.py'] } });
    expect(detect({}, 'My Project!')).toMatchObject({ preset: 'script', name: 'my-project' });
    expect(detect({}, '___')).toMatchObject({ name: 'app' });
    const broken = detect({ 'pyproject.toml': '[project\n', 'main.py': '' });
    expect(broken.notes.join('\n')).toContain('does not parse as TOML');
  });

  it('every rendered manifest validates, whatever was detected', () => {
    const folders: Record<string, string>[] = [
      {},
      { 'manage.py': '' },
      { 'x.ipynb': '{}', 'requirements.txt': 'notebook\n' },
      { 'pyproject.toml': '[tool.uv]\n', 'main.py': '' },
      { 'Pipfile': '[packages]\nstreamlit = "*"\n', 'Home.py': '' },
      { 'environment.yml': 'dependencies: [python=3.12.1, flask]\n', 'wsgi.py': '' },
    ];
    for (const files of folders) expectValid(renderInitManifest(detect(files)));
  });

  it('python.version from a spec: exact pins kept, ranges give the default when they allow it, else their line nearest to it (trial 3, F11)', () => {
    expect(choosePythonVersion('3.11')).toBe('3.11');
    expect(choosePythonVersion('==3.11.4')).toBe('3.11.4');
    expect(choosePythonVersion('==3.10.*')).toBe('3.10');
    // open-ended: the same 3.12 a project without any constraint gets (pypa/sampleproject's ">=3.9")
    expect(choosePythonVersion('>=3.9')).toBe('3.12');
    expect(choosePythonVersion('>=3.9,<3.12')).toBe('3.11');
    expect(choosePythonVersion('>=3.13')).toBe('3.13');
    expect(choosePythonVersion('^3.10')).toBe('3.12');
    expect(choosePythonVersion('~3.10')).toBe('3.10');
    expect(choosePythonVersion('~=3.10')).toBe('3.12');
    expect(choosePythonVersion('~=3.10.2')).toBe('3.10');
    expect(choosePythonVersion('<3.9')).toBeUndefined();
    // Poetry alternatives: either side may hold.
    expect(choosePythonVersion('>=3.8,<3.9 || >=3.11,<3.12')).toBe('3.11');
  });

  it('.gitattributes: created, appended after a conflicting rule, or left alone when covered', () => {
    expect(updateGitattributes(undefined)).toEqual({ action: 'create', text: 'docker-entrypoint.sh text eol=lf\n' });
    expect(updateGitattributes('* text=auto\n')).toEqual({ action: 'append', text: '* text=auto\ndocker-entrypoint.sh text eol=lf\n' });
    expect(updateGitattributes('*.sh text eol=lf\n')).toEqual({ action: 'present' });
    expect(updateGitattributes('*.sh text eol=lf\ndocker-entrypoint.sh -text\n').action).toBe('append');
  });
});
