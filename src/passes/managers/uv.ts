import { TOOLS, VENV_PATH } from '../../catalog/images.js';
import { IMAGE_PYTHON } from '../../catalog/python-images.js';
import type { BuildStep, RunMount } from '../../plan/types.js';
import { requireProjectFiles } from './lockfiles.js';
import type { ManagerInput, ManagerOutput } from './types.js';
import { createVenv, venvRuntimeEnv, withSecret } from './venv.js';

const UV_CACHE: RunMount = { type: 'cache', target: '/root/.cache/uv' };

/**
 * uv with pyproject.toml + uv.lock, following uv's Docker guide
 * (https://docs.astral.sh/uv/guides/integration/docker/): the pinned binary copied from uv's image;
 * the environment at /opt/venv (UV_PROJECT_ENVIRONMENT), outside the workdir so a bind mount cannot
 * hide it (C25); the image's own interpreter (UV_PYTHON names it, UV_PYTHON_DOWNLOADS=0 forbids others); bytecode compiled at build time;
 * copies instead of links from the cache mount. `--locked` fails the build when uv.lock is stale. The
 * dependencies install first without the project, so a code change keeps that layer; the project
 * follows non-editable. Nothing at runtime calls `uv run`, which could re-sync.
 */
export function resolveUv(input: ManagerInput): ManagerOutput {
  const { ctx } = input;
  const uv = ctx.manifest.dependencies.uv ?? { groups: [], extras: [] };
  const files = requireProjectFiles(input, 'uv', ['pyproject.toml', 'uv.lock']);
  // Only the groups the manifest names: the default `dev` group stays out of the image.
  const selection = ['--no-default-groups', ...uv.groups.flatMap((g) => ['--group', g]), ...uv.extras.flatMap((e) => ['--extra', e])];
  const sync = (extra: string[]): BuildStep => withSecret({ mounts: [UV_CACHE], commands: [{ argv: ['uv', 'sync', '--locked', ...selection, ...extra] }] }, input.secret);
  const builderEnv: [string, string][] = [
    ['UV_COMPILE_BYTECODE', '1'],
    ['UV_LINK_MODE', 'copy'],
    ['UV_PYTHON_DOWNLOADS', '0'],
    ['UV_PROJECT_ENVIRONMENT', VENV_PATH],
    // Both syncs use the image's interpreter, whatever .python-version asks for (see IMAGE_PYTHON).
    ['UV_PYTHON', input.base.distroPython ? IMAGE_PYTHON.distribution : IMAGE_PYTHON.official],
  ];
  if (input.indexUrl) builderEnv.push(['UV_DEFAULT_INDEX', input.indexUrl]);
  return {
    files: files.sort(),
    lockfile: files.find((f) => f.endsWith('uv.lock')),
    environment: VENV_PATH,
    builderEnv,
    toolCopies: [{ image: TOOLS.uvImage, sources: ['/uv'], target: '/usr/local/bin/uv' }],
    setup: [createVenv()],
    builderPathEnv: venvRuntimeEnv(),
    install: [sync(['--no-install-project'])],
    projectDir: '/build',
    project: input.installProject ? [sync(['--no-editable'])] : [],
    runtimeEnv: venvRuntimeEnv(),
    activationHooks: false,
    names: [],
  };
}
