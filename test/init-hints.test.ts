// The third stranger trial (notes/trial-report.md), failures F4, F5, F7, F8 and F11's Python items: the
// hints init takes from a folder and the Python it chooses, each as a rule with the repository it came from.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PYTHON } from '../src/catalog/python-images.js';
import { compile, type CompileResult } from '../src/index.js';
import { detectProject } from '../src/init/detect.js';
import { chooseEnvFile } from '../src/init/env-files.js';
import { renderInitManifest } from '../src/init/render.js';
import { dockerignoreMatcher } from '../src/manifest/dockerignore-matcher.js';
import { isWorkspaceMemberFolder, matchesGlob } from '../src/project/uv-workspace-root.js';
import { readWithProgram, ROOT } from './helpers/fixtures.js';

const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const init = (files: Record<string, string>, parentFiles: string[] = []) => detectProject('demo', Object.keys(files).sort(), (p) => files[p], { parentFiles });
const build = (manifest: string, files: Record<string, string>, extra: Partial<Parameters<typeof compile>[0]> = {}): CompileResult =>
  compile({ file: 'pyenv.yaml', text: `version: 1\nname: demo\n${manifest}`, readFile: readWithProgram(files), ...extra });
const codes = (r: CompileResult) => r.diagnostics.map((d) => d.code);
/** init's manifest for the files, compiled against them: what a user gets without editing. */
const initAndCompile = (files: Record<string, string>) => {
  const plan = init(files);
  return { plan, result: compile({ file: 'pyenv.yaml', text: renderInitManifest(plan), readFile: readWithProgram(files), files: Object.keys(files) }) };
};

const flask = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
const realworld = {
  'pyproject.toml': '[tool.poetry]\nname = "realworld"\nversion = "0"\n\n[tool.poetry.dependencies]\npython = "^3.9"\nfastapi = "^0.79"\nuvicorn = "^0.18"\n',
  'poetry.lock': `[[package]]\nname = "asyncpg"\nversion = "0.26.0"\nfiles = [\n${['cp38', 'cp39', 'cp310'].map((t) => `    {file = "asyncpg-0.26.0-${t}-${t}-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", hash = "sha256:00"},`).join('\n')}\n]\n`,
  Dockerfile: 'FROM python:3.9.10-slim\nRUN pip install poetry==1.1\n',
  'app/__init__.py': '',
  'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
};

