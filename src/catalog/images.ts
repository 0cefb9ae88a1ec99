/**
 * Image names and tool facts the compiler relies on: data, not logic. Changing a value here changes
 * generated output, so the golden fixtures show the effect in review.
 */

/** Python releases past end of life (https://devguide.python.org/versions/: 3.9 ended 2025-10, 3.10 ended 2026-10), for a warning. */
export const END_OF_LIFE_PYTHON = ['3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10'];

/** The official image for a Python version and variant: `python:<version>-<variant>` (https://hub.docker.com/_/python). */
export function officialPythonImage(version: string, variant: string): string {
  return `python:${version}-${variant}`;
}

/** Where the environment lives in both stages; outside the workdir so a bind mount cannot hide it (C25). */
export const VENV_PATH = '/opt/venv';

/** Where the entrypoint script is installed in the image. */
export const ENTRYPOINT_PATH = '/usr/local/bin/docker-entrypoint.sh';


/**
 * The shell editor terminals of a dev container start (the image user's login shell is /usr/sbin/nologin):
 * bash is in every Debian python image; Alpine's base has only BusyBox ash at /bin/sh
 * (checked 2026-12-03 on python:3.12-slim and python:3.12-alpine).
 */
export const TERMINAL_SHELL = { debian: '/bin/bash', alpine: '/bin/sh' } as const;

/** The Dockerfile's final stage name (src/emit/templates/Dockerfile.hbs: `FROM ... AS runtime`), the dev container's build target. */
export const RUNTIME_STAGE = 'runtime';

/**
 * Pinned dependency-manager tools. A new release changes generated Dockerfiles, so bumping one of
 * these is a reviewed golden diff, never a silent change. Each pin says where it was checked and when.
 * pyenvc pins only the tool itself: hashes for Poetry's and Pipenv's own dependency trees need PyPI,
 * which pyenvc's build machine cannot reach, so none are shipped (they could not be checked here).
 * The user locks them instead, with `dependencies.poetry.tool_lock` / `dependencies.pipenv.tool_lock`:
 * a requirements file with hashes made on a connected machine (pip-compile --generate-hashes
 * --allow-unsafe, or uv pip compile --generate-hashes), installed with `pip install --require-hashes`
 * (src/passes/managers/tool-lock.ts). Its `poetry==X` / `pipenv==X` line then decides the version
 * installed, and a version other than the pin here is a warning (PYENV358); see the README's
 * "Pinned tools" section.
 */
export const TOOLS = {
  /**
   * micromamba's image (https://micromamba-docker.readthedocs.io/): 2.6.1, mamba-org/micromamba-docker
   * CHANGELOG.md "13 May 2026: Updated to micromamba version 2.6.1", checked 2026-12-03. Its default base
   * is debian:13-slim (`DEFAULT_BASE_IMAGE` in .github/workflows/push_latest.yml; tag
   * `<version>-debian13-slim`), the same Debian release as RUNTIME_FOR_CONDA.
   */
  micromambaImage: 'mambaorg/micromamba:2.6.1-debian13-slim',
  /**
   * uv's distroless image; copying the binary from it is uv's documented Docker install
   * (https://docs.astral.sh/uv/guides/integration/docker/). 0.12.5, astral-sh/uv CHANGELOG.md
   * "## 0.12.5 Released on 2026-08-14", checked 2026-12-03; 0.12.0's breaking changes touch nothing
   * pyenvc runs (`uv sync --locked` with UV_PROJECT_ENVIRONMENT).
   */
  uvImage: 'ghcr.io/astral-sh/uv:0.12.5',
  /**
   * Poetry, installed from the index into its own tool environment (https://python-poetry.org/docs/#ci-recommendations).
   * 2.4.1, python-poetry/poetry CHANGELOG.md "## [2.4.1] - 2026-05-09", checked 2026-12-03; needs
   * Python >= 3.10 (pyproject.toml requires-python); 2.2+ hashes [dependency-groups] into the lock (#10130).
   */
  poetry: '2.4.1',
  /**
   * Pipenv, installed from the index into its own tool environment (https://pipenv.pypa.io/).
   * 2026.8.0, pypa/pipenv CHANGELOG.md "2026.8.0 (2026-08-20)", checked 2026-12-03; at least 2026.6.0
   * for GHSA-8xgg-v3jj-95m2 (credentials in [[source]] URLs reached pip's command line); needs
   * Python >= 3.10 (pyproject.toml requires-python).
   */
  pipenv: '2026.8.0',
} as const;

/**
 * The runtime stage of a conda project: Debian slim of the same release as the micromamba image
 * (Debian 13 "trixie"), so the glibc the environment was built against is the one it runs on.
 */
export const RUNTIME_FOR_CONDA = 'debian:trixie-slim';

/** Where the conda environment lives in both stages: a fixed prefix, so the yml `name:` cannot mismatch (C01). */
export const CONDA_PREFIX = '/opt/conda/env';

/** The activation wrapper of a conda image (src/passes/managers/conda-activation.ts): on PATH, so `docker exec <c> with-conda-env python` works. */
export const ACTIVATION_WRAPPER = '/usr/local/bin/with-conda-env';

/** Where micromamba keeps downloaded packages (MAMBA_ROOT_PREFIX/pkgs in the micromamba image): a BuildKit cache mount. */
export const CONDA_PACKAGE_CACHE = '/opt/conda/pkgs';

/** Tool environments in the builder, outside the project environment, so the tools never reach the runtime stage (C24). */
export const TOOL_ENVIRONMENTS = { poetry: '/opt/poetry', pipenv: '/opt/pipenv' } as const;

/**
 * Where a tool lock (`dependencies.<tool>.tool_lock`) is copied in the builder: a fixed path per tool,
 * outside the tool environment and the project environment, so neither the name the user chose nor
 * anything in /opt/venv depends on it. The builder stage is not shipped, so the file never reaches the image.
 */
export const TOOL_LOCK_TARGETS = { poetry: '/opt/tool-locks/poetry.txt', pipenv: '/opt/tool-locks/pipenv.txt' } as const;

/** Default BuildKit secret ids per manager, each holding the credentials in the form that tool reads. */
export const DEFAULT_SECRETS = {
  pip: 'pip_conf',
  pipenv: 'pipenv_env',
  poetry: 'poetry_env',
  uv: 'uv_env',
  conda: 'condarc',
} as const;

/** Channels served by Anaconda's repository, whose terms require a paid licence for many organisations. */
export const LICENSED_CONDA_CHANNELS = ['defaults', 'anaconda', 'main', 'r', 'msys2'];
