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

/** tini, the init process for PID 1 (https://github.com/krallin/tini), by distribution family. */
export const TINI_PATH = { debian: '/usr/bin/tini', alpine: '/sbin/tini' } as const;

/**
 * The shell editor terminals of a dev container start (the image user's login shell is /usr/sbin/nologin):
 * bash is in every Debian python image; Alpine's base has only BusyBox ash at /bin/sh
 * (checked 2026-12-03 on python:3.12-slim and python:3.12-alpine).
 */
export const TERMINAL_SHELL = { debian: '/bin/bash', alpine: '/bin/sh' } as const;

/** The Dockerfile's final stage name (src/emit/templates/Dockerfile.hbs: `FROM ... AS runtime`), the dev container's build target. */
export const RUNTIME_STAGE = 'runtime';

/** Requirements that ship no musl wheels for many versions and build from source on Alpine (C23). */
export const SOURCE_BUILD_ON_ALPINE = ['numpy', 'pandas', 'scipy', 'scikit-learn', 'matplotlib', 'pyarrow', 'grpcio', 'lxml', 'psycopg2', 'torch', 'opencv-python'];

/** Wheels that link against system libraries missing from slim images, with the Debian packages they need (C27). */
export const WHEELS_NEEDING_SYSTEM_LIBRARIES: Record<string, { packages: string[]; alternative?: string }> = {
  'opencv-python': { packages: ['libgl1', 'libglib2.0-0'], alternative: 'opencv-python-headless' },
  'opencv-contrib-python': { packages: ['libgl1', 'libglib2.0-0'], alternative: 'opencv-contrib-python-headless' },
  'psycopg2': { packages: ['libpq5'], alternative: 'psycopg2-binary' },
};

/**
 * Pinned dependency-manager tools. A new release changes generated Dockerfiles, so bumping one of
 * these is a reviewed golden diff, never a silent change.
 */
export const TOOLS = {
  /** micromamba's image (https://micromamba-docker.readthedocs.io/): Debian 12 based, like RUNTIME_FOR_CONDA. */
  micromambaImage: 'mambaorg/micromamba:2.5.0-debian12-slim',
  /** uv's distroless image; copying the binary from it is uv's documented Docker install (https://docs.astral.sh/uv/guides/integration/docker/). */
  uvImage: 'ghcr.io/astral-sh/uv:0.9.26',
  /** Poetry, installed from the index into its own tool environment (https://python-poetry.org/docs/#ci-recommendations). */
  poetry: '2.1.3',
  /** Pipenv, installed from the index into its own tool environment (https://pipenv.pypa.io/). */
  pipenv: '2024.4.1',
} as const;

/** The runtime stage of a conda project: Debian slim of the same release as the micromamba image, so glibc matches. */
export const RUNTIME_FOR_CONDA = 'debian:bookworm-slim';

/** Where the conda environment lives in both stages: a fixed prefix, so the yml `name:` cannot mismatch (C01). */
export const CONDA_PREFIX = '/opt/conda/env';

/** Where micromamba keeps downloaded packages (MAMBA_ROOT_PREFIX/pkgs in the micromamba image): a BuildKit cache mount. */
export const CONDA_PACKAGE_CACHE = '/opt/conda/pkgs';

/** Tool environments in the builder, outside the project environment, so the tools never reach the runtime stage (C24). */
export const TOOL_ENVIRONMENTS = { poetry: '/opt/poetry', pipenv: '/opt/pipenv' } as const;

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
