// PEP 621 projects without a lockfile (issue 11, item 1): [project] dependencies are installed in the
// dependency layer, before the code is copied; dynamic dependencies and setup.py-only projects are
// installed with the project after the copy; a warning says the versions are unpinned.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { readWithProgram } from './helpers/fixtures.js';

const PYPROJECT = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n[project]\nname = "shop"\nversion = "1"\ndependencies = ["Flask==2.2.2", "gunicorn", \'tomli; python_version < "3.11"\']\n[project.optional-dependencies]\nredis = ["redis>=4"]\n';
const build = (files: Record<string, string>, manifest = 'version: 1\nname: shop\npreset: flask\n') => compile({ file: 'pyenv.yaml', text: manifest, readFile: readWithProgram(files) });
const dockerfile = (r: ReturnType<typeof compile>) => r.artifacts.find((a) => a.path.endsWith('Dockerfile'))!.contents;

describe('pip from pyproject.toml', () => {
  it('is detected without a lockfile; dependencies (markers kept) install before the code copy', () => {
    const r = build({ 'pyproject.toml': PYPROJECT, 'app.py': '' });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    const text = dockerfile(r);
    expect(text).toContain(`pip install Flask==2.2.2 gunicorn 'tomli; python_version < "3.11"'`);
    expect(text.indexOf('pip install Flask')).toBeLessThan(text.indexOf('COPY . ./'));
    expect(text).not.toContain('COPY . /build/project'); // the code is not in the builder: a code edit rebuilds one layer
    expect(r.diagnostics.find((d) => d.code === 'PYENV324')?.severity).toBe('warning');
    expect(r.diagnostics.find((d) => d.code === 'PYENV324')?.hint).toContain('pip-compile pyproject.toml');
  });
  it('extras are added; an unknown extra is an error naming the declared ones', () => {
    const ok = build({ 'pyproject.toml': PYPROJECT }, 'version: 1\nname: shop\npreset: flask\ndependencies:\n  pip:\n    pyproject: true\n    extras: [redis]\n');
    expect(dockerfile(ok)).toContain("'redis>=4'");
    const bad = build({ 'pyproject.toml': PYPROJECT }, 'version: 1\nname: shop\npreset: flask\ndependencies:\n  pip:\n    pyproject: true\n    extras: [postgres]\n');
    expect(bad.diagnostics.find((d) => d.code === 'PYENV323')?.hint).toBe('declared extras: redis');
  });
  it('project.install adds the package itself after the copy, without dependencies', () => {
    const r = build({ 'pyproject.toml': PYPROJECT }, 'version: 1\nname: shop\npreset: flask\nproject:\n  install: true\n');
    expect(dockerfile(r)).toMatch(/COPY \. \/build\/project\nRUN [\s\S]*pip install --no-deps \/build\/project/);
  });
  it('dynamic dependencies and setup.py-only projects install with the project, after the copy', () => {
    for (const files of [{ 'pyproject.toml': '[project]\nname = "x"\nversion = "1"\ndynamic = ["dependencies"]\n' }, { 'setup.py': 'from setuptools import setup\nsetup()\n' }]) {
      const r = build(files);
      expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
      expect(dockerfile(r)).toMatch(/COPY \. \/build\/project\nRUN [\s\S]*pip install \/build\/project\n/);
      expect(r.diagnostics.find((d) => d.code === 'PYENV324')?.message).toMatch(/every code edit reinstalls them/);
    }
  });
  it('a requirements file still wins over pyproject.toml', () => {
    const r = build({ 'pyproject.toml': PYPROJECT, 'requirements.txt': 'flask\n' });
    expect(dockerfile(r)).toContain('pip install -r requirements.txt');
    expect(dockerfile(r)).not.toContain('Flask==2.2.2');
  });
});
