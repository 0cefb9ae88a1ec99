import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../src/index.js';
import { RUNTIME_FOR_CONDA, TOOLS } from '../src/catalog/images.js';
import { parseCondaEnvironment, pinnedVersion, specName, versionsAgree } from '../src/project/conda-environment.js';
import { artifactsOf, compileFolder, FIXTURES, goodFixtures, readWithProgram } from './helpers/fixtures.js';
import { argumentText, envOf, execArray, stagesOf, type Stage } from './helpers/dockerfile.js';

/** Compiles an in-memory project: `files` maps manifest-relative paths to their text. */
function compileProject(manifest: string, files: Record<string, string> = {}): CompileResult {
  return compile({ file: 'pyenv.yaml', text: manifest, readFile: readWithProgram(files) });
}

const runs = (stage: Stage) => stage.instructions.filter((i) => i.getKeyword() === 'RUN').map(argumentText);
const codes = (result: CompileResult) => result.diagnostics.map((d) => `${d.severity} ${d.code}`);

/**
 * Issue #3's static checks, on every fixture: no activation or run wrapper at runtime, the
 * environment's bin first on PATH, `COPY --from` to the same path, the lock enforced, no credential
 * in an ARG or ENV, and no dependency tool in the runtime stage.
 */
describe('every manager keeps the dependency invariants', () => {
  for (const name of goodFixtures()) {
    const result = compileFolder(join(FIXTURES, name));
    const files = artifactsOf(result);
    const plan = result.plan!;
    const { manager, environment } = plan.dependencies;
    const [builder, runtime] = stagesOf(files['Dockerfile']!) as [Stage, Stage];
    const builderRuns = runs(builder).join('\n');

    it(`${name} (${manager}): nothing at runtime activates the environment or runs through a tool wrapper`, () => {
      const runtimeText = [...runtime.instructions.map((i) => i.getTextContent()), files['docker-entrypoint.sh']!].join('\n');
      expect(runtimeText).not.toMatch(/\b(conda|micromamba|mamba|uv|poetry|pipenv) run\b|\b(conda|source|micromamba) activate\b|bash -[li]|\.bashrc/);
      for (const keyword of ['ENTRYPOINT', 'CMD']) {
        const words = execArray(argumentText(runtime.instructions.find((i) => i.getKeyword() === keyword)!));
        expect(words.filter((w) => /^(conda|micromamba|mamba|uv|poetry|pipenv|bash|sh)$/.test(w))).toEqual([]);
      }
    });

    it(`${name} (${manager}): the environment's bin is first on PATH in the builder and the runtime stage`, () => {
      for (const stage of [builder, runtime]) expect(envOf(stage).get('PATH')!.split(':')[0]).toBe(`${environment}/bin`);
      if (manager === 'conda') expect(envOf(runtime).get('CONDA_PREFIX')).toBe(environment);
      else expect(envOf(runtime).get('VIRTUAL_ENV')).toBe(environment);
      // C25: a bind mount over the workdir cannot hide an environment that lives elsewhere.
      expect(`${environment}/`.startsWith(`${plan.finalize.workdir.replace(/\/$/, '')}/`)).toBe(false);
    });

    it(`${name} (${manager}): COPY --from=builder copies to the identical path`, () => {
      const copies = runtime.instructions.filter((i) => i.getKeyword() === 'COPY' && /^--from=builder /.test(argumentText(i)));
      // The environment, and for conda the activation wrapper.
      expect(copies.length).toBe(manager === 'conda' ? 2 : 1);
      for (const c of copies) {
        const [source, target] = argumentText(c).replace(/^--from=builder /, '').split(' ');
        expect(target).toBe(source);
      }
    });

    it(`${name} (${manager}): the lockfile is enforced`, () => {
      switch (manager) {
        case 'uv': {
          // Every sync is --locked, except that a workspace or path sources first sync --frozen without
          // any local code (uv's Docker guide, "Intermediate layers in workspaces"); the last sync,
          // after the code is copied, is always --locked, so a stale lock still fails the build.
          const syncs = builderRuns.split('\n').filter((l) => l.includes('uv sync')).map((l) => l.slice(l.indexOf('uv sync')));
          const frozen = syncs.filter((l) => l.startsWith('uv sync --frozen '));
          expect(frozen.every((l) => /--no-install-(workspace|local)\b/.test(l))).toBe(true);
          expect(syncs.filter((l) => l.startsWith('uv sync --locked ')).length).toBe(syncs.length - frozen.length);
          expect(syncs.at(-1)).toMatch(frozen.length ? /^uv sync --locked / : /^uv sync --locked .*--no-install-project|^uv sync --locked .*--no-editable/);
          expect(syncs[0]).toMatch(/--no-install-(project|workspace|local)\b/);
          expect(builderRuns).not.toMatch(/uv pip install/);
          break;
        }
        case 'poetry':
          // `poetry install` rejects a stale lock itself (Poetry >= 1.8.0, #8737); `poetry check --lock`
          // would also fail on a readme that is not copied yet (issue 12 item 4).
          expect(builderRuns).toMatch(/\S+poetry install --only \S+ --no-root --no-directory/);
          expect(builderRuns).not.toContain('poetry check');
          break;
        case 'pipenv':
          expect(builderRuns).toContain('pipenv install --deploy');
          break;
        case 'conda':
          expect(builderRuns).toContain(`micromamba create --yes --prefix ${environment} --file ${plan.dependencies.lockfile ?? plan.dependencies.files.find((f) => /\.ya?ml$/.test(f))}`);
          break;
        case 'pip': {
          const hashed = plan.dependencies.files.some((f) => /--hash=/.test(compileFolderFile(name, f)));
          expect(builderRuns.includes('--require-hashes')).toBe(hashed);
          break;
        }
      }
    });

    it(`${name} (${manager}): no credential in an ARG, an ENV or a copied file; secrets only as RUN mounts`, () => {
      for (const stage of [builder, runtime]) {
        for (const i of stage.instructions.filter((x) => ['ARG', 'ENV'].includes(x.getKeyword()))) {
          const text = argumentText(i);
          expect(text).not.toMatch(/(TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIAL|API_KEY|_AUTH)\w*=/i);
          expect(text).not.toMatch(/:\/\/[^/\s"]*@/);
        }
        for (const i of stage.instructions.filter((x) => x.getKeyword() === 'COPY')) expect(argumentText(i)).not.toMatch(/pip\.conf|\.condarc|\.netrc|(^|\s)\.env\b|secrets/);
      }
      const mounts = builderRuns.match(/--mount=type=secret,[^\s]+/g) ?? [];
      if (plan.dependencies.install.length) expect(mounts.length).toBeGreaterThan(0);
      // A secret mounted inside the environment would leave its mount point in the copied layer.
      for (const m of mounts) expect(m).not.toContain(`target=${environment}`);
      expect(runs(runtime).join('\n')).not.toContain('--mount=type=secret');
    });

    it(`${name} (${manager}): no dependency tool reaches the runtime stage`, () => {
      const text = runtime.instructions.filter((i) => ['RUN', 'COPY'].includes(i.getKeyword())).map(argumentText).join('\n');
      expect(text).not.toMatch(/\b(poetry|pipenv|micromamba|uv)\b|\/opt\/(poetry|pipenv)|astral-sh/);
    });
  }
});

function compileFolderFile(name: string, path: string): string {
  return compileFolder(join(FIXTURES, name)).sources[path] ?? '';
}

describe('manager selection', () => {
  const manifest = 'version: 1\nname: demo\npreset: script\n';
  const project = { 'pyproject.toml': '[project]\nname = "demo"\n', 'uv.lock': 'version = 1\n', 'poetry.lock': '', Pipfile: '', 'Pipfile.lock': '{}', 'environment.yml': 'channels: [conda-forge]\ndependencies: [python=3.12]\n', 'requirements.txt': 'requests\n' };
  const order = ['uv.lock', 'poetry.lock', 'Pipfile.lock', 'environment.yml', 'requirements.txt'] as const;
  const expected = ['uv', 'poetry', 'pipenv', 'conda', 'pip'];

  order.forEach((file, i) => {
    it(`detects ${expected[i]} from ${file} when the files before it in the order are absent`, () => {
      const files: Record<string, string> = { ...project };
      for (const earlier of order.slice(0, i)) delete files[earlier];
      const result = compileProject(manifest, files);
      expect(result.plan?.dependencies.manager).toBe(expected[i]);
      expect(result.diagnostics.find((d) => d.code === 'PYENV307')?.message).toBe(`dependencies: found ${file}, using ${expected[i]}`);
    });
  });

  it('environment.yaml is detected like environment.yml', () => {
    const result = compileProject(manifest, { 'environment.yaml': project['environment.yml'] });
    expect(result.plan?.dependencies.manager).toBe('conda');
    expect(result.plan?.dependencies.files).toEqual(['environment.yaml']);
  });

  it('two managers in one manifest is an error', () => {
    const result = compileProject(`${manifest}dependencies:\n  uv: {}\n  conda: {}\n`, project);
    expect(codes(result)).toContain('error PYENV203');
  });
});

describe('conda', () => {
  const env = (body: string) => ({ 'environment.yml': body });
  const base = 'version: 1\nname: demo\npreset: script\ndependencies:\n  conda:\n    file: environment.yml\n';

  it('reads python pins the way conda does', () => {
    expect(pinnedVersion('python=3.8')).toBe('3.8');
    expect(pinnedVersion('python==3.12.1')).toBe('3.12.1');
    expect(pinnedVersion('python 3.11.*')).toBe('3.11');
    expect(pinnedVersion('conda-forge::python=3.10=h123_cpython')).toBe('3.10');
    expect(pinnedVersion('python>=3.9')).toBeUndefined();
    expect(pinnedVersion('python=3.9,<4')).toBeUndefined();
    expect(specName('python-dateutil=2.9')).toBe('python-dateutil');
    expect(specName('conda-forge::numpy>=1.26')).toBe('numpy');
    expect(versionsAgree('3.11', '3.11.4')).toBe(true);
    expect(versionsAgree('3.11.4', '3.11')).toBe(true);
    expect(versionsAgree('3.11', '3.12')).toBe(false);
  });

  it('parses channels, dependencies, the pip sub-list and variables with positions', () => {
    const { environment, problems } = parseCondaEnvironment('environment.yml', 'name: x\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.12\n  - pip\n  - pip:\n    - requests==2.32.3\nvariables:\n  B: "2"\n  A: one\n');
    expect(problems).toEqual([]);
    expect(environment!.channels.map((c) => c.text)).toEqual(['conda-forge']);
    expect(environment!.pip[0]).toEqual({ text: 'requests==2.32.3', at: { file: 'environment.yml', line: 8, column: 7 } });
    expect(environment!.variables).toEqual([['A', 'one'], ['B', '2']]);
    expect(environment!.python!.version).toBe('3.12');
  });

  it('python.version that disagrees with the pin is an error at python.version with a note at the pin', () => {
    const result = compileProject(base.replace('preset: script\n', 'preset: script\npython:\n  version: "3.11"\n'), env('channels: [conda-forge]\ndependencies:\n  - python=3.12\n'));
    expect(result.ok).toBe(false);
    const [note, error] = result.diagnostics.filter((d) => d.code === 'PYENV311');
    expect(error).toMatchObject({ severity: 'error', file: 'pyenv.yaml', line: 5 });
    expect(note).toMatchObject({ severity: 'note', file: 'environment.yml', line: 3, column: 5 });
  });

  it('agreeing versions compile; python 3.8 and the defaults channel warn but do not refuse', () => {
    const result = compileProject(base.replace('preset: script\n', 'preset: script\npython:\n  version: "3.8"\n'), env('channels:\n  - defaults\ndependencies:\n  - python=3.8.18\n'));
    expect(result.ok).toBe(true);
    expect(codes(result)).toEqual(expect.arrayContaining(['warning PYENV306', 'warning PYENV313']));
    expect(result.plan!.base.pythonVersion).toBe('3.8.18');
  });

  it('an unpinned python warns; no channels warns', () => {
    const result = compileProject(base, env('dependencies:\n  - numpy\n'));
    expect(result.ok).toBe(true);
    expect(codes(result)).toEqual(expect.arrayContaining(['warning PYENV314', 'warning PYENV315']));
    expect(result.plan!.base.pythonVersion).toBeUndefined();
  });

  it('an explicit lockfile is installed instead of solving, and warns that it drops the pip packages', () => {
    const explicit = '@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/linux-64/python-3.12.3-hab00c5b_0_cpython.conda#abc\n';
    const result = compileProject(base, { ...env('channels: [conda-forge]\ndependencies:\n  - python=3.12\n  - pip\n  - pip:\n    - requests\n'), 'conda-linux-64.lock': explicit });
    expect(result.plan!.dependencies.lockfile).toBe('conda-linux-64.lock');
    expect(result.plan!.base.pythonVersion).toBe('3.12.3');
    expect(artifactsOf(result)['Dockerfile']).toContain('micromamba create --yes --prefix /opt/conda/env --file conda-linux-64.lock');
    expect(codes(result)).toContain('warning PYENV319');
    const arm = compileProject(base.replace('dependencies:', 'base:\n  platform: linux/arm64\ndependencies:'), { ...env('channels: [conda-forge]\ndependencies: [python=3.12]\n'), 'conda-linux-64.lock': explicit });
    // An x86-64 lock for an arm64 image is refused with the relock fix (issue 12 item 9), not silently ignored.
    expect(codes(arm)).toContain('error PYENV346');
  });

  it('compose.gpu_cuda is CONDA_OVERRIDE_CUDA for the solve only; compose.gpu without it warns', () => {
    const gpu = compileProject(`${base}compose:\n  gpu: true\n  gpu_cuda: "12.4"\n`, env('channels: [conda-forge]\ndependencies: [python=3.12, pytorch-gpu]\n'));
    const dockerfile = artifactsOf(gpu)['Dockerfile']!;
    expect(dockerfile).toContain('CONDA_OVERRIDE_CUDA=12.4 micromamba create');
    const [, runtime] = stagesOf(dockerfile) as [Stage, Stage];
    expect(envOf(runtime).get('CONDA_OVERRIDE_CUDA')).toBeUndefined();
    // The image exposes no GPU by itself (NVIDIA/k8s-device-plugin#61); the compose service selects them.
    expect(envOf(runtime).get('NVIDIA_VISIBLE_DEVICES')).toBeUndefined();
    expect(envOf(runtime).get('NVIDIA_DRIVER_CAPABILITIES')).toBe('compute,utility');
    expect(artifactsOf(gpu)['compose.yaml']).toContain('NVIDIA_VISIBLE_DEVICES: all');
    const warned = compileProject(`${base}compose:\n  gpu: true\n`, env('channels: [conda-forge]\ndependencies: [python=3.12]\n'));
    expect(codes(warned)).toContain('warning PYENV318');
  });

  it('the activation wrapper (bash) sources activate.d hooks for conda only; the entrypoint stays POSIX', () => {
    const files = artifactsOf(compileProject(base, env('channels: [conda-forge]\ndependencies: [python=3.12]\n')));
    expect(files['Dockerfile']).toMatch(/'for pyenvc_hook in "\$CONDA_PREFIX"\/etc\/conda\/activate\.d\/\*\.sh; do'[\s\S]*'exec "\$@"' > \/usr\/local\/bin\/with-conda-env/);
    expect(files['docker-entrypoint.sh']).not.toContain('activate.d');
    const pip = artifactsOf(compileProject('version: 1\nname: demo\npreset: script\n', { 'requirements.txt': 'requests\n' }))['docker-entrypoint.sh']!;
    expect(pip).not.toContain('activate.d');
  });

  it('the jupyter preset runs Jupyter from the environment, and warns when the environment has none', () => {
    const jupyter = 'version: 1\nname: demo\npreset: jupyter\ndependencies:\n  conda:\n    file: environment.yml\n';
    const without = compileProject(jupyter, env('channels: [conda-forge]\ndependencies: [python=3.12, numpy]\n'));
    expect(codes(without)).toContain('warning PYENV321');
    const lab = compileProject(jupyter, env('channels: [conda-forge]\ndependencies: [python=3.12, jupyterlab]\n'));
    expect(codes(lab)).not.toContain('warning PYENV321');
    const cmd = execArray(argumentText(stagesOf(artifactsOf(lab)['Dockerfile']!)[1]!.instructions.find((i) => i.getKeyword() === 'CMD')!));
    expect(cmd.slice(0, 2)).toEqual(['jupyter', 'lab']);
  });

  it('system.packages go to the Debian runtime stage; a musl base image is refused', () => {
    const result = compileProject(`${base}system:\n  packages: [libgl1]\n`, env('channels: [conda-forge]\ndependencies: [python=3.12]\n'));
    const [, runtime] = stagesOf(artifactsOf(result)['Dockerfile']!) as [Stage, Stage];
    expect(runtime.from).toBe(RUNTIME_FOR_CONDA);
    expect(runs(runtime)[0]).toContain('--no-install-recommends libgl1 tini');
    const alpine = compileProject(`${base}base:\n  image: alpine:3.20\n`, env('channels: [conda-forge]\ndependencies: [python=3.12]\n'));
    expect(codes(alpine)).toContain('error PYENV316');
  });

  it('the pip sub-list: -r includes are copied, local paths are refused', () => {
    const result = compileProject(base, { ...env('channels: [conda-forge]\ndependencies:\n  - python=3.12\n  - pip\n  - pip:\n    - -r requirements.txt\n'), 'requirements.txt': '-r base.txt\n', 'base.txt': 'requests\n' });
    expect(result.plan!.dependencies.files).toEqual(['base.txt', 'environment.yml', 'requirements.txt']);
    const local = compileProject(base, env('channels: [conda-forge]\ndependencies:\n  - python=3.12\n  - pip\n  - pip:\n    - -e .\n'));
    expect(local.diagnostics.find((d) => d.code === 'PYENV309')).toMatchObject({ file: 'environment.yml', line: 6 });
  });
});

describe('private indexes: credentials only through a secret, in the form each tool reads', () => {
  const url = 'https://pypi.example.org/simple';
  const cases: [string, Record<string, string>, RegExp][] = [
    ['pip:\n    requirements: [requirements.txt]', { 'requirements.txt': 'requests\n' }, /--mount=type=secret,id=corp,target=\/etc\/pip\.conf/],
    ['uv: {}', { 'pyproject.toml': '', 'uv.lock': '' }, /--mount=type=secret,id=corp,target=\/run\/secrets\/corp \\\n\s+if \[ -f \/run\/secrets\/corp \]; then set -a && \. \/run\/secrets\/corp && set \+a; fi/],
    ['pipenv: {}', { Pipfile: '', 'Pipfile.lock': '' }, /--mount=type=secret,id=corp,target=\/run\/secrets\/corp/],
    ['conda:\n    file: environment.yml', { 'environment.yml': 'channels: [conda-forge]\ndependencies: [python=3.12]\n' }, /--mount=type=secret,id=corp,target=\/etc\/conda\/\.condarc/],
  ];
  for (const [block, files, mount] of cases) {
    const name = block.split(':')[0]!;
    it(`${name}: the index URL is a default the secret can override, and the secret is a RUN mount`, () => {
      const result = compileProject(`version: 1\nname: demo\npreset: script\ndependencies:\n  ${block}\n  index:\n    url: ${url}\n    secret: corp\n`, files);
      expect(result.ok, result.diagnostics.map((d) => d.message).join('\n')).toBe(true);
      const dockerfile = artifactsOf(result)['Dockerfile']!;
      expect(dockerfile).toMatch(mount);
      // Never a flag or variable that would outrank the secret's own configuration.
      expect(dockerfile).not.toMatch(/--index-url|PIP_INDEX_URL|UV_INDEX_URL|ARG /);
      if (name === 'uv') expect(dockerfile).toContain(`UV_DEFAULT_INDEX=${url}`);
      if (name === 'pipenv') expect(dockerfile).toContain(`PIPENV_PYPI_MIRROR=${url}`);
      if (name === 'pip' || name === 'conda') expect(dockerfile).toContain(`printf '%s\\n' '[global]' 'index-url = ${url}' > /etc/xdg/pip/pip.conf`);
    });
  }

  it('poetry: index.url is an error (sources live in pyproject.toml), index.secret is fine', () => {
    const files = { 'pyproject.toml': '', 'poetry.lock': '' };
    expect(codes(compileProject(`version: 1\nname: demo\npreset: script\ndependencies:\n  poetry: {}\n  index:\n    url: ${url}\n`, files))).toContain('error PYENV317');
    const ok = compileProject('version: 1\nname: demo\npreset: script\ndependencies:\n  poetry: {}\n  index:\n    secret: corp\n', files);
    expect(artifactsOf(ok)['Dockerfile']).toContain('--mount=type=secret,id=corp,target=/run/secrets/corp');
  });
});

describe('pip-tools hashes', () => {
  it('any --hash line, even in an included file, turns on --require-hashes for the whole install', () => {
    const result = compileProject('version: 1\nname: demo\npreset: script\n', { 'requirements.txt': '-r locked.txt\n', 'locked.txt': 'requests==2.32.3 \\\n    --hash=sha256:abc\n' });
    expect(artifactsOf(result)['Dockerfile']).toContain('pip install --require-hashes -r requirements.txt');
    const plain = compileProject('version: 1\nname: demo\npreset: script\n', { 'requirements.txt': 'requests==2.32.3\n' });
    expect(artifactsOf(plain)['Dockerfile']).not.toContain('--require-hashes');
  });
});

describe('pinned tools', () => {
  it('every tool is pinned to an exact version, and uv is copied from its image', () => {
    expect(TOOLS.micromambaImage).toMatch(/^mambaorg\/micromamba:\d+\.\d+\.\d+-debian13-slim$/);
    // Builder and runtime on the same Debian release (13 = trixie), so the environment's glibc matches.
    expect(RUNTIME_FOR_CONDA).toBe('debian:trixie-slim');
    // Pipenv from 2026.6.0 on: GHSA-8xgg-v3jj-95m2 (credentials in [[source]] URLs reached pip's command line).
    const [year, minor] = TOOLS.pipenv.split('.').map(Number) as [number, number];
    expect(year * 100 + minor).toBeGreaterThanOrEqual(2026_06);
    expect(TOOLS.uvImage).toMatch(/^ghcr\.io\/astral-sh\/uv:\d+\.\d+\.\d+$/);
    expect(TOOLS.poetry).toMatch(/^\d+\.\d+\.\d+$/);
    expect(TOOLS.pipenv).toMatch(/^\d+\.\d+\.\d+$/);
    const dockerfile = artifactsOf(compileFolder(join(FIXTURES, 'uv-fastapi')))['Dockerfile']!;
    expect(dockerfile).toContain(`COPY --from=${TOOLS.uvImage} /uv /usr/local/bin/uv`);
  });
});

/**
 * The end-to-end suite builds the pip fixtures against the offline index. The others cannot be built
 * here, and these placeholders say why instead of passing silently.
 */
describe('end-to-end builds that this machine cannot run (checked statically above)', () => {
  it.skip('conda fixtures (tutorial-hydrus, conda-jupyter, conda-activate-hooks, conda-lock): no registry for mambaorg/micromamba or debian:bookworm-slim, and no conda channel offline', () => {});
  it.skip('uv fixtures: ghcr.io/astral-sh/uv cannot be pulled offline, and the offline index has python 3.11 Debian wheels only', () => {});
  it.skip('poetry and pipenv fixtures: poetry and pipenv are not in the offline index (Debian wheels only), and their pinned versions come from PyPI', () => {});
});
