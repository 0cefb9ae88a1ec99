import { describe, expect, it } from 'vitest';
import { compileCase } from '../helpers/case.js';

/**
 * Static checks of the dependency-manager cases. Their dynamic halves need a conda channel, the uv
 * image or Poetry from a registry, none of which the offline harness has; test/e2e says so when it
 * skips them.
 */
describe('dependency manager cases', () => {
  const noActivation = /\b(conda|source)\s+activate\b|\bmicromamba\s+activate\b|\b(conda|micromamba)\s+run\b|SHELL \["conda"/;

  it('C01 no conda activate: the prefix bin is first on PATH in the builder and in the stage running build.run', () => {
    for (const name of ['conda-activate-hooks', 'conda-jupyter', 'tutorial-hydrus']) {
      const c = compileCase(name);
      for (const text of Object.values(c.files)) expect(text, name).not.toMatch(noActivation);
      expect(c.all(c.builder, 'ENV').join(' '), name).toMatch(/PATH="\/opt\/conda\/env\/bin:\$PATH"/);
      expect(c.runtimeEnv.get('PATH'), name).toMatch(/^\/opt\/conda\/env\/bin:/);
      expect(c.all(c.builder, 'RUN').join('\n'), name).toMatch(/micromamba create --yes --prefix \/opt\/conda\/env /);
    }
    const hooks = compileCase('conda-activate-hooks');
    const k = hooks.runtime.instructions.map((i) => i.getKeyword());
    const envAt = k.findIndex((x, i) => x === 'ENV' && hooks.all({ ...hooks.runtime, instructions: [hooks.runtime.instructions[i]!] }, 'ENV')[0]!.includes('/opt/conda/env/bin'));
    const step = hooks.all(hooks.runtime, 'RUN').findIndex((r) => r.includes('from osgeo import gdal'));
    expect(step).toBeGreaterThan(-1);
    expect(envAt).toBeLessThan(k.lastIndexOf('RUN'));
  });

  it('C02 the conda env is on PATH at runtime without activation, CONDA_PREFIX is set, activate.d hooks are sourced by the wrapper in front of the entrypoint', () => {
    const c = compileCase('conda-activate-hooks');
    expect(c.runtimeEnv.get('PATH')).toMatch(/^\/opt\/conda\/env\/bin:/);
    expect(c.runtimeEnv.get('CONDA_PREFIX')).toBe('/opt/conda/env');
    expect(c.entrypoint).not.toContain('-l');
    expect(c.entrypoint).not.toContain('-i');
    expect(c.entrypoint.join(' ')).not.toMatch(/bash/);
    expect(c.entrypoint.slice(-2)).toEqual(['/usr/local/bin/with-conda-env', '/usr/local/bin/docker-entrypoint.sh']);
    expect(c.files['Dockerfile']).toMatch(/etc\/conda\/activate\.d/);
    expect(c.builder.from).toMatch(/^mambaorg\/micromamba:[0-9.]+/);
    expect(c.runtime.from).toBe('debian:trixie-slim');
  });

  it('C24 Poetry installs the locked main group into /opt/venv and does not ship in the runtime stage', () => {
    const c = compileCase('poetry-fastapi');
    const runs = c.all(c.builder, 'RUN').join('\n');
    // `poetry install` itself rejects a stale lock (Poetry >= 1.8.0, #8737); `poetry check --lock` is
    // not run because it also wants the readme, copied later (issue 12 item 4).
    expect(runs).not.toMatch(/poetry check/);
    expect(runs).toMatch(/poetry install --only main --no-root --no-directory/);
    expect(c.all(c.builder, 'COPY')).toContain('poetry.lock poetry.lock');
    expect(c.all(c.builder, 'ENV').join(' ')).toMatch(/VIRTUAL_ENV=\/opt\/venv/);
    for (const line of [...c.all(c.runtime, 'RUN'), ...c.all(c.runtime, 'COPY')]) expect(line).not.toMatch(/poetry/i);
    expect(c.runtimeEnv.get('PATH')).toMatch(/^\/opt\/venv\/bin:/);
  });

  it('C25 the uv environment lives outside the workdir and runs without `uv run`', () => {
    const c = compileCase('uv-fastapi');
    const env = c.all(c.builder, 'ENV').join(' ');
    expect(env).toMatch(/UV_PROJECT_ENVIRONMENT=\/opt\/venv/);
    const workdir = c.all(c.runtime, 'WORKDIR').at(-1)!;
    expect('/opt/venv'.startsWith(`${workdir}/`)).toBe(false);
    expect(c.all(c.builder, 'RUN').join('\n')).toMatch(/uv sync --locked .*--no-install-project/);
    expect(c.cmd[0]).toBe('uvicorn');
    for (const text of [c.files['docker-entrypoint.sh']!, JSON.stringify(c.cmd)]) expect(text).not.toMatch(/uv run(?! --no-sync)/);
    for (const line of [...c.all(c.runtime, 'RUN'), ...c.all(c.runtime, 'COPY')]) expect(line).not.toMatch(/\/uv\b|astral-sh/);
    expect(c.files['.dockerignore']).toMatch(/^\.venv$/m);
    expect((c.service.volumes as { target: string }[]).map((v) => v.target)).toEqual(['/app/src']);
  });
});
