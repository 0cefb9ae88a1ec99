import { TOOL_ENVIRONMENTS, VENV_PATH } from '../../catalog/images.js';
import { declaredRequirements } from './declared.js';
import type { RunMount } from '../../plan/types.js';
import { requireProjectFiles } from './lockfiles.js';
import { projectInstall } from './pip.js';
import type { ManagerInput, ManagerOutput } from './types.js';
import { resolveToolInstall } from './tool-lock.js';
import { createVenv, PIP_BUILDER_ENV, PIP_CACHE, venvRuntimeEnv, withSecret } from './venv.js';

const PIPENV_CACHE: RunMount = { type: 'cache', target: '/root/.cache/pipenv' };

/**
 * Pipenv with Pipfile + Pipfile.lock (https://pipenv.pypa.io/en/latest/commands.html#install). Pipenv
 * runs from its own tool environment (/opt/pipenv) and installs into /opt/venv, the active VIRTUAL_ENV;
 * `--deploy` fails the build when Pipfile.lock is out of date with Pipfile. Pipenv passes each Pipfile
 * source to pip as `--index-url`, so credentials travel as variables that the source URLs expand
 * (`${PYPI_TOKEN}`, https://pipenv.pypa.io/en/latest/credentials.html), exported from the secret for
 * the install step only; index.url replaces pypi.org as PIPENV_PYPI_MIRROR. Pipenv itself is pyenvc's
 * pin, or the hashed requirements file of `dependencies.pipenv.tool_lock` (tool-lock.ts).
 */
export function resolvePipenv(input: ManagerInput): ManagerOutput {
  const files = requireProjectFiles(input, 'pipenv', ['Pipfile', 'Pipfile.lock']);
  const tool = resolveToolInstall(input, 'pipenv');
  const pipenv = `${TOOL_ENVIRONMENTS.pipenv}/bin/pipenv`;
  const builderEnv: [string, string][] = [...PIP_BUILDER_ENV, ['PIPENV_VERBOSITY', '-1']];
  if (input.indexUrl) builderEnv.push(['PIPENV_PYPI_MIRROR', input.indexUrl]);
  return {
    files: files.sort(),
    lockfile: files.find((f) => f.endsWith('Pipfile.lock')),
    environment: VENV_PATH,
    builderEnv,
    toolCopies: [],
    setup: [tool.step, createVenv()],
    ...(tool.toolLock ? { toolLock: tool.toolLock } : {}),
    builderPathEnv: venvRuntimeEnv(),
    install: [withSecret({ mounts: [PIP_CACHE, PIPENV_CACHE], commands: [{ argv: [pipenv, 'install', '--deploy'] }] }, input.secret)],
    projectDir: '/build/project',
    project: input.installProject ? [projectInstall(input, '/build/project')] : [],
    runtimeEnv: venvRuntimeEnv(),
    activationHooks: false,
    names: [],
    requirements: declaredRequirements(input, 'pipenv'),
  };
}
