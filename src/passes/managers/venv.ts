import { VENV_PATH } from '../../catalog/images.js';
import { DUMB_INIT } from '../../catalog/init-processes.js';
import type { BuildStep, IndexSecretPlan, InitPlan, RunMount } from '../../plan/types.js';

/** The pip cache, kept between builds by a BuildKit cache mount and never in a layer (https://docs.docker.com/build/cache/optimize/#use-cache-mounts). */
export const PIP_CACHE: RunMount = { type: 'cache', target: '/root/.cache/pip' };

/** Builder ENV shared by the managers that install into a venv with pip underneath. */
export const PIP_BUILDER_ENV: [string, string][] = [
  ['PIP_DISABLE_PIP_VERSION_CHECK', '1'],
  ['PIP_NO_INPUT', '1'],
  ['PYTHONDONTWRITEBYTECODE', '1'],
];

/**
 * The project environment: a venv made by the image's own interpreter, so it is valid at the same path
 * in the runtime stage built from the same image (https://docs.python.org/3/library/venv.html). Installing
 * into it, never into the system interpreter, also avoids PEP 668's externally-managed error (C22).
 */
export function createVenv(path = VENV_PATH): BuildStep {
  return { mounts: [], commands: [{ argv: ['python3', '-m', 'venv', path] }] };
}

/**
 * The lean project environment of an official python image (issue 14): a venv without pip and
 * setuptools of its own (`--without-pip`), which sees the image's own site-packages
 * (`--system-site-packages`, https://docs.python.org/3/library/venv.html). An official image's
 * site-packages holds only what ensurepip would have put into the venv: pip (and, up to Python 3.11,
 * setuptools and wheel; https://github.com/docker-library/python, `Dockerfile-linux.template`), so
 * imports resolve as in a venv made with pip, while the layer carries only the project's
 * packages. The runtime stage is built from the same image, so they are there too. Installs then run
 * the image's pip through the venv's interpreter (`python -m pip`), which installs into the venv
 * (https://pip.pypa.io/en/stable/user_guide/#running-pip). A requirement on setuptools or pip
 * that the image's copy satisfies is not installed again. With `init`, dumb-init is installed in the
 * same step from the same index (src/catalog/init-processes.ts), unless the requirements' own pip run
 * takes it (src/passes/managers/pip.ts: one pip start fewer in a cold build).
 */
export function createLeanVenv(secret: IndexSecretPlan, init: boolean, path = VENV_PATH): BuildStep {
  const venv = { argv: ['python3', '-m', 'venv', '--without-pip', '--system-site-packages', path] };
  if (!init) return { mounts: [], commands: [venv] };
  return withSecret({ mounts: [PIP_CACHE], commands: [venv, { argv: [`${path}/bin/python`, '-m', 'pip', 'install', DUMB_INIT.requirement] }] }, secret);
}

/** dumb-init as PID 1 from the environment `createLeanVenv` made (`--single-child`: see DUMB_INIT). */
export function environmentInit(path = VENV_PATH): InitPlan {
  return { name: 'dumb-init', argv: [`${path}/${DUMB_INIT.binary}`, ...DUMB_INIT.args], from: 'environment' };
}

/** pip of the lean venv (the image's pip, run by the venv's interpreter), or the venv's own `pip`. */
export function pipCommand(lean: boolean): string[] {
  return lean ? ['python', '-m', 'pip'] : ['pip'];
}

/**
 * A tool (Poetry, Pipenv) in its own venv of the builder: it never shares the project's environment and
 * never reaches the runtime stage (C24). `installArgs` are pip's: the pinned requirement, or
 * `--require-hashes -r <tool lock>` (src/passes/managers/tool-lock.ts).
 */
export function installTool(path: string, installArgs: readonly string[], secret: IndexSecretPlan): BuildStep {
  return withSecret({ mounts: [PIP_CACHE], commands: [{ argv: ['python3', '-m', 'venv', path] }, { argv: [`${path}/bin/pip`, 'install', ...installArgs] }] }, secret);
}

/**
 * Adds the credentials secret to a step: mounted only for this RUN, so it never lands in a layer, and
 * optional by default, so a build without it still works (https://docs.docker.com/build/building/secrets/).
 * A `NAME=value` file is also exported into the step's environment, which is how uv, Poetry and Pipenv
 * read index credentials.
 */
export function withSecret(step: BuildStep, secret: IndexSecretPlan): BuildStep {
  const mount: RunMount = { type: 'secret', id: secret.id, target: secret.target };
  return { ...step, mounts: [...step.mounts, mount], ...(secret.format === 'env-file' ? { secretEnvFile: secret.target } : {}) };
}

/** The runtime ENV that names a venv (tools such as Jupyter read VIRTUAL_ENV to find it). */
export function venvRuntimeEnv(path = VENV_PATH): [string, string][] {
  return [['VIRTUAL_ENV', path]];
}

/**
 * The manifest's index URL as pip's default, written to the first global configuration file
 * (/etc/xdg/pip/pip.conf). /etc/pip.conf is read after it and wins, so a pip.conf given as the
 * credentials secret (mounted there) can repeat the URL with credentials; a `--index-url` flag or a
 * PIP_INDEX_URL variable would instead override the secret (https://pip.pypa.io/en/stable/topics/configuration/#loading-order).
 */
export function pipIndexDefault(indexUrl: string | undefined): BuildStep[] {
  if (!indexUrl) return [];
  return [{ mounts: [], commands: [{ argv: ['mkdir', '-p', '/etc/xdg/pip'] }, { writeFile: '/etc/xdg/pip/pip.conf', lines: ['[global]', `index-url = ${indexUrl}`] }] }];
}
