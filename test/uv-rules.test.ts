/**
 * Issue 12 items 1, 2 and 11: uv's own rules, encoded statically because the uv binary cannot run
 * here (its image is on ghcr.io). Each block names the upstream source of the rule it checks.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../src/index.js';
import { unacceptedRegistries } from '../src/passes/managers/uv-index.js';
import { parsePyproject } from '../src/project/pyproject.js';
import { parseUvLock } from '../src/project/uv-lock.js';
import { argumentText, envOf, stagesOf, type Stage } from './helpers/dockerfile.js';
import { artifactsOf, compileFolder, FIXTURES, readWithProgram } from './helpers/fixtures.js';

function compileProject(manifest: string, files: Record<string, string>): CompileResult {
  return compile({ file: 'pyenv.yaml', text: manifest, readFile: readWithProgram(files) });
}
const codes = (r: CompileResult) => r.diagnostics.map((d) => `${d.severity} ${d.code}`);
const builderLines = (dockerfile: string) => {
  const builder = stagesOf(dockerfile)[0] as Stage;
  return builder.instructions.map((i) => `${i.getKeyword()} ${argumentText(i)}`);
};
/** The `uv sync ...` command of each RUN of the builder, in order. */
const syncs = (dockerfile: string) => builderLines(dockerfile).filter((l) => l.includes('uv sync')).map((l) => l.slice(l.indexOf('uv sync')).trim());

const lockOf = (packages: [name: string, source: string][], extra = '') =>
  `version = 1\nrevision = 3\nrequires-python = ">=3.12"\n${extra}\n${packages.map(([n, s]) => `[[package]]\nname = "${n}"\nversion = "1.0"\nsource = ${s}\n`).join('\n')}`;
const MIRROR = 'https://mirror.example.org/simple';
const mixedLock = parseUvLock(lockOf([['app', '{ editable = "." }'], ['fastapi', `{ registry = "${MIRROR}" }`], ['torch', '{ registry = "https://pypi.org/simple" }']]))!;

describe('item 1: index.url against the registries in uv.lock (astral-sh/uv PR #6026, issue #6349)', () => {
  const pyproject = (text: string) => parsePyproject(`[project]\nname = "app"\n${text}`)!;

  it('reads each registry URL of the lock with the packages locked from it', () => {
    expect([...mixedLock.registries.entries()]).toEqual([
      [MIRROR, ['fastapi']],
      ['https://pypi.org/simple', ['torch']],
    ]);
  });

  it('a registry that is neither index.url nor a [[tool.uv.index]] is rejected; declaring it accepts it', () => {
    expect(unacceptedRegistries(MIRROR, mixedLock, [pyproject('')])).toEqual([{ url: 'https://pypi.org/simple', packages: ['torch'] }]);
    expect(unacceptedRegistries(MIRROR, mixedLock, [pyproject('[[tool.uv.index]]\nname = "pypi"\nurl = "https://pypi.org/simple"\nexplicit = true\n')])).toEqual([]);
  });

  it('a [[tool.uv.index]] with default = true is replaced by UV_DEFAULT_INDEX (the environment wins: docs/concepts/indexes.md)', () => {
    expect(unacceptedRegistries(MIRROR, mixedLock, [pyproject('[[tool.uv.index]]\nname = "pypi"\nurl = "https://pypi.org/simple"\ndefault = true\n')])).toHaveLength(1);
  });

  it('URLs compare as uv writes them: host case and default port do not matter, a trailing slash does (issue #11312)', () => {
    const lock = parseUvLock(lockOf([['a', `{ registry = "${MIRROR}" }`]]))!;
    expect(unacceptedRegistries('HTTPS://Mirror.Example.org:443/simple', lock, [])).toEqual([]);
    expect(unacceptedRegistries(`${MIRROR}/`, lock, [])).toEqual([{ url: MIRROR, packages: ['a'] }]);
  });

  it('without index.url nothing is checked: uv does not enforce registries when no index is configured', () => {
    expect(unacceptedRegistries(undefined, mixedLock, [])).toEqual([]);
  });

  it('a lock resolved entirely against the mirror compiles with index.url, and UV_DEFAULT_INDEX is set in the builder', () => {
    const lock = lockOf([['app', '{ editable = "." }'], ['fastapi', `{ registry = "${MIRROR}" }`]]);
    const result = compileProject(`version: 1\nname: demo\npreset: fastapi\ndependencies:\n  uv: {}\n  index:\n    url: ${MIRROR}\n`, { 'pyproject.toml': '[project]\nname = "app"\n', 'uv.lock': lock });
    expect(codes(result)).not.toContain('error PYENV335');
    expect(envOf(stagesOf(artifactsOf(result)['Dockerfile']!)[0]!).get('UV_DEFAULT_INDEX')).toBe(MIRROR);
  });

  it('the error fixture (pypi.org plus a mirror, pypi.org undeclared) is PYENV335 at index.url with the [[tool.uv.index]] + relock fix', () => {
    const result = compileFolder(join(FIXTURES, '_errors_', 'uv-index-url-mirror'));
    const error = result.diagnostics.find((d) => d.code === 'PYENV335')!;
    expect(error).toMatchObject({ severity: 'error', line: 7, column: 10 });
    expect(error.message).toContain('https://pypi.org/simple (torch)');
    expect(error.hint).toMatch(/\[\[tool\.uv\.index\]\].*uv lock/);
  });

  it('the good fixture declares pypi.org as an explicit index and compiles', () => {
    expect(compileFolder(join(FIXTURES, 'uv-mirror-lock')).ok).toBe(true);
  });
});

