import { posix } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { ReadProjectFile } from '../context.js';

/** A conda-lock lockfile found for the environment (https://conda.github.io/conda-lock/output/). */
export interface CondaLock {
  /** Manifest-relative path. */
  path: string;
  /** `unified` = conda-lock.yml (conda and pip packages); `explicit` = an @EXPLICIT list of conda package URLs only. */
  kind: 'unified' | 'explicit';
  /** The python version the lock installs, when it holds python for the platform. */
  python?: string;
}

/** The conda subdir a Docker platform builds for (https://docs.conda.io/projects/conda/en/stable/user-guide/concepts/pkg-specs.html). */
export function condaSubdir(platform: string | undefined): string {
  return platform === 'linux/arm64' || platform?.startsWith('linux/arm64/') ? 'linux-aarch64' : 'linux-64';
}

/**
 * Finds the lockfile conda-lock writes next to the environment file: the unified `conda-lock.yml`, or
 * the explicit `conda-<subdir>.lock` of the build platform. When one exists, micromamba installs
 * exactly its packages and does not solve at all.
 */
export function findCondaLock(environmentFile: string, platform: string | undefined, readFile: ReadProjectFile): CondaLock | undefined {
  const dir = posix.dirname(environmentFile);
  const subdir = condaSubdir(platform);
  for (const name of ['conda-lock.yml', `conda-${subdir}.lock`]) {
    const path = dir === '.' ? name : posix.join(dir, name);
    const text = readFile(path);
    if (text === undefined) continue;
    return name.endsWith('.lock') ? { path, kind: 'explicit', ...optional(explicitPython(text)) } : { path, kind: 'unified', ...optional(unifiedPython(text, subdir)) };
  }
  return undefined;
}

function optional(python: string | undefined): { python?: string } {
  return python ? { python } : {};
}

/** python's version from an explicit lock's package URL (`.../python-3.12.3-hab00c5b_0_cpython.conda`). */
function explicitPython(text: string): string | undefined {
  return /\/python-(\d+\.\d+(?:\.\d+)?)-[^/\s]*\.(?:conda|tar\.bz2)/.exec(text)?.[1];
}

/** python's version from a unified lock's `package:` list, for the build platform. */
function unifiedPython(text: string, subdir: string): string | undefined {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length) return undefined;
  const packages = document.get('package');
  if (!isSeq(packages)) return undefined;
  for (const item of packages.items) {
    if (!isMap(item)) continue;
    if (item.get('name') === 'python' && item.get('platform') === subdir && (item.get('manager') ?? 'conda') === 'conda') {
      const version = item.get('version');
      return typeof version === 'string' ? version : undefined;
    }
  }
  return undefined;
}
