/**
 * conda-lock platforms (issue 12 item 9) and the activation wrapper (issue 12 item 12). conda and
 * micromamba cannot run here: the platform rule is checked on the generated FROM lines and
 * diagnostics, and the wrapper script itself is run with bash against a fake environment prefix.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../src/index.js';
import { ACTIVATION_WRAPPER_LINES } from '../src/passes/managers/conda-activation.js';
import { compileCase } from './helpers/case.js';
import { compileFolder, FIXTURES } from './helpers/fixtures.js';

const ENVIRONMENT = 'channels: [conda-forge]\ndependencies:\n  - python=3.11\n  - pip\n';

/** A unified conda-lock.yml locked for `platforms`, holding python 3.11.10 for each. */
function unifiedLock(platforms: string[]): string {
  const packages = platforms.map((p) => `- name: python\n  version: 3.11.10\n  manager: conda\n  platform: ${p}\n  url: https://conda.anaconda.org/conda-forge/${p}/python-3.11.10-h_0_cpython.conda\n`);
  return `version: 1\nmetadata:\n  channels:\n  - url: conda-forge\n  platforms:\n${platforms.map((p) => `  - ${p}\n`).join('')}  sources:\n  - environment.yml\npackage:\n${packages.join('')}`;
}

function compileProject(files: Record<string, string>, manifestExtra = ''): CompileResult {
  const text = `version: 1\nname: demo\npreset: script\ndependencies:\n  conda:\n    file: environment.yml\n${manifestExtra}`;
  return compile({ file: 'pyenv.yaml', text, readFile: (p) => ({ 'environment.yml': ENVIRONMENT, 'main.py': 'print(1)\n', ...files })[p] });
}

const dockerfileOf = (r: CompileResult) => r.artifacts.find((a) => a.path === 'Dockerfile')!.contents;
const fromLines = (r: CompileResult) => dockerfileOf(r).split('\n').filter((l) => l.startsWith('FROM '));

