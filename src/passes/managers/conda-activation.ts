import { ACTIVATION_WRAPPER, CONDA_PREFIX } from '../../catalog/images.js';
import type { BuildStep } from '../../plan/types.js';

/**
 * The activation wrapper `with-conda-env COMMAND [ARG...]`: sources the environment's
 * `etc/conda/activate.d/*.sh` hooks, as `conda activate` does for POSIX shells (conda/conda
 * `conda/activate.py`: PosixActivator's script_extension ".sh"; micromamba the same), then execs the
 * command. Packages export what they need there (GDAL's GDAL_DATA, esmpy's ESMFMKFILE, openjdk's
 * JAVA_HOME, the compilers package's CC/CXX), so without it `docker exec <c> python`, build.run steps
 * and the project.install step would miss them (issue 12 item 12). It runs under bash: hooks are
 * written for the shell conda activates, often with bash syntax, and Debian and Ubuntu images have
 * bash (Essential: yes). No `set -e`/`-u`: hooks are written for interactive shells and a failing
 * test inside one must not stop the command. Nothing else is done: PATH and CONDA_PREFIX are already
 * in the image's ENV.
 */
export const ACTIVATION_WRAPPER_LINES = [
  '#!/bin/bash',
  '# Written by pyenvc: run a command in the activated conda environment (its activate.d hooks sourced).',
  '# Use: docker exec -it <container> with-conda-env python',
  `export CONDA_PREFIX="\${CONDA_PREFIX:-${CONDA_PREFIX}}"`,
  'for pyenvc_hook in "$CONDA_PREFIX"/etc/conda/activate.d/*.sh; do',
  '  # shellcheck source=/dev/null',
  '  [ -r "$pyenvc_hook" ] && . "$pyenvc_hook"',
  'done',
  'unset pyenvc_hook',
  'exec "$@"',
];

/** The builder step that writes the wrapper (root, before the environment exists; copied to the runtime stage). */
export function writeActivationWrapper(): BuildStep {
  return { mounts: [], commands: [{ writeFile: ACTIVATION_WRAPPER, lines: ACTIVATION_WRAPPER_LINES }, { argv: ['chmod', '0755', ACTIVATION_WRAPPER] }] };
}
