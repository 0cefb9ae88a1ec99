import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { artifactsOf, compileFolder, FIXTURES, goodFixtures } from './helpers/fixtures.js';
import { argumentText, envOf, execArray, stagesOf } from './helpers/dockerfile.js';

/**
 * The command of each manager's dependency install step, and the cache it must mount. `pip install
 * <requirement>…` is the dependency layer of a pyproject.toml without a lock (its project step starts
 * with `--no-deps` or a /build path; a tool's own `/opt/<tool>/bin/pip install`, with or without a tool
 * lock's `--require-hashes -r`, is not it).
 */
const INSTALL = /\b((?<!\/)pip install (--require-hashes )?-r|(?<!\/)pip install (?![-/])|micromamba create|uv sync|poetry install|pipenv install)/;
const CACHE: Record<string, string> = { pip: '/root/.cache/pip', pipenv: '/root/.cache/pip', poetry: '/root/.cache/pypoetry', uv: '/root/.cache/uv', conda: '/opt/conda/pkgs' };
/** Files a manager reads before its install: requirement/constraint files, project manifests and lockfiles. */
const DEPENDENCY_FILE = /(\.(txt|in)|(^|\/)(pyproject\.toml|uv\.lock|poetry\.lock|Pipfile|Pipfile\.lock|environment\.ya?ml|conda-lock\.yml|conda-[a-z0-9-]+\.lock))$/;

/**
 * The properties issues #2 and #3 promise for every manifest, checked on every fixture's output:
 * multi-stage, dependency files before code, numeric non-root USER before CMD, exec-form tini
 * ENTRYPOINT and CMD, the manager's cache mount, no activation anywhere, ports on 127.0.0.1.
 */
