// Issue 14: the lean pip environment (venv without pip of its own, on the official image's site-packages)
// and dumb-init from the index as PID 1, so the runtime stage needs no package manager.
import { describe, expect, it } from 'vitest';
import { DUMB_INIT } from '../src/catalog/init-processes.js';
import { compile } from '../src/index.js';
import { argumentText, stagesOf } from './helpers/dockerfile.js';
import { readWithProgram } from './helpers/fixtures.js';

const HEADER = 'version: 1\nname: shop\npreset: script\n';
const build = (files: Record<string, string>, manifest = HEADER) => compile({ file: 'pyenv.yaml', text: manifest, readFile: readWithProgram(files) });
const runs = (r: ReturnType<typeof compile>) => {
  const [builder, runtime] = stagesOf(r.artifacts.find((a) => a.path.endsWith('Dockerfile'))!.contents);
  const of = (s: typeof builder) => s!.instructions.filter((i) => i.getKeyword() === 'RUN').map(argumentText);
  return { builder: of(builder), runtime: of(runtime), entrypoint: r.plan!.entrypoint.entrypoint };
};
const HASHED = 'flask==2.2.2 \\\n    --hash=sha256:b9c46cc36662a7949f34b52d8ec7bb59c0d74ba08ba6cb9ce9adc1d8676d9526\n';

describe('lean pip environment and dumb-init (issue 14)', () => {
  it('pins dumb-init by a PEP 440 prefix that admits the post releases with aarch64 wheels', () => {
    expect(DUMB_INIT.requirement).toBe('dumb-init==1.2.5.*');
    expect(DUMB_INIT.args).toEqual(['--single-child', '--']);
  });

  it('an official image: venv --without-pip --system-site-packages, dumb-init installed by the requirements\' own pip run from the same index, python -m pip, no apt at run time', () => {
    const r = build({ 'requirements.txt': 'flask\n' });
    const { builder, runtime, entrypoint } = runs(r);
    expect(builder[0]).toBe('python3 -m venv --without-pip --system-site-packages /opt/venv');
    expect(builder[1]).toContain('--mount=type=secret,id=pip_conf,target=/etc/pip.conf');
    expect(builder[1]).toMatch(/ python -m pip install -r requirements\.txt 'dumb-init==1\.2\.5\.\*'$/);
    expect(runtime.filter((t) => /apt-get|apk /.test(t))).toEqual([]);
    expect(entrypoint).toEqual(['/opt/venv/bin/dumb-init', '--single-child', '--', '/usr/local/bin/docker-entrypoint.sh']);
    expect(r.plan!.shell.init).toEqual({ name: 'dumb-init', argv: ['/opt/venv/bin/dumb-init', '--single-child', '--'], from: 'environment' });
  });

  it('a constraints file that names dumb-init: dumb-init is installed in the venv\'s step, where the constraint cannot contradict it', () => {
    const manifest = `${HEADER}dependencies:\n  pip:\n    requirements: [requirements.txt]\n    constraints: constraints.txt\n`;
    const { builder } = runs(build({ 'requirements.txt': 'flask\n', 'constraints.txt': 'dumb-init==1.2.2\n' }, manifest));
    expect(builder[0]).toMatch(/python3 -m venv --without-pip --system-site-packages \/opt\/venv && \/opt\/venv\/bin\/python -m pip install 'dumb-init==1\.2\.5\.\*'$/);
    expect(builder[1]).toMatch(/ python -m pip install -r requirements\.txt -c constraints\.txt$/);
  });

  it('dumb-init the requirements declare is used, not installed twice', () => {
    const { builder, entrypoint } = runs(build({ 'requirements.txt': 'flask\ndumb-init==1.2.2\n' }));
    expect(builder.join('\n')).not.toContain("'dumb-init==1.2.5.*'");
    expect(entrypoint[0]).toBe('/opt/venv/bin/dumb-init');
  });

  it('hash-checked requirements: no unchecked install beside them; tini from apt and note PYENV236 at the requirement file; a hashed dumb-init in the lock is used', () => {
    const manifest = `${HEADER}dependencies:\n  pip:\n    requirements: [requirements.txt]\n`;
    const r = build({ 'requirements.txt': HASHED }, manifest);
    const { builder, runtime, entrypoint } = runs(r);
    expect(builder.join('\n')).not.toContain('dumb-init');
    expect(runtime.join('\n')).toMatch(/apt-get install -y --no-install-recommends tini/);
    expect(entrypoint.slice(0, 2)).toEqual(['tini', '--']);
    const note = r.diagnostics.find((d) => d.code === 'PYENV236')!;
    expect([note.severity, note.line]).toEqual(['note', 6]);
    expect(note.hint).toContain('pip-compile --generate-hashes');
    const locked = build({ 'requirements.txt': `${HASHED}dumb-init==1.2.5 \\\n    --hash=sha256:3b7cbd0fb9bd4ed4fe0ff71c6e77b0e2a2a1b73b2bb2b1e2d29e0a4a7b8c9d0e\n` }, manifest);
    expect(runs(locked).entrypoint[0]).toBe('/opt/venv/bin/dumb-init');
    expect(locked.diagnostics.map((d) => d.code)).not.toContain('PYENV236');
  });

  it('run.init: false gets no init at all; Alpine keeps its tini package (PyPI\'s wheels are manylinux) but gets the lean venv', () => {
    const off = runs(build({ 'requirements.txt': 'flask\n' }, `${HEADER}run:\n  init: false\n`));
    expect(off.entrypoint).toEqual(['/usr/local/bin/docker-entrypoint.sh']);
    expect(off.builder.join('\n')).not.toContain('dumb-init');
    const alpine = runs(build({ 'requirements.txt': 'flask\n' }, `${HEADER}base:\n  variant: alpine\n`));
    expect(alpine.builder[0]).toBe('python3 -m venv --without-pip --system-site-packages /opt/venv');
    expect(alpine.runtime.join('\n')).toMatch(/apk add --no-cache tini/);
  });

  it('a distribution image keeps a venv with its own pip (its site-packages holds what apt installed), and tini', () => {
    const r = runs(build({ 'requirements.txt': 'flask\n' }, `${HEADER}base:\n  image: debian:bookworm-slim\n`));
    expect(r.builder).toContain('python3 -m venv /opt/venv');
    expect(r.builder.join('\n')).not.toContain('--system-site-packages');
    expect(r.entrypoint.slice(0, 2)).toEqual(['tini', '--']);
  });

  it('uv, Poetry and Pipenv keep tini: their index settings are their own, not pip\'s', () => {
    const uv = build({ 'pyproject.toml': '[project]\nname = "shop"\nversion = "0"\nrequires-python = ">=3.11"\n', 'uv.lock': 'version = 1\nrequires-python = ">=3.11"\n' }, `${HEADER}dependencies:\n  uv: {}\n`);
    expect(uv.plan?.shell.init?.name ?? uv.diagnostics.map((d) => d.message).join('; ')).toBe('tini');
  });
});
