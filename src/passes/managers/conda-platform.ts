import type { PassContext } from '../context.js';
import { condaSubdir, LINUX_SUBDIRS, lockPlatforms } from './conda-lock.js';

/**
 * The Docker platform a conda project with a conda-lock lockfile is built for. conda-lock locks
 * `linux-64, osx-arm64, osx-64, win-64` unless told otherwise (conda/conda-lock
 * `conda_lock/src_parser/__init__.py` DEFAULT_PLATFORMS, checked 2026-12-03): no linux-aarch64. On an
 * arm64 machine micromamba would then find no packages for its platform in conda-lock.yml and create
 * an empty environment, or install an explicit conda-linux-64.lock's x86-64 binaries into an arm64
 * image. So:
 * - base.platform written: the lock must hold its subdir, else PYENV346 (error) with the relock fix;
 * - conda-lock.yml holds both linux-64 and linux-aarch64: no pin, micromamba takes the packages of
 *   the platform it runs on, so the image builds natively anywhere; two explicit locks (one file per
 *   platform) are pinned to linux/amd64 with a PYENV345 note;
 * - it holds one of them: FROM gets that platform (`--platform=linux/amd64`, emulated on arm64
 *   machines), with PYENV345 (note) saying how to lock both;
 * - it holds no Linux platform: PYENV346.
 * Without a lockfile micromamba solves for the build machine, and base.platform is returned as is.
 */
export function resolveCondaPlatform(ctx: PassContext, environmentFile: string): string | undefined {
  const written = ctx.manifest.base.platform;
  const lock = lockPlatforms(environmentFile, ctx.readFile);
  if (!lock) return written;
  const fix = `conda-lock -p linux-64 -p linux-aarch64 -f ${environmentFile}`;
  const listed = lock.platforms.length ? lock.platforms.join(', ') : 'no platform';
  const at = { file: lock.path, line: lock.line, column: 1 };
  if (written) {
    const subdir = condaSubdir(written);
    if (!lock.platforms.includes(subdir)) {
      ctx.report({ code: 'PYENV346', message: `base.platform is ${written}, and ${lock.path} holds no ${subdir} packages (it is locked for ${listed})`, hint: `relock for it: \`${fix}\`, or remove base.platform`, path: ['base', 'platform'] });
    }
    return written;
  }
  const linux = (Object.keys(LINUX_SUBDIRS) as (keyof typeof LINUX_SUBDIRS)[]).filter((s) => lock.platforms.includes(s));
  if (linux.length === 2 && lock.kind === 'unified') return undefined;
  if (linux.length === 2) {
    ctx.report({ code: 'PYENV345', severity: 'note', message: `explicit conda-lock files are one per platform: the image is built from ${lock.path} for linux/amd64`, hint: 'set base.platform: linux/arm64 to build from conda-linux-aarch64.lock, or lock into one conda-lock.yml (`conda-lock -p linux-64 -p linux-aarch64`), which builds natively on both', at });
    return 'linux/amd64';
  }
  if (linux.length === 0) {
    ctx.report({ code: 'PYENV346', message: `${lock.path} is locked for ${listed}, and a Docker image needs linux-64 or linux-aarch64`, hint: `relock: \`${fix}\``, at });
    return undefined;
  }
  const only = linux[0]!;
  const platform = LINUX_SUBDIRS[only];
  const other = only === 'linux-64' ? 'arm64 (Apple silicon, Graviton)' : 'x86-64';
  ctx.report({
    code: 'PYENV345',
    severity: 'note',
    message: `${lock.path} is locked for ${only} and not for ${only === 'linux-64' ? 'linux-aarch64' : 'linux-64'} (conda-lock's default platforms have no linux-aarch64): the image is built for ${platform}, emulated on ${other} machines`,
    hint: `for native images on both, relock with \`${fix}\` (or set base.platform)`,
    at,
  });
  return platform;
}
