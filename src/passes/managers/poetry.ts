import { TOOL_ENVIRONMENTS, TOOLS, VENV_PATH } from '../../catalog/images.js';
import { declaredRequirements } from './declared.js';
import type { RunMount } from '../../plan/types.js';
import { requireProjectFiles } from './lockfiles.js';
import type { ManagerInput, ManagerOutput } from './types.js';
import { createVenv, installTool, PIP_BUILDER_ENV, PIP_CACHE, venvRuntimeEnv, withSecret } from './venv.js';

const POETRY_CACHE: RunMount = { type: 'cache', target: '/root/.cache/pypoetry' };

/**
 * Poetry with pyproject.toml + poetry.lock (https://python-poetry.org/docs/cli/#install). Poetry runs
 * from its own tool environment (/opt/poetry) and installs into /opt/venv, the active VIRTUAL_ENV, never
 * into its own environment (C24); it is not copied to the runtime stage. `poetry check --lock` fails the
 * build when the lock no longer matches pyproject.toml. Dependencies install first (`--no-root`), only
 * the manifest's groups (`--only`); the project itself, when project.install is on, is built as a wheel
 * and installed non-editable, because Poetry's own root install is an editable link into /build.
 * Credentials come from POETRY_HTTP_BASIC_<SOURCE>_USERNAME/_PASSWORD lines in the secret
 * (https://python-poetry.org/docs/repositories/#configuring-credentials).
 */
export function resolvePoetry(input: ManagerInput): ManagerOutput {
  const { ctx } = input;
  const groups = ctx.manifest.dependencies.poetry?.groups ?? ['main'];
  if (input.indexUrl) {
    ctx.report({
      code: 'PYENV317',
      message: 'dependencies.index.url cannot apply to Poetry: Poetry resolves from the sources in pyproject.toml, and poetry.lock records them',
      hint: 'add the index with `poetry source add --priority=primary NAME URL`, run `poetry lock`, and remove index.url (keep index.secret for its credentials)',
      path: ['dependencies', 'index', 'url'],
    });
  }
  const files = requireProjectFiles(input, 'poetry', ['pyproject.toml', 'poetry.lock']);
  const poetry = `${TOOL_ENVIRONMENTS.poetry}/bin/poetry`;
  const only = groups.length ? ['--only', groups.join(',')] : [];
  return {
    files: files.sort(),
    lockfile: files.find((f) => f.endsWith('poetry.lock')),
    environment: VENV_PATH,
    builderEnv: [...PIP_BUILDER_ENV, ['POETRY_NO_INTERACTION', '1'], ['POETRY_VIRTUALENVS_CREATE', 'false']],
    toolCopies: [],
    setup: [installTool(TOOL_ENVIRONMENTS.poetry, `poetry==${TOOLS.poetry}`, input.secret), createVenv()],
    builderPathEnv: venvRuntimeEnv(),
    install: [
      withSecret({ mounts: [POETRY_CACHE], commands: [{ argv: [poetry, 'check', '--lock'] }, { argv: [poetry, 'install', ...only, '--no-root', '--no-directory'] }] }, input.secret),
    ],
    projectDir: '/build',
    project: input.installProject
      ? [withSecret({ mounts: [PIP_CACHE], commands: [{ argv: [poetry, 'build', '--format', 'wheel'] }, { shell: 'pip install --no-deps --no-index dist/*.whl' }] }, input.secret)]
      : [],
    runtimeEnv: venvRuntimeEnv(),
    activationHooks: false,
    names: [],
    requirements: declaredRequirements(input, 'poetry'),
  };
}