describe('conda-lock platforms decide the image platform', () => {
  it('a lock with conda-lock\'s default platforms (no linux-aarch64) pins both stages to linux/amd64, with a note at its platforms: key', () => {
    const r = compileProject({ 'conda-lock.yml': unifiedLock(['linux-64', 'osx-arm64', 'osx-64', 'win-64']) });
    expect(r.ok).toBe(true);
    expect(fromLines(r)).toEqual([expect.stringMatching(/^FROM --platform=linux\/amd64 mambaorg\/micromamba:/), 'FROM --platform=linux/amd64 debian:trixie-slim AS runtime']);
    const note = r.diagnostics.find((d) => d.code === 'PYENV345')!;
    expect(note.severity).toBe('note');
    expect([note.file, note.line]).toEqual(['conda-lock.yml', 5]);
    expect(note.message).toContain('linux-64 and not for linux-aarch64');
    expect(note.hint).toContain('conda-lock -p linux-64 -p linux-aarch64 -f environment.yml');
  });

  it('the conda-lock fixture (linux-64 only) is pinned the same way', () => {
    const c = compileCase('conda-lock');
    expect(c.files['Dockerfile']!.split('\n').filter((l) => l.startsWith('FROM '))).toEqual([expect.stringMatching(/^FROM --platform=linux\/amd64 /), expect.stringMatching(/^FROM --platform=linux\/amd64 /)]);
  });

  it('a lock with linux-64 and linux-aarch64 gets no --platform: micromamba takes the native packages', () => {
    const r = compileProject({ 'conda-lock.yml': unifiedLock(['linux-64', 'linux-aarch64']) });
    expect(r.diagnostics.filter((d) => /PYENV34[56]/.test(d.code))).toEqual([]);
    for (const line of fromLines(r)) expect(line).not.toContain('--platform');
  });

  it('a linux-aarch64-only lock pins linux/arm64', () => {
    const r = compileProject({ 'conda-lock.yml': unifiedLock(['linux-aarch64', 'osx-arm64']) });
    expect(fromLines(r)[1]).toBe('FROM --platform=linux/arm64 debian:trixie-slim AS runtime');
  });

  it('base.platform linux/arm64 with a lock that has no linux-aarch64 is an error with the relock fix', () => {
    const r = compileProject({ 'conda-lock.yml': unifiedLock(['linux-64']) }, 'base:\n  platform: linux/arm64\n');
    expect(r.ok).toBe(false);
    const error = r.diagnostics.find((d) => d.code === 'PYENV346')!;
    expect(error.message).toBe('base.platform is linux/arm64, and conda-lock.yml holds no linux-aarch64 packages (it is locked for linux-64)');
    expect(error.hint).toContain('conda-lock -p linux-64 -p linux-aarch64');
    expect([error.file, error.line]).toEqual(['pyenv.yaml', 8]);
  });

  it('a lock with no Linux platform at all is an error', () => {
    const r = compileProject({ 'conda-lock.yml': unifiedLock(['osx-arm64', 'win-64']) });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.find((d) => d.code === 'PYENV346')?.message).toContain('locked for osx-arm64, win-64');
  });

  it('explicit locks: conda-linux-64.lock alone pins linux/amd64 and is the installed file; both files pin amd64 with a note naming base.platform', () => {
    const explicit = '@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/linux-64/python-3.11.10-h_0_cpython.conda\n';
    const one = compileProject({ 'conda-linux-64.lock': explicit });
    expect(fromLines(one)[1]).toContain('--platform=linux/amd64');
    expect(dockerfileOf(one)).toContain('--file conda-linux-64.lock');
    const both = compileProject({ 'conda-linux-64.lock': explicit, 'conda-linux-aarch64.lock': explicit.replace('linux-64', 'linux-aarch64') });
    expect(both.diagnostics.find((d) => d.code === 'PYENV345')?.hint).toContain('base.platform: linux/arm64');
    const arm = compileProject({ 'conda-linux-64.lock': explicit, 'conda-linux-aarch64.lock': explicit.replace('linux-64', 'linux-aarch64') }, 'base:\n  platform: linux/arm64\n');
    expect(dockerfileOf(arm)).toContain('--file conda-linux-aarch64.lock');
  });

  it('without a lock nothing is pinned (micromamba solves for the build machine)', () => {
    for (const line of fromLines(compileProject({}))) expect(line).not.toContain('--platform');
  });

  it('the create step fails the build when the environment has no python, and only then', () => {
    const run = dockerfileOf(compileProject({})).split('\n').filter((l) => /micromamba create|bin\/python \]/.test(l)).join('\n');
    expect(run).toMatch(/micromamba create --yes --prefix \/opt\/conda\/env --file environment.yml \\\n {4}&& if \[ ! -x \/opt\/conda\/env\/bin\/python \]; then echo "pyenvc: the conda environment has no python[^"]*" >&2; exit 1; fi$/);
    // The shell of that check, run: exit 1 without python, 0 with it.
    const check = /&& (if \[ ! -x .*fi)$/m.exec(run)![1]!;
    const prefix = mkdtempSync(join(tmpdir(), 'pyenvc-nopython-'));
    folders.push(prefix);
    const withPrefix = check.replaceAll('/opt/conda/env', prefix);
    expect(spawnSync('/bin/sh', ['-c', withPrefix]).status).toBe(1);
    mkdirSync(join(prefix, 'bin'));
    writeFileSync(join(prefix, 'bin', 'python'), '#!/bin/sh\n', { mode: 0o755 });
    expect(spawnSync('/bin/sh', ['-c', withPrefix]).status).toBe(0);
  });
});

const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

