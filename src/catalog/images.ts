/**
 * Image names and tool facts the compiler relies on: data, not logic. Changing a value here changes
 * generated output, so the golden fixtures show the effect in review.
 */

/** Python releases past end of life (https://devguide.python.org/versions/), for a warning. */
export const END_OF_LIFE_PYTHON = ['3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8'];

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

/** Requirements that ship no musl wheels for many versions and build from source on Alpine (C23). */
export const SOURCE_BUILD_ON_ALPINE = ['numpy', 'pandas', 'scipy', 'scikit-learn', 'matplotlib', 'pyarrow', 'grpcio', 'lxml', 'psycopg2', 'torch', 'opencv-python'];

/** Wheels that link against system libraries missing from slim images, with the Debian packages they need (C27). */
export const WHEELS_NEEDING_SYSTEM_LIBRARIES: Record<string, { packages: string[]; alternative?: string }> = {
  'opencv-python': { packages: ['libgl1', 'libglib2.0-0'], alternative: 'opencv-python-headless' },
  'opencv-contrib-python': { packages: ['libgl1', 'libglib2.0-0'], alternative: 'opencv-contrib-python-headless' },
  'psycopg2': { packages: ['libpq5'], alternative: 'psycopg2-binary' },
};
