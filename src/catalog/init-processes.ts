/**
 * The init processes pyenvc puts at PID 1 (`run.init`): facts, not logic. Both forward signals to the
 * command and reap orphaned zombies, which a shell or Python at PID 1 does not
 * (https://docs.docker.com/reference/dockerfile/#entrypoint, "Exec form ENTRYPOINT example").
 */

/**
 * tini (https://github.com/krallin/tini) from the distribution's packages (Debian's and Alpine's are
 * both named `tini`; /usr/bin/tini and /sbin/tini, on PATH in both): the init of every image whose
 * environment does not bring dumb-init (uv, Poetry, Pipenv, conda, distribution images, Alpine).
 */
export const TINI = { package: 'tini', argv: ['tini', '--'] } as const;

/**
 * dumb-init (https://github.com/Yelp/dumb-init), installed from the Python package index into the
 * environment, so the runtime stage needs no apt step (and no Debian mirror: a network that only
 * proxies PyPI builds it). Yelp publishes the binary as a wheel that holds only the executable
 * (README "Option 5: Installing from PyPI"; manylinux2014 wheels for x86_64, aarch64, ppc64le and
 * s390x since 1.2.5.post1: Yelp/dumb-init Makefile `python-dists`, commit 62d45ba "Build Linux wheels").
 * `==1.2.5.*` matches 1.2.5 and its post releases (PEP 440 prefix matching; 1.2.5 is the last
 * release, VERSION file checked 2026-12-03). `--single-child` forwards signals to the direct child
 * only, as tini does by default: gunicorn's master, not its workers, gets SIGHUP and SIGTERM and
 * handles them itself (https://docs.gunicorn.org/en/stable/signals.html); without it dumb-init signals
 * the whole process group (dumb-init README, "Session behavior").
 */
export const DUMB_INIT = {
  requirement: 'dumb-init==1.2.5.*',
  /** The executable, relative to the environment's prefix (the wheel's `.data/scripts`). */
  binary: 'bin/dumb-init',
  args: ['--single-child', '--'],
  checked: '2026-12-03',
} as const;
