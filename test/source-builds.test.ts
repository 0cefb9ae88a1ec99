// Packages built from source (issue 11, item 5): the table in src/catalog/source-builds.ts, applied to
// every manager's declared requirements, with diagnostics at the requirement's own file and line.
import { describe, expect, it } from 'vitest';
import { readWithProgram } from './helpers/fixtures.js';
import { SOURCE_BUILDS, runtimePackagesFor } from '../src/catalog/source-builds.js';
import { compile } from '../src/index.js';
import { normalizeName } from '../src/project/requirement-spec.js';
import { argumentText, stagesOf, type Stage } from './helpers/dockerfile.js';
import { compileCase } from './helpers/case.js';

const DEBIAN_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const build = (files: Record<string, string>, manifest: string) => compile({ file: 'pyenv.yaml', text: manifest, readFile: readWithProgram(files) });
const MANIFEST = 'version: 1\nname: shop\npreset: script\n';
const stages = (r: ReturnType<typeof compile>) => {
  const list = stagesOf(r.artifacts.find((a) => a.path.endsWith('Dockerfile'))!.contents);
  return { builder: list[0]!, runtime: list[list.length - 1]! };
};
/** The packages of the stage's `apt-get install` RUN, or [] when it has none. */
const aptOf = (stage: Stage) => {
  const run = stage.instructions.filter((i) => i.getKeyword() === 'RUN').map(argumentText).find((t) => t.includes('apt-get install'));
  return run ? /--no-install-recommends ([^&]+?) &&/.exec(run)![1]!.split(' ') : [];
};
const located = (r: ReturnType<typeof compile>, code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => `${d.file}:${d.line}:${d.column}`);

