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

/** The Linux conda subdirs a Docker image can be built for, with their Docker platform. */
export const LINUX_SUBDIRS = { 'linux-64': 'linux/amd64', 'linux-aarch64': 'linux/arm64' } as const;

/**
 * Finds the lockfile conda-lock writes next to the environment file: the unified `conda-lock.yml`, or
 * the explicit `conda-<subdir>.lock` of the build platform. When one exists, micromamba installs
 * exactly its packages and does not solve at all. `platform` is the Docker platform the image is
 * built for (base.platform, or the one lockPlatform chose).
 */
export function findCondaLock(environmentFile: string, platform: string | undefined, readFile: ReadProjectFile): CondaLock | undefined {
  const subdir = condaSubdir(platform);
  for (const name of ['conda-lock.yml', `conda-${subdir}.lock`]) {
    const path = besides(environmentFile, name);
    const text = readFile(path);
    if (text === undefined) continue;
    return name.endsWith('.lock') ? { path, kind: 'explicit', ...optional(explicitPython(text)) } : { path, kind: 'unified', ...optional(unifiedPython(text, subdir)) };
  }
  return undefined;
}

/** What the lockfiles next to an environment file are locked for. */
export interface LockPlatforms {
  /** The lockfile that decides (conda-lock.yml, else the first explicit one found). */
  path: string;
  kind: CondaLock['kind'];
  /** Every platform the lock holds (conda subdirs, in the lock's order). */
  platforms: string[];
  /** 1-based line of conda-lock.yml's `platforms:` key (1 for an explicit lock), for diagnostics. */
  line: number;
}

/**
 * The platforms conda-lock locked: `metadata.platforms` of conda-lock.yml, or which explicit
 * `conda-linux-64.lock` / `conda-linux-aarch64.lock` files exist. Undefined when there is no lock
 * (micromamba then solves for the build machine's own platform).
 */
export function lockPlatforms(environmentFile: string, readFile: ReadProjectFile): LockPlatforms | undefined {
  const unified = besides(environmentFile, 'conda-lock.yml');
  const text = readFile(unified);
  if (text !== undefined) {
    const document = parseDocument(text, { prettyErrors: false });
    const listed = document.errors.length ? undefined : document.getIn(['metadata', 'platforms']);
    const platforms = isSeq(listed) ? listed.items.map((i) => String(isScalarLike(i) ? i.value : i)) : [];
    const line = text.split('\n').findIndex((l) => /^\s*platforms\s*:/.test(l)) + 1;
    return { path: unified, kind: 'unified', platforms, line: line || 1 };
  }
  const explicit = Object.keys(LINUX_SUBDIRS).filter((subdir) => readFile(besides(environmentFile, `conda-${subdir}.lock`)) !== undefined);
  if (explicit.length === 0) return undefined;
  return { path: besides(environmentFile, `conda-${explicit[0]}.lock`), kind: 'explicit', platforms: explicit, line: 1 };
}

function isScalarLike(node: unknown): node is { value: unknown } {
  return typeof node === 'object' && node !== null && 'value' in node;
}

function besides(environmentFile: string, name: string): string {
  const dir = posix.dirname(environmentFile);
  return dir === '.' ? name : posix.join(dir, name);
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
