// Choosing and checking the Python a project runs on (issue 11 item 6, issue 12 item 3): every source of
// a constraint, the lock wheel-tag rule, the catalog, and compile's contradictions per manager.
import { describe, expect, it } from 'vitest';
import { readWithProgram } from './helpers/fixtures.js';
import { compile, type CompileResult } from '../src/index.js';
import { TOOLS } from '../src/catalog/images.js';
import { DEFAULT_PYTHON, PUBLISHED_PYTHON } from '../src/catalog/python-images.js';
import { choosePython, pythonFloorOf } from '../src/project/choose-python.js';
import { lockWheelRange } from '../src/project/lock-wheels.js';
import { collectPythonConstraints } from '../src/project/python-constraints.js';
import { parsePythonSpec } from '../src/project/python-spec.js';
import { toolPythonFloor } from '../src/passes/python-version.js';

const read = (files: Record<string, string>) => readWithProgram(files);
const build = (manifest: string, files: Record<string, string> = {}): CompileResult => compile({ file: 'pyenv.yaml', text: manifest, readFile: read(files) });
const found = (r: CompileResult, code: string) => r.diagnostics.filter((d) => d.code === code);

/** Wheel file names as uv.lock lists them (`{ url = … }`), one package per entry. */
function uvLock(packages: Record<string, string[]>): string {
  const blocks = Object.entries(packages).map(([name, wheels]) => `[[package]]\nname = "${name}"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\nwheels = [\n${wheels.map((w) => `    { url = "https://files.pythonhosted.org/packages/ab/cd/${w}", hash = "sha256:00", size = 1 },`).join('\n')}\n]\n`);
  return `version = 1\nrequires-python = ">=3.8"\n\n${blocks.join('\n')}`;
}
const linux = (name: string, tags: string[]) => tags.map((t) => `${name}-1.0-${t}-${t}-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`);

describe('specifiers', () => {
  it.each([
    ['>=3.10', '3.14.6', true],
    ['>=3.10,<3.12', '3.12.13', false],
    ['<=3.10', '3.10.20', false], // PEP 440: 3.10.20 > 3.10, a common surprise
    ['==3.11.*', '3.11.15', true],
    ['==3.11', '3.11.15', false],
    ['~=3.10', '3.14.6', true],
    ['~=3.10.2', '3.11.15', false],
    ['^3.8', '3.14.6', true],
    ['^3.8', '4.0', false],
    ['~3.10', '3.11.15', false],
    ['>=3.8 <3.11', '3.10.20', true],
    ['>=3.8,<3.9 || >=3.12', '3.12.13', true],
    ['!=3.11.*', '3.11.15', false],
    ['*', '3.9.25', true],
  ])('%s against %s → %s', (spec, release, allowed) => {
    expect(parsePythonSpec(spec)!(release.split('.').map(Number))).toBe(allowed);
  });

  it('text that is not a specifier is not guessed at', () => {
    expect(parsePythonSpec('python3')).toBeUndefined();
    expect(parsePythonSpec('>=3.x')).toBeUndefined();
  });
});