describe('the source-build table', () => {
  it('every row is keyed by its PEP 503 name, cites its source with a date, and names real Debian packages', () => {
    for (const [name, row] of Object.entries(SOURCE_BUILDS)) {
      expect(normalizeName(name), name).toBe(name);
      expect(row.source, name).toMatch(/^https:\/\//);
      expect(row.checked, name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const runtime = Array.isArray(row.runtime) ? row.runtime : [...row.runtime.bookworm, ...row.runtime.trixie];
      for (const p of [...row.build, ...runtime]) expect(p, name).toMatch(DEBIAN_NAME);
      if (row.alternative) expect(row.alternative.split(' ')[0], name).not.toBe(name);
      // Nothing a compiled row needs only at build time may leak into the final stage.
      for (const p of runtime) expect(p, name).not.toMatch(/-dev$|^gcc$/);
    }
  });
  it('an sdist row brings a working C toolchain (gcc only recommends libc6-dev, which --no-install-recommends drops)', () => {
    const sdists = Object.entries(SOURCE_BUILDS).filter(([, r]) => r.glibc === 'sdist');
    expect(sdists.map(([n]) => n)).toEqual(expect.arrayContaining(['psycopg2', 'mysqlclient', 'uwsgi', 'pycairo', 'python-ldap']));
    for (const [name, row] of sdists) expect(row.build, name).toEqual(expect.arrayContaining(['gcc', 'libc6-dev']));
    for (const [name, row] of Object.entries(SOURCE_BUILDS).filter(([, r]) => r.glibc === 'wheel')) expect(row.build, name).toEqual([]);
  });
  it('release-dependent names resolve per release and are unknown without one', () => {
    const ldap = SOURCE_BUILDS['python-ldap']!;
    expect(runtimePackagesFor(ldap, 'bookworm')).toContain('libldap-2.5-0');
    expect(runtimePackagesFor(ldap, 'trixie')).toContain('libldap2');
    expect(runtimePackagesFor(ldap, undefined)).toBeUndefined();
    expect(runtimePackagesFor(SOURCE_BUILDS.psycopg2!, undefined)).toEqual(['libpq5']);
  });
});

describe('applying it to the Dockerfile', () => {
  it('django-postgres: psycopg2 from a -r include gets gcc, libc6-dev, libpq-dev in the builder before pip, libpq5 at run time', () => {
    const c = compileCase('django-postgres');
    expect(c.result.ok).toBe(true);
    expect(aptOf(c.builder)).toEqual(['gcc', 'libc6-dev', 'libpq-dev']);
    expect(aptOf(c.runtime)).toEqual(['libpq5']); // the init is dumb-init from the venv (issue 14)
    const runs = c.all(c.builder, 'RUN');
    expect(runs.findIndex((r) => r.includes('apt-get install'))).toBeLessThan(runs.findIndex((r) => r.includes('pip install')));
    expect(c.files['Dockerfile']).not.toMatch(/libpq-dev[\s\S]*AS runtime[\s\S]*libpq-dev/);
    // The note stands at the include file's own line, not at the manifest.
    const note = c.result.diagnostics.find((d) => d.code === 'PYENV325')!;
    expect([note.severity, note.file, note.line, note.column]).toEqual(['note', 'requirements/base.txt', 4, 1]);
    expect(note.message).toContain('added gcc, libc6-dev, libpq-dev to the builder stage and libpq5 to the runtime stage');
    expect(note.hint).toContain('psycopg2-binary');
    expect(c.result.plan!.dependencies.sourceBuilds).toEqual([{ name: 'psycopg2', declaredIn: 'requirements/base.txt:4', build: ['gcc', 'libc6-dev', 'libpq-dev'], runtime: ['libpq5'] }]);
  });
  it('packages the manifest lists are not added twice and not reported; a partial list gets the rest', () => {
    const files = { 'requirements.txt': 'psycopg2==2.9.5\n' };
    const all = build(files, `${MANIFEST}system:\n  packages: [libpq5=15.10-0+deb12u1]\n  build_packages: [gcc, libc6-dev, libpq-dev]\n`);
    expect(located(all, 'PYENV325')).toEqual([]);
    expect(aptOf(stages(all).runtime)).toEqual(['libpq5=15.10-0+deb12u1']);
    const some = build(files, `${MANIFEST}system:\n  build_packages: [gcc]\n`);
    expect(aptOf(stages(some).builder)).toEqual(['gcc', 'libc6-dev', 'libpq-dev']);
    expect(some.diagnostics.find((d) => d.code === 'PYENV325')!.message).toContain('added libc6-dev, libpq-dev to the builder stage');
  });
  it('system.auto: false adds nothing and warns at the requirement with what to add', () => {
    const r = build({ 'requirements.txt': 'flask\nmysqlclient>=2.2\n' }, `${MANIFEST}system:\n  auto: false\n`);
    expect(aptOf(stages(r).builder)).toEqual([]);
    expect(aptOf(stages(r).runtime)).toEqual([]);
    const w = r.diagnostics.find((d) => d.code === 'PYENV308')!;
    expect([w.severity, w.file, w.line, w.column]).toEqual(['warning', 'requirements.txt', 2, 1]);
    expect(w.hint).toBe('add gcc, libc6-dev, default-libmysqlclient-dev, pkg-config to system.build_packages and libmariadb3 to system.packages, or depend on pymysql (pure Python; Django: call pymysql.install_as_MySQLdb()) instead');
  });
  it('a requirement the table does not know, or a -c constraint, changes nothing', () => {
    const r = build({ 'requirements.txt': 'flask\n-c constraints.txt\n', 'constraints.txt': 'psycopg2==2.9.5\n' }, MANIFEST);
    expect(r.ok).toBe(true);
    expect(aptOf(stages(r).builder)).toEqual([]);
    expect(r.plan!.dependencies.sourceBuilds).toBeUndefined();
  });
  it('uWSGI needs only the compiler; pycairo its -dev package and pkg-config', () => {
    const r = build({ 'requirements.txt': 'uWSGI==2.0.28\npycairo\n' }, MANIFEST);
    expect(aptOf(stages(r).builder)).toEqual(['gcc', 'libc6-dev', 'libcairo2-dev', 'pkg-config']);
    expect(aptOf(stages(r).runtime)).toEqual(['libcairo2']);
    expect(located(r, 'PYENV325')).toEqual(['requirements.txt:1:1', 'requirements.txt:2:1']);
  });
  it('a distribution image gets python3-dev (no Python headers there); an official image does not', () => {
    const files = { 'requirements.txt': 'psycopg2\n' };
    expect(aptOf(stages(build(files, `${MANIFEST}base:\n  image: debian:bookworm-slim\n`)).builder)).toContain('python3-dev');
    expect(aptOf(stages(build(files, MANIFEST)).builder)).not.toContain('python3-dev');
  });
  it('python-ldap: the runtime library follows the Debian release; an image of unknown release gets PYENV327', () => {
    const files = { 'requirements.txt': 'python-ldap\n' };
    expect(aptOf(stages(build(files, MANIFEST)).runtime)).toEqual(['libldap2', 'libsasl2-2']);
    expect(aptOf(stages(build(files, `${MANIFEST}base:\n  variant: slim-bookworm\n`)).runtime)).toEqual(['libldap-2.5-0', 'libsasl2-2']);
    const ubuntu = build(files, `${MANIFEST}base:\n  image: ubuntu:24.04\n`);
    expect(located(ubuntu, 'PYENV327')).toEqual(['requirements.txt:1:1']);
    expect(ubuntu.diagnostics.find((d) => d.code === 'PYENV327')!.hint).toContain('libldap-2.5-0, libsasl2-2 on bookworm; libldap2, libsasl2-2 on trixie');
    expect(aptOf(stages(ubuntu).builder)).toContain('libldap2-dev'); // the build side is the same everywhere
  });
  it('on Alpine nothing is added and each compiled requirement is a warning at its line', () => {
    const r = build({ 'requirements.txt': 'flask\npsycopg2\n' }, `${MANIFEST}base:\n  variant: alpine\n`);
    expect(r.plan!.dependencies.buildPackages).toEqual([]);
    const w = r.diagnostics.find((d) => d.code === 'PYENV326')!;
    expect([w.severity, w.file, w.line]).toEqual(['warning', 'requirements.txt', 2]);
    expect(w.hint).toContain('psycopg2-binary');
  });
});

describe('every manager whose requirements pyenvc reads', () => {
  const libpq = (r: ReturnType<typeof compile>) => aptOf(stages(r).runtime).includes('libpq5');
  it('pyproject [project] dependencies: the note points into pyproject.toml', () => {
    const r = build({ 'pyproject.toml': '[project]\nname = "shop"\nversion = "1"\ndependencies = [\n  "flask",\n  "psycopg2>=2.9",\n]\n' }, MANIFEST);
    expect(libpq(r)).toBe(true);
    expect(located(r, 'PYENV325')).toEqual(['pyproject.toml:6:4']);
  });
  it('Pipfile [packages]', () => {
    const r = build({ Pipfile: '[packages]\nflask = "*"\npsycopg2 = "==2.9.5"\n', 'Pipfile.lock': '{}' }, MANIFEST);
    expect(libpq(r)).toBe(true);
    expect(located(r, 'PYENV325')).toEqual(['Pipfile:3:1']);
  });
  it('Poetry [tool.poetry.dependencies] and uv [project] dependencies', () => {
    const poetry = build({ 'pyproject.toml': '[tool.poetry]\nname = "shop"\n[tool.poetry.dependencies]\npython = "^3.11"\nPsycopg2 = "^2.9"\n', 'poetry.lock': '' }, MANIFEST);
    expect(libpq(poetry)).toBe(true);
    expect(located(poetry, 'PYENV325')).toEqual(['pyproject.toml:5:1']);
    const uv = build({ 'pyproject.toml': '[project]\nname = "shop"\nversion = "1"\ndependencies = ["flask", "psycopg2"]\n', 'uv.lock': '' }, MANIFEST);
    expect(libpq(uv)).toBe(true);
    expect(located(uv, 'PYENV325')).toEqual(['pyproject.toml:4:27']);
  });
  it('conda: pip: entries and the files they include, never conda packages (which bring their own libpq)', () => {
    const env = 'name: x\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n    - -r requirements.txt\n    - uwsgi\n';
    const r = build({ 'environment.yml': env, 'requirements.txt': 'psycopg2\n' }, MANIFEST);
    expect(located(r, 'PYENV325')).toEqual(['environment.yml:7:7', 'requirements.txt:1:1']);
    expect(aptOf(stages(r).runtime)).toContain('libpq5');
    const condaOnly = build({ 'environment.yml': 'name: x\ndependencies:\n  - python=3.11\n  - psycopg2\n' }, MANIFEST);
    expect(located(condaOnly, 'PYENV325')).toEqual([]);
  });
});

describe('dependencies from a git repository get git in the builder (trial 3: postmanlabs/httpbin, PYENV360/361)', () => {
  const GIT_URL = 'pyyaml @ git+https://github.com/yaml/pyyaml.git';
  it('pip: a requirements line; the note points at it, the runtime stage gets no git', () => {
    const r = build({ 'requirements.txt': `flask\n${GIT_URL}\n`, 'main.py': '' }, MANIFEST);
    expect(located(r, 'PYENV360')).toEqual(['requirements.txt:2:10']);
    const { builder, runtime } = stages(r);
    expect(aptOf(builder)).toContain('git');
    expect(aptOf(runtime)).not.toContain('git');
  });

  it('Pipfile {git = …} and uv [tool.uv.sources]/uv.lock git sources; a commented line does not count', () => {
    const pipenv = build({ Pipfile: '[packages]\nflask = "*"\npyyaml = {git = "https://github.com/yaml/pyyaml.git", ref = "6.0"}\n', 'Pipfile.lock': '{}' }, MANIFEST);
    expect(located(pipenv, 'PYENV360')).toEqual(['Pipfile:3:10']);
    const uv = build({ 'pyproject.toml': '[project]\nname = "shop"\nversion = "1"\ndependencies = ["flask", "pyyaml"]\n', 'uv.lock': '[[package]]\nname = "pyyaml"\nsource = { git = "https://github.com/yaml/pyyaml.git?rev=6.0#abc" }\n' }, MANIFEST);
    expect(located(uv, 'PYENV360')).toEqual(['uv.lock:3:10']);
    expect(aptOf(stages(uv).builder)).toContain('git');
    const commented = build({ 'requirements.txt': `flask\n# ${GIT_URL}\n`, 'main.py': '' }, MANIFEST);
    expect(located(commented, 'PYENV360')).toEqual([]);
    expect(aptOf(stages(commented).builder)).not.toContain('git');
  });

  it('Poetry clones with Dulwich: nothing added; system.auto false: a warning naming system.build_packages', () => {
    const poetry = build({ 'pyproject.toml': '[tool.poetry]\nname = "shop"\nversion = "1"\n[tool.poetry.dependencies]\npython = "^3.11"\npyyaml = { git = "https://github.com/yaml/pyyaml.git" }\n', 'poetry.lock': '' }, MANIFEST);
    expect(poetry.diagnostics.filter((d) => /PYENV36[01]/.test(d.code))).toEqual([]);
    const off = build({ 'requirements.txt': `${GIT_URL}\n`, 'main.py': '' }, `${MANIFEST}system: { auto: false }\n`);
    expect(off.diagnostics.filter((d) => d.code === 'PYENV361').map((d) => [d.severity, d.hint])).toEqual([['warning', 'add git to system.build_packages, or depend on a released version instead']]);
    expect(aptOf(stages(off).builder)).not.toContain('git');
    // conda: warned, unless the environment installs git itself
    const condaFile = (extra: string) => `name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n${extra}  - pip\n  - pip:\n    - ${GIT_URL}\n`;
    const conda = build({ 'environment.yml': condaFile(''), 'main.py': '' }, MANIFEST);
    expect(conda.diagnostics.filter((d) => d.code === 'PYENV361').map((d) => `${d.file}:${d.line}`)).toEqual(['environment.yml:7']);
    const condaGit = build({ 'environment.yml': condaFile('  - git\n'), 'main.py': '' }, MANIFEST);
    expect(condaGit.diagnostics.filter((d) => /PYENV36[01]/.test(d.code))).toEqual([]);
    const listed = build({ 'requirements.txt': `${GIT_URL}\n`, 'main.py': '' }, `${MANIFEST}system: { build_packages: [git] }\n`);
    expect(listed.diagnostics.filter((d) => /PYENV36[01]/.test(d.code))).toEqual([]);
  });
});