describe('the activation wrapper reaches docker exec, build.run and project.install', () => {
  const bash = spawnSync('bash', ['--version']).status === 0;

  it.skipIf(!bash)('run: sources every activate.d/*.sh hook (bash syntax too) and execs the command with what they export', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'pyenvc-prefix-'));
    folders.push(prefix);
    mkdirSync(join(prefix, 'etc', 'conda', 'activate.d'), { recursive: true });
    // A bash-only hook (like the compilers package's): [[ ]] and arrays fail in dash.
    writeFileSync(join(prefix, 'etc', 'conda', 'activate.d', 'compilers.sh'), 'if [[ -n "$CONDA_PREFIX" ]]; then parts=(x86_64 conda linux gnu); export CC="$CONDA_PREFIX/bin/${parts[0]}-${parts[1]}-${parts[2]}-${parts[3]}-cc"; fi\n');
    writeFileSync(join(prefix, 'etc', 'conda', 'activate.d', 'gdal.sh'), 'export GDAL_DATA="$CONDA_PREFIX/share/gdal"\nfalse\n$UNSET_VARIABLE_IS_FINE\n');
    writeFileSync(join(prefix, 'etc', 'conda', 'activate.d', 'not-a-hook.fish'), 'set -gx FISH 1\n');
    const wrapper = join(prefix, 'with-conda-env');
    writeFileSync(wrapper, `${ACTIVATION_WRAPPER_LINES.join('\n')}\n`, { mode: 0o755 });
    const r = spawnSync(wrapper, ['/bin/sh', '-c', 'echo "$CC|$GDAL_DATA|${FISH:-none}|$1"', 'sh', 'arg with space'], { env: { PATH: '/usr/bin:/bin', CONDA_PREFIX: prefix }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`${prefix}/bin/x86_64-conda-linux-gnu-cc|${prefix}/share/gdal|none|arg with space`);
    // No hooks folder: the command still runs, with its exit status.
    const bare = spawnSync(wrapper, ['/bin/sh', '-c', 'exit 7'], { env: { PATH: '/usr/bin:/bin', CONDA_PREFIX: join(prefix, 'missing') } });
    expect(bare.status).toBe(7);
  });

  it.skipIf(spawnSync('shellcheck', ['--version']).status !== 0)('the wrapper passes shellcheck as bash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyenvc-wrapper-sc-'));
    folders.push(dir);
    writeFileSync(join(dir, 'with-conda-env'), `${ACTIVATION_WRAPPER_LINES.join('\n')}\n`);
    const r = spawnSync('shellcheck', ['--severity=style', join(dir, 'with-conda-env')], { encoding: 'utf8' });
    expect(r.status, r.stdout).toBe(0);
  });

  it('conda-activate-hooks: written in the builder, copied to the runtime stage, in front of the entrypoint and of build.run', () => {
    const c = compileCase('conda-activate-hooks');
    const builderRuns = c.files['Dockerfile']!.slice(0, c.files['Dockerfile']!.indexOf('AS runtime'));
    expect(builderRuns).toContain("> /usr/local/bin/with-conda-env \\\n    && chmod 0755 /usr/local/bin/with-conda-env");
    expect(builderRuns).toContain("'#!/bin/bash'");
    expect(c.all(c.runtime, 'COPY')).toContain('--from=builder /usr/local/bin/with-conda-env /usr/local/bin/with-conda-env');
    expect(c.entrypoint).toEqual(['tini', '--', '/usr/local/bin/with-conda-env', '/usr/local/bin/docker-entrypoint.sh']);
    const buildRun = c.all(c.runtime, 'RUN').find((r) => r.includes('osgeo'))!;
    expect(buildRun.startsWith('["/usr/local/bin/with-conda-env", "/bin/sh", "-c", ')).toBe(true);
    // The entrypoint no longer sources hooks itself (sh could not run bash hooks).
    expect(c.files['docker-entrypoint.sh']).not.toContain('activate.d');
  });

  it('project.install: the project steps run with the wrapper as SHELL; a pip project gets no wrapper at all', () => {
    const r = compileFolder(join(FIXTURES, 'conda-activate-hooks'), 'pyenv.yaml', (t) => `${t}project:\n  install: true\n`);
    const text = r.artifacts.find((a) => a.path === 'Dockerfile')!.contents;
    const builder = text.slice(0, text.indexOf('AS runtime'));
    expect(builder).toMatch(/COPY \. \/build\/project\nSHELL \["\/usr\/local\/bin\/with-conda-env", "\/bin\/sh", "-c"\]\nRUN /);
    const pip = compileCase('script');
    expect(Object.values(pip.files).join('\n')).not.toContain('with-conda-env');
  });
});