describe('collecting constraints, one per source file kind, with file, line and column', () => {
  it('.python-version: the first version line, major.minor kept', () => {
    const [c] = collectPythonConstraints(read({ '.python-version': '# pinned\n  3.11.9\n' }));
    expect(c).toMatchObject({ kind: 'python-version-file', spec: '3.11', at: { file: '.python-version', line: 2, column: 3 } });
  });

  it('runtime.txt: Heroku python-3.X.Y', () => {
    expect(collectPythonConstraints(read({ 'runtime.txt': 'python-3.10.4\n' }))[0]).toMatchObject({ kind: 'runtime-txt', spec: '3.10', at: { file: 'runtime.txt', line: 1, column: 1 } });
  });

  it('pyproject.toml: requires-python and Poetry python, each at its key', () => {
    const text = '[project]\nname = "x"\nrequires-python = ">=3.10"\n\n[tool.poetry.dependencies]\n  python = "^3.10"\n';
    const [pep621, poetry] = collectPythonConstraints(read({ 'pyproject.toml': text }));
    expect(pep621).toMatchObject({ kind: 'requires-python', spec: '>=3.10', at: { file: 'pyproject.toml', line: 3, column: 1 } });
    expect(poetry).toMatchObject({ kind: 'poetry-python', spec: '^3.10', at: { file: 'pyproject.toml', line: 6, column: 3 } });
  });

  it('Pipfile: python_full_version wins over python_version and is exact', () => {
    const [c] = collectPythonConstraints(read({ Pipfile: '[packages]\nflask = "*"\n\n[requires]\npython_version = "3.11"\npython_full_version = "3.11.4"\n' }));
    expect(c).toMatchObject({ kind: 'pipfile', spec: '3.11.4', exact: '3.11.4', at: { file: 'Pipfile', line: 6 } });
    const [line] = collectPythonConstraints(read({ Pipfile: '[requires]\npython_version = "3.11"\n' }));
    expect(line).toMatchObject({ spec: '3.11', at: { line: 2 } });
    expect(line!.exact).toBeUndefined();
  });

  it('the conda file, only when the caller names it', () => {
    const at = { file: 'environment.yml', line: 3, column: 5 };
    expect(collectPythonConstraints(read({}), { file: 'environment.yml', spec: 'python=3.12.1', version: '3.12.1', at })[0]).toMatchObject({ kind: 'conda', exact: '3.12.1', at });
    expect(collectPythonConstraints(read({}))).toEqual([]);
  });

  it('uv.lock and poetry.lock wheels; Pipfile.lock (hashes only) gives nothing', () => {
    const uv = collectPythonConstraints(read({ 'uv.lock': uvLock({ numpy: linux('numpy', ['cp38', 'cp39', 'cp310', 'cp311']), flask: ['flask-1.0-py3-none-any.whl'] }) }));
    expect(uv).toHaveLength(1);
    expect(uv[0]).toMatchObject({ kind: 'lock-wheels', spec: 'cp38–cp311', at: { file: 'uv.lock', line: 5 } });
    expect(collectPythonConstraints(read({ 'Pipfile.lock': '{"_meta": {}, "default": {"numpy": {"hashes": ["sha256:00"], "version": "==1.23.5"}}}' }))).toEqual([]);
  });
});