describe('F4: a hand-written Dockerfile’s FROM python:X is a hint, not a constraint', () => {
  it('never below the tool’s minimum: realworld’s python:3.9.10-slim with Poetry 2.4 gives 3.10, and the manifest compiles (nsidnev/fastapi-realworld-example-app)', () => {
    const { plan, result } = initAndCompile(realworld);
    expect(plan.python).toBe('3.10');
    expect(plan.findings.find((f) => f.field === 'python.version')!.because).toContain('3.9 is below the minimum of poetry');
    expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
    expect(codes(result)).not.toContain('PYENV333');
    expect(codes(result)).not.toContain('PYENV330');
  });

  it('never an end-of-life line the project does not insist on: python:3.10-alpine and python:3.7-alpine give 3.11, without a conflict to-do (docker/awesome-compose flask, django)', () => {
    for (const from of ['FROM --platform=$BUILDPLATFORM python:3.10-alpine AS builder', 'FROM --platform=$BUILDPLATFORM python:3.7-alpine AS builder']) {
      const { plan, result } = initAndCompile({ ...flask, Dockerfile: `${from}\n` });
      expect(plan.python).toBe('3.11');
      expect(plan.findings.find((f) => f.field === 'python.version')!.because).toMatch(/^the supported Python nearest to the 3\.(10|7) of Dockerfile .*past end of life$/);
      expect(plan.notes.join('\n')).not.toContain('no published Python');
      expect(codes(result)).not.toContain('PYENV330');
      expect(codes(result)).not.toContain('PYENV306');
    }
  });

  it('a supported line the project allows is kept; the project’s own constraints still win over it', () => {
    expect(init({ ...flask, Dockerfile: 'FROM python:3.13-slim\n' })).toMatchObject({ python: '3.13' });
    expect(init({ ...flask, Dockerfile: 'FROM python:3.13-slim\n' }).findings.find((f) => f.field === 'python.version')!.because).toBe('Dockerfile "FROM python:3.13-slim" runs it today');
    const pinned = init({ ...flask, Dockerfile: 'FROM python:3.13-slim\n', '.python-version': '3.11\n' });
    expect(pinned.python).toBe('3.11');
    expect(pinned.notes.join('\n')).not.toContain('python.version');
  });

  it('compile never checks python.version against a Dockerfile, which it replaces: no PYENV330 on every compile', () => {
    const r = build('preset: flask\npython:\n  version: "3.12"\noutput:\n  dockerfile: pyenvc.Dockerfile\n', { ...flask, Dockerfile: 'FROM python:3.7-alpine\n' });
    expect(r.ok).toBe(true);
    expect(codes(r)).not.toContain('PYENV330');
    // not written: the choice ignores the Dockerfile too, so it cannot change once `compile --force` replaces it
    expect(build('preset: flask\n', { ...flask, Dockerfile: 'FROM python:3.10\n' }).plan!.base.pythonVersion).toBe(DEFAULT_PYTHON);
  });

  it('no hint recommends a python.version that would be an error: each suggested value compiles without a Python error', () => {
    const cases: [string, Record<string, string>][] = [
      ['python:\n  version: "3.10"\n', { ...realworld, '.python-version': '3.9\n' }],
      ['python:\n  version: "3.12"\n', { ...realworld, '.python-version': '3.11\n' }],
      ['python:\n  version: "3.12"\n', { Pipfile: '[packages]\nflask = "*"\n\n[requires]\npython_version = "3.11"\n', 'Pipfile.lock': '{}' }],
      ['python:\n  version: "3.11"\n', { 'pyproject.toml': '[project]\nname = "a"\nversion = "0"\nrequires-python = ">=3.12"\n', 'uv.lock': 'version = 1\n' }],
    ];
    for (const [manifest, files] of cases) {
      const hints = build(manifest, files).diagnostics.filter((d) => /^PYENV33[0-3]$/.test(d.code) && d.severity !== 'note');
      expect(hints.length, manifest).toBeGreaterThan(0);
      for (const d of hints) {
        const suggested = /use python\.version "([\d.]+)"/.exec(d.hint ?? '')?.[1];
        if (!suggested) continue;
        const again = build(`python:\n  version: "${suggested}"\n`, files);
        expect(again.diagnostics.filter((x) => /^PYENV33[0-3]$/.test(x.code) && x.severity !== 'note'), `${d.code} suggested ${suggested}: ${d.hint}`).toEqual([]);
      }
    }
    // .python-version "3.9" and Poetry 2.4: no python.version satisfies both, so the hint names the file only
    const [w] = build('python:\n  version: "3.10"\n', { ...realworld, '.python-version': '3.9\n' }).diagnostics.filter((d) => d.code === 'PYENV330');
    expect(w!.hint).toBe('change .python-version to allow 3.10');
  });
});

describe('F11: the Python an open range gets, and the Pipfile hint', () => {
  it('requires-python ">=3.9" gives the same 3.12 as no constraint, in init and in compile (pypa/sampleproject)', () => {
    const project = { 'pyproject.toml': '[project]\nname = "sample"\nversion = "0"\nrequires-python = ">=3.9"\n\n[project.scripts]\nsample = "sample:main"\n', 'src/sample/__init__.py': 'def main():\n    pass\n' };
    expect(init(project).python).toBe(DEFAULT_PYTHON);
    expect(build('preset: script\n', { 'requirements.txt': 'flask\n', ...project }).plan!.base.pythonVersion).toBe(DEFAULT_PYTHON);
    expect(build('preset: script\n', { 'requirements.txt': 'flask\n' }).plan!.base.pythonVersion).toBe(DEFAULT_PYTHON);
  });

  it('PYENV331 against a Pipfile says to relock; with python_version "3.6" no Python fits Pipenv, so the Pipfile is what changes (binder-examples/pipfile)', () => {
    const pipfile = (version: string) => ({ Pipfile: `[packages]\nnotebook = "*"\n\n[requires]\npython_version = "${version}"\n`, 'Pipfile.lock': '{}' });
    const error = (r: CompileResult) => r.diagnostics.find((d) => d.code === 'PYENV331' && d.severity === 'error')!;
    expect(error(build('python:\n  version: "3.12"\n', pipfile('3.11'))).hint).toBe('use python.version "3.11", or change Pipfile to allow 3.12, then run `pipenv lock`');
    expect(error(build('python:\n  version: "3.12"\n', pipfile('3.6'))).hint).toBe('change Pipfile to allow 3.12, then run `pipenv lock`');
  });
});