describe('every generated Dockerfile keeps the core invariants', () => {
  for (const name of goodFixtures()) {
    const result = compileFolder(join(FIXTURES, name));
    const files = artifactsOf(result);
    const { manager, environment } = result.plan!.dependencies;
    const stages = stagesOf(files['Dockerfile']!);
    const [builder, runtime] = stages as [typeof stages[0], typeof stages[0]];
    const keywords = (s: typeof builder) => s.instructions.map((i) => i.getKeyword());

    it(`${name}: two stages; a venv's builder and runtime share the image its interpreter comes from`, () => {
      expect(stages.map((s) => s.name)).toEqual(['builder', 'runtime']);
      if (manager === 'conda') {
        // The prefix brings its own Python; glibc must match: micromamba's Debian 13 image, Debian 13 (trixie) at runtime.
        expect(builder.from).toMatch(/^mambaorg\/micromamba:\d+\.\d+\.\d+-debian13-slim$/);
        expect(runtime.from).toBe('debian:trixie-slim');
      } else expect(builder.from).toBe(runtime.from);
    });

    it(`${name}: builder copies only dependency files before the install, with the manager's cache mount`, () => {
      const install = builder.instructions.findIndex((i) => i.getKeyword() === 'RUN' && INSTALL.test(argumentText(i)));
      const copies = builder.instructions.slice(0, install < 0 ? undefined : install).filter((i) => i.getKeyword() === 'COPY' && !argumentText(i).startsWith('--from='));
      for (const c of copies) for (const path of argumentText(c).split(' ')) expect(path).toMatch(DEPENDENCY_FILE);
      if (install >= 0) expect(argumentText(builder.instructions[install]!)).toContain(`--mount=type=cache,target=${CACHE[manager]}`);
      else expect(result.plan!.dependencies.install).toEqual([]);
    });

    it(`${name}: runtime copies the environment to the same path and puts its bin first on PATH`, () => {
      const copyFrom = runtime.instructions.filter((i) => i.getKeyword() === 'COPY' && argumentText(i).startsWith('--from='));
      // conda also copies its activation wrapper (issue 12 item 12), to the same path.
      const wrapper = result.plan!.dependencies.activationWrapper;
      expect(copyFrom.map(argumentText)).toEqual([`--from=builder ${environment} ${environment}`, ...(wrapper ? [`--from=builder ${wrapper} ${wrapper}`] : [])]);
      expect(envOf(runtime).get('PATH')!.startsWith(`${environment}/bin:`)).toBe(true);
      expect(envOf(builder).get('PATH')!.startsWith(`${environment}/bin:`)).toBe(true);
      expect(envOf(runtime).get('PYTHONUNBUFFERED')).toBe('1');
      expect(envOf(runtime).get('PYTHONDONTWRITEBYTECODE')).toBe('1');
    });

    it(`${name}: the project is copied last, owned by root (no --chown: read-only to the app, issue 13 item 5); the last USER is numeric and non-root`, () => {
      const k = keywords(runtime);
      const user = k.lastIndexOf('USER');
      const users = runtime.instructions.filter((i) => i.getKeyword() === 'USER').map(argumentText);
      expect(users.at(-1)).toMatch(/^[1-9]\d*:[1-9]\d*$/);
      expect(user).toBeLessThan(k.indexOf('CMD'));
      const projectCopy = runtime.instructions.findLastIndex((i) => i.getKeyword() === 'COPY');
      expect(runtime.instructions.some((i) => i.getKeyword() === 'COPY' && /--chown/.test(argumentText(i)))).toBe(false);
      // After the code: the steps that need it (build.after_copy, django.collectstatic; as root, HOME a tmpfs), the RUN that
      // hands project.writable folders to the user (as root), the final USER, and the trailer.
      const after = runtime.instructions.slice(projectCopy + 1);
      expect(after.every((i) => ['RUN', 'USER', 'EXPOSE', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD'].includes(i.getKeyword()))).toBe(true);
      const steps = result.plan!.shell.afterCopySteps;
      const runs = after.filter((i) => i.getKeyword() === 'RUN').map(argumentText);
      expect(runs.slice(0, steps.length).map((r) => execArray(r.replace(/^--mount=type=tmpfs,target=\S+ /, '')).at(-1))).toEqual(steps);
      for (const run of runs.slice(0, steps.length)) expect(run).toMatch(new RegExp(`^--mount=type=tmpfs,target=${result.plan!.shell.home} `));
      for (const run of runs.slice(steps.length)) expect(run).toMatch(/^mkdir -p \S+( \S+)* && chown -R \d+:\d+ /);
      expect(users.slice(0, -1).every((u) => /^[1-9]\d*:[1-9]\d*$|^0:0$/.test(u))).toBe(true);
    });

    it(`${name}: nothing world-writable is made; HOME is group-writable for the user's gid (issue 13 item 6)`, () => {
      const text = files['Dockerfile']!;
      expect(text).not.toMatch(/chmod (-R )?(1777|0?777|o\+w|a\+w)/);
      const userRun = runtime.instructions.find((i) => i.getKeyword() === 'RUN' && /useradd|adduser/.test(argumentText(i)))!;
      expect(argumentText(userRun)).toContain(`chown -R ${result.plan!.shell.uid}:${result.plan!.shell.gid} ${result.plan!.shell.home}`);
      expect(argumentText(userRun)).toMatch(/find \/home\/\S+ .*-type d -exec chmod 2775 \{\} \+/);
    });

    it(`${name}: ENTRYPOINT is the init in exec form; CMD is exec form; the runtime stage installs tini only when the environment has no init`, () => {
      const entrypoint = runtime.instructions.find((i) => i.getKeyword() === 'ENTRYPOINT')!;
      const cmd = runtime.instructions.find((i) => i.getKeyword() === 'CMD')!;
      // conda: the activation wrapper runs the activate.d hooks before the entrypoint script (issue 12 item 12).
      const { dependencies, shell } = result.plan!;
      const wrapper = dependencies.activationWrapper;
      const init = shell.init!;
      expect(init, 'every fixture keeps run.init on').toBeDefined();
      expect(execArray(argumentText(entrypoint))).toEqual([...init.argv, ...(wrapper ? [wrapper] : []), '/usr/local/bin/docker-entrypoint.sh']);
      expect(execArray(argumentText(cmd)).length).toBeGreaterThan(0);
      const runtimeRuns = runtime.instructions.filter((i) => i.getKeyword() === 'RUN').map(argumentText);
      const installsTini = runtimeRuns.some((r) => /(apt-get install|apk add) .*\btini\b/.test(r));
      if (init.from === 'system-package') {
        expect(init.argv).toEqual(['tini', '--']);
        expect(installsTini).toBe(true);
      } else {
        // Issue 14: dumb-init comes with the venv; without system packages the runtime stage runs no package manager at all.
        expect(init.argv[0]).toBe(`${dependencies.environment}/bin/dumb-init`);
        expect(installsTini).toBe(shell.runtimePackages.includes('tini'));
        if (shell.runtimePackages.length === 0) expect(runtimeRuns.filter((r) => /apt-get|apk /.test(r))).toEqual([]);
        const builderRuns = builder.instructions.filter((i) => i.getKeyword() === 'RUN').map(argumentText).join('\n');
        expect(builderRuns).toMatch(/python -m pip install .*dumb-init|python -m pip install (--require-hashes )?-r /);
      }
    });

    it(`${name}: no activation step and no curl/wget anywhere`, () => {
      for (const file of Object.values(files)) {
        // The project's own name (the image and service name) may contain the word; nothing else may.
        const text = file.split(result.plan!.name).join('<name>');
        // `activate` only as the etc/conda/activate.d folder the entrypoint sources hooks from (C02).
        expect(text).not.toMatch(/\b(conda|source|micromamba|mamba) activate\b|\bactivate\b(?!\.d\b)/);
        expect(text).not.toMatch(/\b(conda|micromamba|mamba|uv|poetry|pipenv) run\b|MAMBA_DOCKERFILE_ACTIVATE|shell init|shell hook/i);
        expect(text).not.toMatch(/\b(curl|wget)\b/);
      }
    });

    it(`${name}: every published port binds 127.0.0.1 and matches EXPOSE`, () => {
      const compose = parse(files['compose.yaml']!) as { services: Record<string, { ports?: string[] }> };
      const ports = Object.values(compose.services)[0]!.ports ?? [];
      const expose = runtime.instructions.filter((i) => i.getKeyword() === 'EXPOSE').flatMap((i) => argumentText(i).split(' '));
      for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
      expect(ports.map((p) => p.split(':')[2])).toEqual(expose);
    });

    it(`${name}: the entrypoint is LF-only, strict, and ends with exec "$@"`, () => {
      const script = files['docker-entrypoint.sh']!;
      expect(script).not.toContain('\r');
      expect(script.startsWith('#!/bin/sh\n')).toBe(true);
      expect(script).toMatch(/^set -eu$/m);
      const code = script.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
      expect(code.at(-1)).toBe('exec "$@"');
    });
  }
});
