import { describe, expect, it } from 'vitest';
import { providedNames } from '../src/catalog/packages.js';
import { detectProject } from '../src/init/detect.js';
import { compile } from '../src/index.js';
import { parsePyproject } from '../src/project/pyproject.js';
import { ProjectFacts } from '../src/project/read-project.js';
import { parseRequirementSpec } from '../src/project/requirement-spec.js';

/** A folder as {path: contents}. */
const folder = (files: Record<string, string>) => new ProjectFacts((p) => files[p], Object.keys(files).sort());
const detect = (files: Record<string, string>) => detectProject('demo', Object.keys(files).sort(), (p) => files[p]);

describe('PEP 508 requirement specs', () => {
  it.each([
    ['Flask_SQLAlchemy>=3.0', { name: 'flask-sqlalchemy', extras: [], specifier: '>=3.0' }],
    ['fastapi[Standard, all] ==0.115.0 ; python_version >= "3.9"', { name: 'fastapi', extras: ['all', 'standard'], specifier: '==0.115.0' }],
    ['uvicorn (>=0.20,<1)', { name: 'uvicorn', extras: [], specifier: '>=0.20,<1' }],
    ['requests @ https://example.org/requests.whl', { name: 'requests', extras: [], specifier: '' }],
    ['jupyter~=1.0.0', { name: 'jupyter', extras: [], specifier: '~=1.0.0' }],
  ])('%s', (text, want) => expect(parseRequirementSpec(text)).toEqual(want));

  it('refuses text that does not start with a name', () => expect(parseRequirementSpec('-r base.txt')).toBeUndefined());
});

describe('what a requirement provides (catalog/packages.ts)', () => {
  it('fastapi[standard] and [all] bring uvicorn; plain fastapi does not', () => {
    expect(providedNames(parseRequirementSpec('fastapi[standard]>=0.110')!)).toContain('uvicorn');
    expect(providedNames(parseRequirementSpec('fastapi[all]')!)).toContain('uvicorn');
    expect(providedNames(parseRequirementSpec('fastapi')!)).not.toContain('uvicorn');
  });
  it('the jupyter metapackage below 1.1 is the classic notebook; from 1.1 (or unpinned) it has JupyterLab', () => {
    for (const old of ['jupyter==1.0.0', 'jupyter<1.1', 'jupyter~=1.0.0', 'jupyter<=1.0.0']) expect(providedNames(parseRequirementSpec(old)!), old).not.toContain('jupyterlab');
    for (const recent of ['jupyter', 'jupyter>=1.1', 'jupyter==1.1.1']) expect(providedNames(parseRequirementSpec(recent)!), recent).toContain('jupyterlab');
  });
});

describe('pyproject.toml facts', () => {
  it('reads PEP 621, PEP 517, scripts, extras and tool tables', () => {
    const facts = parsePyproject(`
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
[project]
name = "shop"
requires-python = ">=3.10"
dependencies = ["flask>=2.2", "gunicorn"]
dynamic = ["version"]
[project.optional-dependencies]
postgres = ["psycopg2>=2.9"]
[project.scripts]
shop = "shop.cli:main"
[tool.hatch.build]
packages = ["src/shop"]
`)!;
    expect(facts).toMatchObject({
      name: 'shop',
      hasProject: true,
      dependencies: ['flask>=2.2', 'gunicorn'],
      optionalDependencies: { postgres: ['psycopg2>=2.9'] },
      dynamic: ['version'],
      requiresPython: { spec: '>=3.10', table: 'project' },
      scripts: { shop: 'shop.cli:main' },
      buildBackend: 'hatchling.build',
      buildRequires: ['hatchling'],
      tools: ['hatch'],
    });
  });
  it('is undefined for text that is not TOML', () => expect(parsePyproject('[project\nname=')).toBeUndefined());
});

describe('init and compile read requirement files the same way (one reader)', () => {
  const files = {
    'requirements.txt': '-r requirements/prod.txt\n',
    'requirements/prod.txt': '-r base.txt\ngunicorn==20.1.0\n',
    'requirements/base.txt': 'Flask==2.2.2\n',
    'requirements/dev.txt': '-r base.txt\npytest\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  };

  it('init follows -r includes: flask and gunicorn are listed, included files are not "not installed"', () => {
    const plan = detect(files);
    expect(plan.preset).toBe('flask');
    expect(plan.notes.join('\n')).not.toMatch(/gunicorn, which is not among your dependencies/);
    expect(plan.notes.join('\n')).toContain('also found requirements/dev.txt: not installed');
    expect(plan.notes.join('\n')).not.toMatch(/requirements\/(prod|base)\.txt/);
  });

  it('compile copies exactly the files init says are installed', () => {
    const project = folder(files);
    const initTree = project.requirements([{ path: 'requirements.txt', at: [] }]);
    const result = compile({ file: 'pyenv.yaml', text: 'version: 1\nname: demo\npreset: flask\n', readFile: (p) => (files as Record<string, string>)[p] });
    expect(result.ok).toBe(true);
    expect(result.plan!.dependencies.files).toEqual(initTree.files);
    expect(initTree.files).toEqual(['requirements.txt', 'requirements/base.txt', 'requirements/prod.txt']);
  });

  it('every requirement keeps its file, line and column', () => {
    const tree = folder(files).requirements([{ path: 'requirements.txt', at: [] }]);
    // depth first, as pip reads them: the include on line 1 of prod.txt comes before its line 2
    expect(tree.entries.map((e) => [e.name, e.at])).toEqual([
      ['flask', { file: 'requirements/base.txt', line: 1, column: 1 }],
      ['gunicorn', { file: 'requirements/prod.txt', line: 2, column: 1 }],
    ]);
  });

  it('constraints pin, they do not install: a name only in a -c file is not listed', () => {
    const tree = folder({ 'requirements.txt': '-c constraints.txt\nflask\n', 'constraints.txt': 'django==4.2\n' }).requirements([{ path: 'requirements.txt', at: [] }]);
    expect(tree.names).toEqual(['flask']);
    expect(tree.files).toEqual(['constraints.txt', 'requirements.txt']);
  });
});

describe('init reads dependency facts right', () => {
  it('fastapi[standard] brings uvicorn: no "add uvicorn" to-do', () => {
    const plan = detect({ 'requirements.txt': 'fastapi[standard]>=0.110\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    expect(plan.preset).toBe('fastapi');
    expect(plan.notes.join('\n')).not.toContain('uvicorn');
  });
  it('a jupyter metapackage below 1.1 gives the classic notebook interface', () => {
    expect(detect({ 'requirements.txt': 'jupyter==1.0.0\n', 'a.ipynb': '{}' }).jupyterInterface).toBe('notebook');
    expect(detect({ 'requirements.txt': 'jupyter>=1.1\n', 'a.ipynb': '{}' }).jupyterInterface).toBeUndefined();
  });
  it('an environment.yml whose pip: list does -r requirements.txt is read through', () => {
    const plan = detect({
      'environment.yml': 'channels: [conda-forge]\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n      - -r requirements.txt\n',
      'requirements.txt': 'streamlit==1.30\n',
      'streamlit_app.py': 'import streamlit as st\n',
    });
    expect(plan.preset).toBe('streamlit');
    expect(plan.python).toBe('3.11');
  });
  it('[project] optional dependencies count as listed', () => {
    const plan = detect({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = []\n[project.optional-dependencies]\nweb = ["flask"]\n', 'requirements.txt': 'flask\n', 'app.py': '' });
    expect(plan.preset).toBe('flask');
  });
});