describe('item 2: workspaces and path sources (astral-sh/uv docs/guides/integration/docker.md, "Intermediate layers in workspaces")', () => {
  const folder = join(FIXTURES, 'uv-workspace');

  it('reads the workspace members and their folders from uv.lock', () => {
    const text = compileFolder(folder).plan!.dependencies.files;
    expect(text).toEqual(['packages/api/pyproject.toml', 'packages/core/pyproject.toml', 'pyproject.toml', 'uv.lock']);
  });

  it('first sync --frozen --no-install-workspace before the code is copied, then --locked --no-editable after it, both for --package api', () => {
    const dockerfile = artifactsOf(compileFolder(folder))['Dockerfile']!;
    expect(syncs(dockerfile)).toEqual([
      'uv sync --frozen --no-default-groups --package api --no-install-workspace',
      'uv sync --locked --no-default-groups --package api --no-editable',
    ]);
    const lines = builderLines(dockerfile);
    const firstSync = lines.findIndex((l) => l.includes('uv sync --frozen'));
    const copyAll = lines.findIndex((l) => l === 'COPY . /build');
    const memberCopy = lines.findIndex((l) => l.startsWith('COPY packages/api/pyproject.toml'));
    expect(memberCopy).toBeGreaterThan(-1);
    expect(memberCopy).toBeLessThan(firstSync);
    expect(firstSync).toBeLessThan(copyAll);
    expect(copyAll).toBeLessThan(lines.findIndex((l) => l.includes('uv sync --locked')));
  });

  it("another member's manifest uses the same root lock: package core", () => {
    const result = compileFolder(folder, 'pyenv.yaml', (t) => t.replace('package: api', 'package: core').replace('name: uv-workspace-api', 'name: uv-workspace-core'));
    expect(result.ok).toBe(true);
    expect(syncs(artifactsOf(result)['Dockerfile']!)[0]).toContain('--package core');
  });

  it('project.install false still installs the members (the app imports them) but not the --package member itself', () => {
    const result = compileFolder(folder, 'pyenv.yaml', (t) => t.replace('install: true', 'install: false'));
    expect(syncs(artifactsOf(result)['Dockerfile']!)[1]).toBe('uv sync --locked --no-default-groups --package api --no-editable --no-install-project');
  });

  it('project.install false: the member runs from its src/ folder in the workdir, so PYTHONPATH names it (item 11 for a member)', () => {
    const result = compileFolder(folder, 'pyenv.yaml', (t) => t.replace('install: true', 'install: false'));
    expect(envOf(stagesOf(artifactsOf(result)['Dockerfile']!).at(-1)!).get('PYTHONPATH')).toBe('/app/packages/api/src');
    expect(envOf(stagesOf(artifactsOf(compileFolder(folder))['Dockerfile']!).at(-1)!).has('PYTHONPATH')).toBe(false);
  });

  it('a package that is not a member is PYENV336 naming the members', () => {
    const result = compileFolder(folder, 'pyenv.yaml', (t) => t.replace('package: api', 'package: web'));
    const error = result.diagnostics.find((d) => d.code === 'PYENV336')!;
    expect(error.severity).toBe('error');
    expect(error.message).toContain('api, core');
  });

  const single = { 'pyproject.toml': '[project]\nname = "app"\n', 'uv.lock': lockOf([['app', '{ editable = "." }']]) };
  it('package without a workspace is PYENV336', () => {
    expect(codes(compileProject('version: 1\nname: demo\npreset: script\ndependencies:\n  uv: { package: app }\n', single))).toContain('error PYENV336');
  });

  it('a single project keeps --locked --no-install-project first (the guide\'s "Intermediate layers")', () => {
    const result = compileProject('version: 1\nname: demo\npreset: script\ndependencies:\n  uv: {}\n', { ...single, 'main.py': '' });
    expect(syncs(artifactsOf(result)['Dockerfile']!)).toEqual(['uv sync --locked --no-default-groups --no-install-project']);
  });

  const pathProject = (path: string) => ({
    'pyproject.toml': `[project]\nname = "app"\ndependencies = ["shared"]\n\n[tool.uv.sources]\nshared = { path = "${path}" }\n`,
    'uv.lock': lockOf([['app', '{ editable = "." }'], ['shared', `{ directory = "${path}" }`]]),
    'main.py': '',
  });

  it('a path source inside the context: the first sync is --no-install-local (uv 0.8.14, PR #15328), the second installs it non-editable', () => {
    const result = compileProject('version: 1\nname: demo\npreset: script\ndependencies:\n  uv: {}\n', pathProject('libs/shared'));
    expect(syncs(artifactsOf(result)['Dockerfile']!)).toEqual(['uv sync --frozen --no-default-groups --no-install-local', 'uv sync --locked --no-default-groups --no-editable --no-install-project']);
  });

  it('a path source outside the build context is PYENV337: Docker cannot copy it', () => {
    const result = compileProject('version: 1\nname: demo\npreset: script\ndependencies:\n  uv: {}\n', pathProject('../shared'));
    const error = result.diagnostics.find((d) => d.code === 'PYENV337')!;
    expect(error.severity).toBe('error');
    expect(error.message).toContain('../shared');
  });

  it("a member's own folder (workspace sources, no uv.lock) is PYENV338 pointing at the workspace root, not PYENV304", () => {
    const member = { 'pyproject.toml': '[project]\nname = "api"\ndependencies = ["core"]\n\n[tool.uv.sources]\ncore = { workspace = true }\n' };
    const result = compileProject('version: 1\nname: demo\npreset: fastapi\ndependencies:\n  uv: {}\n', member);
    expect(codes(result)).toEqual(['error PYENV338']);
    expect(result.diagnostics[0]!.hint).toContain('dependencies: { uv: { package: api } }');
  });
});