describe('the lock wheel-tag rule', () => {
  it('a 2022-style poetry.lock with cp38–cp311 wheels only gives 3.11 for "^3.8"', () => {
    const files = ['cp38', 'cp39', 'cp310', 'cp311'].flatMap((t) => [`numpy-1.23.5-${t}-${t}-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`, `numpy-1.23.5-${t}-${t}-win_amd64.whl`]);
    const lock = `[[package]]\nname = "numpy"\nversion = "1.23.5"\n\n[metadata]\nlock-version = "1.1"\npython-versions = "^3.8"\n\n[metadata.files]\nnumpy = [\n${files.map((f) => `    {file = "${f}", hash = "sha256:00"},`).join('\n')}\n    {file = "numpy-1.23.5.tar.gz", hash = "sha256:00"},\n]\n`;
    const constraints = collectPythonConstraints(read({ 'poetry.lock': lock, 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.8"\n' }));
    expect(choosePython(constraints)).toMatchObject({ version: '3.11' });
    expect(lockWheelRange('poetry.lock', lock)).toMatchObject({ oldest: '3.8', newest: '3.11', limitedBy: { name: 'numpy', version: '1.23.5', line: 2 } });
  });

  it('Poetry 2 locks list files per package', () => {
    const lock = `[[package]]\nname = "pydantic-core"\nversion = "2.10.1"\nfiles = [\n${linux('pydantic_core', ['cp310', 'cp311', 'cp312']).map((f) => `    {file = "${f}", hash = "sha256:00"},`).join('\n')}\n]\n`;
    expect(lockWheelRange('poetry.lock', lock)).toMatchObject({ oldest: '3.10', newest: '3.12' });
  });

  it('the package whose wheels end first sets the newest line', () => {
    const range = lockWheelRange('uv.lock', uvLock({ a: linux('a', ['cp310', 'cp311', 'cp312', 'cp313']), b: linux('b', ['cp39', 'cp310', 'cp311']) }));
    expect(range).toMatchObject({ oldest: '3.10', newest: '3.11', limitedBy: { name: 'b' }, raisedBy: { name: 'a' } });
  });

  it('a universal lock: a backport needed only on old Pythons sets no limit, and forks of one name count together', () => {
    const lock = `${uvLock({ app: [], 'backports-zoneinfo': linux('backports_zoneinfo', ['cp36', 'cp37', 'cp38']), numpy: linux('numpy', ['cp38', 'cp39', 'cp310', 'cp311']) })}\n[[package]]\nname = "numpy"\nversion = "2.0"\nwheels = [\n${linux('numpy', ['cp310', 'cp311', 'cp312', 'cp313']).map((w) => `    { url = "https://x/${w}" },`).join('\n')}\n]\n`;
    const marked = lock.replace('[[package]]\nname = "app"\nversion = "1.0"\n', '[[package]]\nname = "app"\nversion = "1.0"\ndependencies = [{ name = "backports-zoneinfo", marker = "python_full_version < \'3.9\'" }, { name = "numpy" }]\n');
    expect(lockWheelRange('uv.lock', marked)).toMatchObject({ oldest: '3.8', newest: '3.13', limitedBy: { name: 'numpy' } });
    // Without the marker the backport is a real limit (it has no wheel past cp38).
    expect(lockWheelRange('uv.lock', lock)).toMatchObject({ newest: '3.8', limitedBy: { name: 'backports-zoneinfo' } });
    const poetry = `[[package]]\nname = "app-lib"\nversion = "1"\nfiles = []\n\n[package.dependencies]\n"backports.zoneinfo" = {version = "*", markers = "python_version < \\"3.9\\""}\n\n[[package]]\nname = "backports-zoneinfo"\nversion = "0.2.1"\nfiles = [\n${linux('backports_zoneinfo', ['cp38']).map((f) => `    {file = "${f}", hash = "sha256:00"},`).join('\n')}\n]\n`;
    expect(lockWheelRange('poetry.lock', poetry)).toBeUndefined();
    expect(lockWheelRange('poetry.lock', poetry.replace(/markers = [^}]*/, 'optional = false'))).toMatchObject({ newest: '3.8' });
  });

  it('pure, abi3, free-threaded-only and non-Linux wheels set no limit', () => {
    expect(lockWheelRange('uv.lock', uvLock({ pure: ['pure-1.0-py3-none-any.whl'] }))).toBeUndefined();
    expect(lockWheelRange('uv.lock', uvLock({ crypto: ['crypto-1.0-cp38-abi3-manylinux_2_28_x86_64.whl', 'crypto-1.0-cp311-cp311-manylinux_2_28_x86_64.whl'] }))).toBeUndefined();
    expect(lockWheelRange('uv.lock', uvLock({ ft: ['ft-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl'] }))).toBeUndefined();
    expect(lockWheelRange('uv.lock', uvLock({ win: ['win-1.0-cp39-cp39-win_amd64.whl'] }))).toBeUndefined();
    expect(lockWheelRange('uv.lock', 'not toml [')).toBeUndefined();
  });
});

describe('the catalog and the choice', () => {
  it('lists every line the official images publish, 3.14 included; an open range gives the default, as no constraint does (trial 3, F11)', () => {
    expect(PUBLISHED_PYTHON.map((p) => p.version)).toEqual(['3.9', '3.10', '3.11', '3.12', '3.13', '3.14']);
    const c = collectPythonConstraints(read({ 'pyproject.toml': '[project]\nrequires-python = ">=3.10"\n' }));
    expect(choosePython(c)).toEqual({ version: DEFAULT_PYTHON, because: 'the default, which pyproject.toml requires-python ">=3.10" allows' });
    expect(choosePython([])).toBeUndefined();
  });

  it('a range without the default: its supported line nearest to it, the newer on a tie; end-of-life lines only when nothing else fits', () => {
    const choose = (requires: string) => choosePython(collectPythonConstraints(read({ 'pyproject.toml': `[project]\nrequires-python = "${requires}"\n` })));
    expect(choose('>=3.13')).toEqual({ version: '3.13', because: 'the supported Python nearest to the default 3.12 that pyproject.toml requires-python ">=3.13" allows' });
    expect(choose('<3.12')).toMatchObject({ version: '3.11' });
    expect(choose('==3.10.*')).toEqual({ version: '3.10', because: 'pyproject.toml requires-python "==3.10.*" allows only 3.10, past end of life' });
    expect(choose('>=3.8,<3.11')).toMatchObject({ version: '3.10' });
  });

  it('the tool floor is a constraint of the choice, named when nothing fits', () => {
    // nsidnev/fastapi-realworld-example-app: python "^3.9", a lock whose asyncpg has wheels up to cp310, Poetry 2.4 needs 3.10
    const lock = `[[package]]\nname = "asyncpg"\nversion = "0.26.0"\nfiles = [\n${linux('asyncpg', ['cp38', 'cp39', 'cp310']).map((f) => `    {file = "${f}", hash = "sha256:00"},`).join('\n')}\n]\n`;
    const c = collectPythonConstraints(read({ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.9"\n', 'poetry.lock': lock }));
    const floor = pythonFloorOf('poetry', '2.4.1')!;
    expect(choosePython(c)).toMatchObject({ version: '3.10' });
    expect(choosePython(c, { floor })).toEqual({ version: '3.10', because: expect.stringContaining('allow only 3.10, past end of life') });
    expect(choosePython(c.filter((x) => x.kind !== 'lock-wheels'), { floor: { minimum: '3.13', label: 'a tool (which needs Python 3.13 or newer)' } })).toMatchObject({ version: '3.13' });
    expect(choosePython(collectPythonConstraints(read({ Pipfile: '[requires]\npython_version = "3.6"\n' })), { floor: pythonFloorOf('pipenv', '2026.8.0')! })).toEqual({
      conflict: 'no published Python (3.9, 3.10, 3.11, 3.12, 3.13, 3.14) satisfies all of Pipfile python_version "3.6" and pipenv 2026.8.0 (which needs Python 3.10 or newer)',
    });
  });

  it('3.9, no longer built, is chosen only when nothing maintained fits', () => {
    const c = collectPythonConstraints(read({ 'pyproject.toml': '[project]\nrequires-python = ">=3.8,<3.10"\n' }));
    expect(choosePython(c)).toMatchObject({ version: '3.9' });
  });

  it('all constraints together; a contradiction is named, not resolved', () => {
    const files = { '.python-version': '3.11\n', 'pyproject.toml': '[project]\nrequires-python = ">=3.10"\n' };
    expect(choosePython(collectPythonConstraints(read(files)))).toMatchObject({ version: '3.11' });
    const clash = choosePython(collectPythonConstraints(read({ ...files, '.python-version': '3.9\n' })));
    expect(clash).toEqual({ conflict: expect.stringContaining('.python-version "3.9", pyproject.toml requires-python ">=3.10"') });
  });
});

describe('compile: python.version against the project', () => {
  const manifest = (python?: string, extra = '') => `version: 1\nname: app\npreset: script\n${python ? `python:\n  version: "${python}"\n` : ''}${extra}`;
  const uvProject = (requires: string) => ({ 'pyproject.toml': `[project]\nname = "app"\nversion = "0"\nrequires-python = "${requires}"\n`, 'uv.lock': 'version = 1\n' });

  it('uv: a contradiction with requires-python is an error naming both files, with a note at the key', () => {
    const r = build(manifest('3.11'), uvProject('>=3.12'));
    expect(r.ok).toBe(false);
    const [error, note] = found(r, 'PYENV331').sort((a, b) => (a.severity < b.severity ? -1 : 1));
    expect(error).toMatchObject({ severity: 'error', file: 'pyenv.yaml', line: 5 });
    expect(error!.message).toContain('pyproject.toml requires-python ">=3.12" (pyproject.toml:4)');
    expect(error!.message).toContain('uv sync refuses');
    expect(note).toMatchObject({ severity: 'note', file: 'pyproject.toml', line: 4, column: 1 });
  });

  it('uv: UV_PYTHON names the image interpreter for both syncs', () => {
    const r = build(manifest('3.12'), uvProject('>=3.12'));
    expect(r.ok).toBe(true);
    expect(r.plan!.dependencies.builderEnv).toContainEqual(['UV_PYTHON', '/usr/local/bin/python3']);
    const debian = build(manifest('3.12', 'base:\n  image: debian:bookworm-slim\n'), uvProject('>=3.11'));
    expect(debian.plan!.dependencies.builderEnv).toContainEqual(['UV_PYTHON', '/usr/bin/python3']);
  });

  it('Poetry: the python constraint is enforced (InvalidCurrentPythonVersionError)', () => {
    const r = build(manifest('3.10'), { 'pyproject.toml': '[tool.poetry]\nname = "a"\n\n[tool.poetry.dependencies]\npython = "^3.11"\n', 'poetry.lock': '' });
    expect(found(r, 'PYENV331').map((d) => `${d.severity} ${d.file}:${d.line}`)).toEqual(expect.arrayContaining(['error pyenv.yaml:5', 'note pyproject.toml:5']));
  });

  it('Pipenv: python_version is enforced by --deploy; python_full_version needs that exact release', () => {
    const pipenv = (requires: string) => ({ Pipfile: `[packages]\nflask = "*"\n\n[requires]\n${requires}\n`, 'Pipfile.lock': '{}' });
    const errorOf = (r: CompileResult) => found(r, 'PYENV331').find((d) => d.severity === 'error');
    expect(errorOf(build(manifest('3.12'), pipenv('python_version = "3.11"')))).toMatchObject({ file: 'pyenv.yaml', line: 5 });
    expect(errorOf(build(manifest('3.11'), pipenv('python_full_version = "3.11.4"')))!.hint).toContain('python.version "3.11.4"');
    expect(build(manifest('3.11.4'), pipenv('python_full_version = "3.11.4"')).ok).toBe(true);
  });

  it('pip: .python-version and runtime.txt only warn (PYENV330), naming the file and line', () => {
    const r = build(manifest('3.12'), { 'requirements.txt': 'flask\n', '.python-version': '3.11\n', 'runtime.txt': 'python-3.10.4\n' });
    expect(r.ok).toBe(true);
    expect(found(r, 'PYENV330').map((d) => d.message)).toEqual([
      'python.version "3.12" contradicts .python-version "3.11" (.python-version:1)',
      'python.version "3.12" contradicts runtime.txt "python-3.10.4" (runtime.txt:1)',
    ]);
  });

  it('pip installing the project: requires-python is enforced by pip', () => {
    const files = { 'pyproject.toml': '[project]\nname = "a"\nversion = "0"\nrequires-python = ">=3.13"\n' };
    expect(found(build(manifest('3.12'), files), 'PYENV331').map((d) => d.severity).sort()).toEqual(['error', 'note']);
    expect(found(build(manifest('3.12', 'dependencies:\n  pip:\n    requirements: [requirements.txt]\n'), { ...files, 'requirements.txt': 'flask\n' }), 'PYENV330')).toHaveLength(1);
  });

  it('a lock without wheels for python.version warns (PYENV332) at the package that ends first', () => {
    const r = build(manifest('3.13'), { ...uvProject('>=3.8'), 'uv.lock': uvLock({ numpy: linux('numpy', ['cp38', 'cp39', 'cp310', 'cp311']) }) });
    const [w] = found(r, 'PYENV332');
    expect(w).toMatchObject({ severity: 'warning', file: 'pyenv.yaml' });
    expect(w!.message).toContain('numpy 1.0 (uv.lock:5) ships compiled wheels for cp38–cp311 only');
    expect(w!.hint).toContain('python.version "3.11"');
  });

  it('python.version not written: chosen from the project (note PYENV334, origin detected)', () => {
    const r = build(manifest(), { ...uvProject('>=3.8'), 'uv.lock': uvLock({ numpy: linux('numpy', ['cp38', 'cp39', 'cp310', 'cp311']) }) });
    expect(r.ok).toBe(true);
    expect(r.plan!.base.pythonVersion).toBe('3.11');
    expect(r.plan!.base.runtimeImage).toBe('python:3.11-slim');
    expect(r.plan!.origins['python.version']).toMatchObject({ kind: 'detection' });
    expect(found(r, 'PYENV334')[0]).toMatchObject({ severity: 'note' });
    expect(found(r, 'PYENV332')).toEqual([]);
  });

  it('not written and the project disagrees with itself: the default stays, and the enforced contradiction is an error at the file', () => {
    const r = build(manifest(), { ...uvProject('>=3.13'), '.python-version': '3.11\n' });
    expect(found(r, 'PYENV334')[0]).toMatchObject({ severity: 'warning' });
    expect(found(r, 'PYENV331')[0]).toMatchObject({ severity: 'error', file: 'pyproject.toml', line: 4 });
  });

  it('base.image without python.version: the image decides, nothing is chosen or checked', () => {
    const r = build(manifest(undefined, 'base:\n  image: python:3.10-slim\n'), { 'requirements.txt': 'flask\n', '.python-version': '3.13\n' });
    expect(found(r, 'PYENV334')).toEqual([]);
    expect(found(r, 'PYENV330')).toEqual([]);
  });
});

describe('the pinned tool’s own minimum Python', () => {
  it('rows come from the tools’ metadata', () => {
    expect(toolPythonFloor('poetry', '2.1.3')?.minimum).toBe('3.9');
    expect(toolPythonFloor('poetry', '2.4.1')?.minimum).toBe('3.10');
    expect(toolPythonFloor('pipenv', '2024.4.1')?.minimum).toBe('3.8');
    expect(toolPythonFloor('pipenv', '2026.6.0')?.minimum).toBe('3.10');
    expect(toolPythonFloor('uv', '0.9.26')?.minimum).toBe('3.6');
  });

  it('a Python below the pinned Poetry is an error naming the tool version and its minimum', () => {
    const floor = toolPythonFloor('poetry', TOOLS.poetry)!;
    const r = build(`version: 1\nname: app\npython:\n  version: "3.8"\n`, { 'pyproject.toml': '[tool.poetry]\nname = "a"\n', 'poetry.lock': '' });
    const [e] = found(r, 'PYENV333');
    expect(e).toMatchObject({ severity: 'error', line: 4 });
    expect(e!.message).toBe(`poetry ${TOOLS.poetry} (the version pyenvc installs) needs Python ${floor.minimum} or newer, and python.version is "3.8"`);
  });

  it('Pipenv on 3.6 is refused', () => {
    const r = build(`version: 1\nname: app\npython:\n  version: "3.6"\n`, { Pipfile: '[packages]\n', 'Pipfile.lock': '{}' });
    expect(found(r, 'PYENV333')[0]!.message).toContain(`pipenv ${TOOLS.pipenv}`);
  });
});