describe('F5: uv workspaces', () => {
  const root = {
    'pyproject.toml': '[dependency-groups]\ndev = ["pytest"]\n\n[tool.uv.workspace]\nmembers = ["backend"]\n',
    'uv.lock': 'version = 1\nrequires-python = ">=3.14"\n\n[manifest]\nmembers = ["app"]\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "backend" }\n',
    'backend/pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.14,<4.0"\ndependencies = ["fastapi[standard]"]\n',
    'backend/app/__init__.py': '',
    'backend/app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  };

  it('member globs as uv reads them: * within a segment, ** across, exclude wins; the root is not its own member', () => {
    expect(matchesGlob('packages/*', 'packages/api')).toBe(true);
    expect(matchesGlob('packages/*', 'packages/api/x')).toBe(false);
    expect(matchesGlob('libs/**', 'libs/a/b')).toBe(true);
    expect(matchesGlob('./backend/', 'backend')).toBe(true);
    expect(isWorkspaceMemberFolder({ uvWorkspaceMembers: ['packages/*'], uvWorkspaceExclude: ['packages/seeds'] }, 'packages/seeds')).toBe(false);
    expect(isWorkspaceMemberFolder({ uvWorkspaceMembers: ['*'] }, '.')).toBe(false);
  });

  it('at the root, the member with the app sets the preset, run.app and dependencies.uv.package, and the manifest compiles (fastapi/full-stack-fastapi-template)', () => {
    const { plan, result } = initAndCompile(root);
    expect(plan).toMatchObject({ preset: 'fastapi', run: { app: 'app.main:app' }, dependencies: { manager: 'uv', package: 'app' }, python: '3.14' });
    expect(renderInitManifest(plan)).toContain('  uv:\n    package: app   # backend/ is the workspace member');
    expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
    expect(result.diagnostics.find((d) => d.code === 'PYENV339')?.message).toContain('PYTHONPATH=/app/backend');
    expect(codes(result)).not.toContain('PYENV411');
  });

  it('several members with something to run: the first by path, the others on the to-do list; a src layout’s PYTHONPATH is left to compile', () => {
    const plan = init({
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'uv.lock': 'version = 1\n',
      'packages/api/pyproject.toml': '[project]\nname = "api"\nversion = "0"\ndependencies = ["fastapi", "uvicorn"]\n',
      'packages/api/src/api/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      'packages/worker/pyproject.toml': '[project]\nname = "worker"\nversion = "0"\ndependencies = ["rq"]\n',
      'packages/worker/main.py': 'print(1)\n',
    });
    expect(plan).toMatchObject({ preset: 'fastapi', dependencies: { package: 'api' } });
    expect(plan.env).toBeUndefined();
    expect(plan.notes.join('\n')).toContain('other workspace members have something to run too (worker in packages/worker/, script)');
  });

  it('a root project with its own app is built itself, not a member', () => {
    const plan = init({ ...root, 'pyproject.toml': '[project]\nname = "site"\nversion = "0"\ndependencies = ["flask"]\n\n[tool.uv.workspace]\nmembers = ["backend"]\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    expect(plan).toMatchObject({ preset: 'flask', dependencies: { manager: 'uv' } });
    expect(plan.dependencies).not.toHaveProperty('package');
  });

  it('compile in a member folder: PYENV338 naming the workspace root and `pyenvc init ..`, not PYENV304’s "run uv lock in the project folder"', () => {
    const member = { 'pyproject.toml': root['backend/pyproject.toml'], 'app/__init__.py': '', 'app/main.py': root['backend/app/main.py'] };
    const r = build('preset: fastapi\ndependencies:\n  uv: {}\nrun:\n  app: "app.main:app"\n', member, { uvWorkspace: { root: '..', member: 'backend', members: ['backend'], locked: true } });
    expect(codes(r)).toContain('PYENV338');
    expect(codes(r)).not.toContain('PYENV304');
    const d = r.diagnostics.find((x) => x.code === 'PYENV338')!;
    expect(d.message).toContain('this folder is the member backend of the uv workspace at .. (../pyproject.toml [tool.uv.workspace] members ["backend"])');
    expect(d.hint).toContain('`npx pyenvc init ..` writes one');
    expect(d.hint).toContain('dependencies: { uv: { package: app } }');
    // without the fact from above, the old rule stands
    expect(codes(build('preset: fastapi\ndependencies:\n  uv: {}\n', member))).toContain('PYENV304');
  });

  it('the CLI finds the root above a member: init exits 2 and writes nothing, compile reports PYENV338', () => {
    const top = mkdtempSync(join(tmpdir(), 'pyenvc-workspace-'));
    try {
      for (const [path, text] of Object.entries(root)) {
        mkdirSync(dirname(join(top, path)), { recursive: true });
        writeFileSync(join(top, path), text);
      }
      const backend = join(top, 'backend');
      const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: backend, encoding: 'utf8' });
      const refused = run(['init', '--no-gitattributes']);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('npx pyenvc init ..    # writes ../pyenv.yaml with dependencies: { uv: { package: app } }');
      expect(() => readFileSync(join(backend, 'pyenv.yaml'))).toThrow();
      writeFileSync(join(backend, 'pyenv.yaml'), 'version: 1\nname: backend\npreset: fastapi\ndependencies:\n  uv: {}\nrun:\n  app: "app.main:app"\n');
      const compiled = run(['compile', '--stdout']);
      expect(compiled.status).toBe(1);
      expect(compiled.stderr).toContain('error PYENV338');
      expect(compiled.stderr).not.toContain('Error:');
      rmSync(join(backend, 'pyenv.yaml'));
      const atRoot = spawnSync(process.execPath, [CLI, 'init', '--no-gitattributes'], { cwd: top, encoding: 'utf8' });
      expect(atRoot.status, atRoot.stderr).toBe(0);
      expect(atRoot.stdout).toContain('the manifest compiles');
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});

describe('F7: the env file the app reads its settings from', () => {
  it('.env → compose.env_file .env, no to-do', () => {
    expect(chooseEnvFile(['.env', 'app.py'])).toMatchObject({ file: '.env', notes: [] });
  });

  it('only a template → .env and a to-do to copy it (nsidnev/fastapi-realworld-example-app .env.example)', () => {
    const choice = chooseEnvFile(['.env.example', 'app.py'])!;
    expect(choice.file).toBe('.env');
    expect(choice.notes).toEqual(['create .env from .env.example and fill in real values: `cp .env.example .env`. `docker compose up` stops with "env file … not found" until it exists']);
  });

  it('templates at the repository root above the app, beside its Compose file (testdrivenio/django-on-docker); not without a Compose file there', () => {
    const parent = ['.env.dev-sample', '.env.prod-sample', 'docker-compose.yml'];
    const choice = chooseEnvFile(['manage.py'], parent)!;
    expect(choice.notes[0]).toContain('`cp ../.env.dev-sample .env` (also found ../.env.prod-sample)');
    expect(choice.notes[0]).toContain('compose.env_file must be inside the project folder');
    expect(chooseEnvFile(['manage.py'], ['.env.dev-sample'])).toBeUndefined();
  });

  it('not an env file: .flaskenv, .envrc, environment.yml', () => {
    expect(chooseEnvFile(['.flaskenv', '.envrc', 'environment.yml'])).toBeUndefined();
    expect(chooseEnvFile(['example.env'])?.file).toBe('.env');
    expect(chooseEnvFile(['.env.local'])?.notes[0]).toContain('`cp .env.local .env`');
  });

  it('init writes it in the compose mapping, beside compose.file when a Compose file is taken', () => {
    const text = renderInitManifest(init({ ...flask, '.env': 'SECRET_KEY=x\n', 'docker-compose.yml': 'services: {}\n' }));
    expect(text).toMatch(/\ncompose:\n {2}file: compose\.pyenvc\.yaml {3}# .*\n {2}env_file: \.env {3}# \.env exists/);
  });

  it('the env file never enters the image: excluded by the .dockerignore (any name), a `!` line that brings it back warns, and copying it is an error', () => {
    const ignoreOf = (r: CompileResult) => r.artifacts.find((a) => a.path.endsWith('.dockerignore'))!.contents.split('\n');
    const dotenv = build('preset: flask\ncompose:\n  env_file: .env\n', { ...flask, '.env': 'SECRET_KEY=x\n' });
    expect(dockerignoreMatcher(ignoreOf(dotenv)).ignores('.env')).toBe(true);
    expect(ignoreOf(dotenv)).not.toContain('# compose.env_file: Compose reads it when the container starts; it must never be in the image');
    const other = build('preset: flask\ncompose:\n  env_file: config/app.conf\n', { ...flask, 'config/app.conf': 'SECRET_KEY=x\n' });
    expect(ignoreOf(other)).toContain('config/app.conf');
    expect(dockerignoreMatcher(ignoreOf(other)).ignores('config/app.conf')).toBe(true);
    const back = build('preset: flask\ncompose:\n  env_file: config/app.conf\nproject:\n  ignore: ["!config/"]\n', { ...flask, 'config/app.conf': 'x\n' });
    expect(back.diagnostics.find((d) => d.code === 'PYENV520')?.message).toContain('config/app.conf (compose.env_file)');
    const copied = build('preset: flask\ncompose:\n  env_file: settings.env\nproject:\n  copy: [app.py, settings.env]\n', { ...flask, 'settings.env': 'x\n' });
    expect(copied.ok).toBe(false);
    expect(codes(copied)).toContain('PYENV502');
  });

  it('a name no .dockerignore line can match literally is not written as one; left uncovered it warns (PYENV270)', () => {
    const odd = build('preset: flask\ncompose:\n  env_file: "env/(prod) "\n', { ...flask });
    expect(odd.ok).toBe(true);
    expect(odd.diagnostics.find((d) => d.code === 'PYENV270')).toMatchObject({ severity: 'warning', line: 5, message: expect.stringContaining('`COPY . ./` puts it in the image') });
    const covered = build('preset: flask\ncompose:\n  env_file: "env/(prod) "\nproject:\n  ignore: [env/]\n', { ...flask });
    expect(codes(covered)).not.toContain('PYENV270');
    expect(codes(build('preset: flask\ncompose:\n  env_file: "settings (1).env"\n', { ...flask }))).not.toContain('PYENV270');
  });
});

describe('F8: Jupyter token, one story in the manifest comment, the compose file and the README', () => {
  const command = 'mkdir -p secrets && openssl rand -hex 16 > secrets/jupyter_token';
  it('init’s comment and the compose header give the command for the secret file compose reads', () => {
    const files = { 'requirements.txt': 'jupyterlab\n', 'analysis.ipynb': '{}' };
    const text = renderInitManifest(init(files));
    expect(text).toContain(`auth: token                   # before \`docker compose up\`: ${command}`);
    expect(text).not.toContain('JUPYTER_TOKEN');
    const compose = compile({ file: 'pyenv.yaml', text, readFile: readWithProgram(files) }).artifacts.find((a) => a.path === 'compose.yaml')!.contents;
    expect(compose).toContain(command);
    expect(compose).toContain('JUPYTER_TOKEN_FILE: /run/secrets/jupyter_token');
    expect(compose).not.toMatch(/^\s+JUPYTER_TOKEN:/m);
  });

  it('the README says the same, and no longer that JUPYTER_TOKEN in the shell reaches compose', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(command);
    expect(readme).not.toContain('JUPYTER_TOKEN=$(openssl rand -hex 16) docker compose up');
  });
});