describe('item 11: a src layout that is not installed gets PYTHONPATH=<workdir>/src, for every manager', () => {
  const flask = 'from flask import Flask\napp = Flask(__name__)\n';
  const pythonPath = (result: CompileResult) => envOf(stagesOf(artifactsOf(result)['Dockerfile']!).at(-1)!).get('PYTHONPATH');
  const managers: [string, Record<string, string>][] = [
    ['pip: { requirements: [requirements.txt] }', { 'requirements.txt': 'flask\n' }],
    ['uv: {}', { 'pyproject.toml': '[project]\nname = "shop"\n', 'uv.lock': lockOf([['shop', '{ editable = "." }']]) }],
    ['poetry: {}', { 'pyproject.toml': '[tool.poetry]\nname = "shop"\n', 'poetry.lock': '' }],
    ['pipenv: {}', { Pipfile: '[packages]\nflask = "*"\n', 'Pipfile.lock': '{}' }],
    ['conda: { file: environment.yml }', { 'environment.yml': 'channels: [conda-forge]\ndependencies:\n  - python=3.12\n  - flask\n  - gunicorn\n' }],
  ];
  for (const [dependencies, files] of managers) {
    it(`${dependencies.split(':')[0]}: run.app shop:app in src/shop/__init__.py`, () => {
      const result = compileProject(`version: 1\nname: demo\npreset: flask\ndependencies:\n  ${dependencies}\nrun:\n  app: "shop:app"\n`, { ...files, 'src/shop/__init__.py': flask });
      expect(pythonPath(result)).toBe('/app/src');
      expect(codes(result)).toContain('note PYENV339');
    });
  }

  const base = 'version: 1\nname: demo\npreset: flask\ndependencies:\n  pip: { requirements: [requirements.txt] }\n';
  const files = { 'requirements.txt': 'flask\n', 'src/shop/__init__.py': flask };
  it('follows the workdir, and `python -m` targets too', () => {
    const result = compileProject(`${base}project: { workdir: /srv/app }\nrun:\n  command: ["python", "-m", "shop"]\n  ports: [8000]\n`, files);
    expect(pythonPath(result)).toBe('/srv/app/src');
  });

  it('not added when the module is beside the workdir, when env.PYTHONPATH is written, or when the project is installed without a mount over src', () => {
    expect(pythonPath(compileProject(`${base}run:\n  app: "shop:app"\n`, { 'requirements.txt': 'flask\n', 'shop/__init__.py': flask }))).toBeUndefined();
    expect(pythonPath(compileProject(`${base}env: { PYTHONPATH: /app/src:/opt/lib }\nrun:\n  app: "shop:app"\n`, files))).toBe('/app/src:/opt/lib');
    const installed = { ...files, 'pyproject.toml': '[project]\nname = "shop"\n' };
    expect(pythonPath(compileProject(`${base}project: { install: true }\nrun:\n  app: "shop:app"\n`, installed))).toBeUndefined();
    expect(pythonPath(compileProject(`${base}project: { install: true }\nrun:\n  app: "shop:app"\ncompose:\n  volumes: ["./src:/app/src"]\n`, installed))).toBe('/app/src');
  });

  it('explain shows it as detected, naming the module file', () => {
    const result = compileFolder(join(FIXTURES, 'src-layout-no-install'));
    expect(result.plan!.origins['env.PYTHONPATH']).toEqual({ kind: 'detection', rule: 'shop is src/shop/__init__.py, a src layout not installed' });
  });
});
