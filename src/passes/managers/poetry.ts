import { posix } from 'node:path';
import { TOOL_ENVIRONMENTS, VENV_PATH } from '../../catalog/images.js';
import { declaredRequirements } from './declared.js';
import type { BuildStep, RunMount } from '../../plan/types.js';
import { localPathInContext, parsePoetryLock, type PoetryLocalPackage } from '../../project/poetry-lock.js';
import { hasDependencyGroups } from '../../project/version-source.js';
import { requireProjectFiles } from './lockfiles.js';
import { checkLockWriter } from './poetry-lock-checks.js';
import type { ManagerInput, ManagerOutput } from './types.js';
import { resolveToolInstall } from './tool-lock.js';
import { createVenv, PIP_BUILDER_ENV, PIP_CACHE, venvRuntimeEnv, withSecret } from './venv.js';

const POETRY_CACHE: RunMount = { type: 'cache', target: '/root/.cache/pypoetry' };

/** Where `poetry build` writes the project's wheel: a folder outside /build that nothing else writes, so no old wheel from the user's dist/ can be installed instead. */
export const POETRY_WHEEL_DIR = '/tmp/poetry-dist';

/**
 * Poetry with pyproject.toml + poetry.lock (https://python-poetry.org/docs/cli/#install). Poetry runs
 * from its own tool environment (/opt/poetry) and installs into /opt/venv, the active VIRTUAL_ENV, never
 * into its own environment (C24); it is not copied to the runtime stage.
 * - The lock is enforced by `poetry install` itself: since 1.8.0 a lock that no longer matches
 *   pyproject.toml is an error (CHANGELOG 1.8.0, python-poetry/poetry#8737;
 *   src/poetry/installation/installer.py `_do_install`: "pyproject.toml changed significantly since
 *   poetry.lock was last generated"). `poetry check --lock` is not run: it also validates the
 *   `readme` files (src/poetry/console/commands/check.py `_validate_readme`, from 1.6.0 #7444, for
 *   `[project].readme` from 2.3.0 #10604), which are not copied before the install.
 * - Dependencies install first (`--no-root`), only the manifest's groups (`--only`). `--no-directory`
 *   skips path dependencies (src/poetry/puzzle/transaction.py: `skip_directory and source_type ==
 *   "directory"`), whose folders are not copied yet; they are installed after the copy, non-editable,
 *   without dependencies (the lock already installed those). Wheel and sdist path dependencies
 *   (`type = "file"`) are copied with the lock, since `poetry install` needs them.
 * - The project itself, when project.install is on, is built as a wheel into a fresh folder
 *   (`poetry build --output`, CHANGELOG 1.8.0 #8828) and installed non-editable, because Poetry's own
 *   root install is an editable link into /build.
 * - The lock's writer is compared with the Poetry the Dockerfile installs (poetry-lock-checks.ts):
 *   pyenvc's pin, or the version of `dependencies.poetry.tool_lock` (tool-lock.ts), whose hashed
 *   requirements file then installs Poetry and its own dependencies.
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
  const tool = resolveToolInstall(input, 'poetry');
  const lockPath = files.find((f) => f.endsWith('poetry.lock'));
  const local = lockPath ? readLocalPackages(input, lockPath, groups, tool.version) : { directories: [], files: [] };
  const poetry = `${TOOL_ENVIRONMENTS.poetry}/bin/poetry`;
  const only = groups.length ? ['--only', groups.join(',')] : [];
  const project: BuildStep[] = [];
  if (local.directories.length) {
    project.push(withSecret({ mounts: [PIP_CACHE], commands: [{ argv: ['pip', 'install', '--no-deps', ...local.directories.map((d) => `/build/${d}`)] }] }, input.secret));
  }
  if (input.installProject) {
    project.push(
      withSecret({ mounts: [PIP_CACHE], commands: [{ argv: [poetry, 'build', '--format', 'wheel', '--output', POETRY_WHEEL_DIR] }, { shell: `pip install --no-deps --no-index ${POETRY_WHEEL_DIR}/*.whl` }] }, input.secret),
    );
  }
  return {
    files: [...new Set([...files, ...local.files])].sort(),
    lockfile: lockPath,
    environment: VENV_PATH,
    builderEnv: [...PIP_BUILDER_ENV, ['POETRY_NO_INTERACTION', '1'], ['POETRY_VIRTUALENVS_CREATE', 'false']],
    toolCopies: [],
    setup: [tool.step, createVenv()],
    ...(tool.toolLock ? { toolLock: tool.toolLock } : {}),
    builderPathEnv: venvRuntimeEnv(),
    install: [withSecret({ mounts: [POETRY_CACHE], commands: [{ argv: [poetry, 'install', ...only, '--no-root', '--no-directory'] }] }, input.secret)],
    projectDir: '/build',
    project,
    runtimeEnv: venvRuntimeEnv(),
    activationHooks: false,
    names: [],
    requirements: declaredRequirements(input, 'poetry'),
  };
}

/**
 * Reads poetry.lock: checks its writer against the Poetry that installs it (`poetryVersion`), and returns the build-context paths
 * of the local packages of the selected groups (all groups when `groups` is empty). A lock that is
 * not TOML is PYENV344; a local path outside the build context is PYENV340 (Docker cannot send it).
 */
function readLocalPackages(input: ManagerInput, lockPath: string, groups: readonly string[], poetryVersion: string): { directories: string[]; files: string[] } {
  const { ctx } = input;
  const lockManifestPath = input.context === '.' ? lockPath : posix.join(input.context, lockPath);
  const lock = parsePoetryLock(ctx.readFile(lockManifestPath) ?? '');
  if (!lock) {
    ctx.report({ code: 'PYENV344', message: `${lockManifestPath} is not valid TOML, so Poetry cannot install from it`, hint: 'run `poetry lock` to write it again (resolve any merge conflict markers first)', at: { file: lockManifestPath, line: 0, column: 0 } });
    return { directories: [], files: [] };
  }
  const pyproject = ctx.readFile(input.context === '.' ? 'pyproject.toml' : posix.join(input.context, 'pyproject.toml'));
  checkLockWriter(lock, hasDependencyGroups(pyproject), poetryVersion, lockManifestPath, ctx.report);
  const selected = (p: PoetryLocalPackage) => groups.length === 0 || p.groups === undefined || p.groups.some((g) => groups.includes(g));
  const directories: string[] = [];
  const localFiles: string[] = [];
  for (const pkg of lock.localPackages.filter(selected)) {
    const path = localPathInContext(posix.dirname(lockPath), pkg.url);
    if (path === undefined) {
      ctx.report({
        code: 'PYENV340',
        message: `${lockManifestPath} installs ${pkg.name} from the local path ${pkg.url}, which is outside the build context, so the builder cannot see it`,
        hint: pkg.type === 'directory' ? `move ${pkg.name} into the project folder (and \`poetry add ./<path>\` it again), or depend on a published or git version of it` : `put the file inside the project folder and \`poetry add ./<file>\` it again`,
        at: { file: lockManifestPath, line: pkg.line, column: pkg.line ? 1 : 0 },
      });
    } else (pkg.type === 'directory' ? directories : localFiles).push(path);
  }
  return { directories: [...new Set(directories)].sort(), files: localFiles };
}
