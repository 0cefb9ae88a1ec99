import { parse as parseToml } from 'smol-toml';

/** The Python release lines a lockfile has Linux wheels for, and the package that narrows them most. */
export interface LockWheelRange {
  /** Lowest `3.X` every compiled package has a wheel for. */
  oldest: string;
  /** Newest `3.X` every compiled package has a wheel for. */
  newest: string;
  /** The package whose wheels end first (it sets `newest`), with its version. */
  limitedBy: { name: string; version: string; line: number };
  /** The package whose wheels start last (it sets `oldest`). */
  raisedBy: { name: string; version: string; line: number };
}

interface LockedPackage {
  name: string;
  version: string;
  files: string[];
}

/**
 * Reads the wheel file names of uv.lock (`[[package]] wheels = [{ url = … }]`,
 * https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile) or poetry.lock (`[[package]] files`
 * since lock-version 2.0, `[metadata.files]` in 1.x) and returns the Python lines on which every
 * package that ships only version-specific CPython wheels (`cp311-cp311-manylinux…`) has one. A
 * package with a pure (`py3-none-any`) or stable-ABI (`abi3`) Linux wheel works on any newer Python
 * and sets no limit; free-threaded (`cp313t`) and non-Linux wheels are left out, because the image is
 * a GIL CPython on Linux. Wheel names follow the binary distribution format
 * (https://packaging.python.org/en/latest/specifications/binary-distribution-format/). Undefined when
 * no package is compiled this way, the lock is not TOML, or the packages have no line in common.
 * Pipfile.lock records hashes only, so it gives nothing here.
 */
export function lockWheelRange(kind: 'uv.lock' | 'poetry.lock', text: string): LockWheelRange | undefined {
  const packages = lockedPackages(kind, text);
  if (!packages) return undefined;
  let range: LockWheelRange | undefined;
  for (const p of packages) {
    const minors = cpythonOnlyMinors(p.files);
    if (!minors) continue;
    const where = { name: p.name, version: p.version, line: lineOfPackage(text, p.name) };
    const [lo, hi] = [Math.min(...minors), Math.max(...minors)];
    if (!range) {
      range = { oldest: `3.${lo}`, newest: `3.${hi}`, limitedBy: where, raisedBy: where };
      continue;
    }
    if (hi < minor(range.newest)) range = { ...range, newest: `3.${hi}`, limitedBy: where };
    if (lo > minor(range.oldest)) range = { ...range, oldest: `3.${lo}`, raisedBy: where };
  }
  return range && minor(range.oldest) <= minor(range.newest) ? range : undefined;
}

function minor(version: string): number {
  return Number(version.split('.')[1]);
}

/** The CPython 3 minors of a package's Linux wheels when all of them are version-specific; undefined otherwise. */
function cpythonOnlyMinors(files: string[]): number[] | undefined {
  const minors: number[] = [];
  for (const file of files) {
    const parts = file.replace(/\.whl$/, '').split('-');
    if (!file.endsWith('.whl') || parts.length < 5) continue;
    const [pythonTags, abi, platform] = parts.slice(-3) as [string, string, string];
    const linux = platform === 'any' || /linux/.test(platform);
    if (!linux) continue;
    if (abi === 'none' || abi === 'abi3') return undefined;
    for (const tag of pythonTags.split('.')) {
      const m = /^cp3(\d+)$/.exec(tag);
      if (m && (abi === `cp3${m[1]}` || abi === `cp3${m[1]}m`)) minors.push(Number(m[1]));
    }
  }
  return minors.length ? minors : undefined;
}

function lockedPackages(kind: 'uv.lock' | 'poetry.lock', text: string): LockedPackage[] | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const packages = Array.isArray(doc.package) ? (doc.package as Record<string, unknown>[]) : [];
  const metadataFiles = (doc.metadata as { files?: Record<string, unknown> } | undefined)?.files ?? {};
  return packages.map((p) => {
    const name = String(p.name ?? '');
    const entries = kind === 'uv.lock' ? p.wheels : (p.files ?? metadataFiles[name]);
    const files = (Array.isArray(entries) ? entries : []).map((e) => String((e as Record<string, unknown>)[kind === 'uv.lock' ? 'url' : 'file'] ?? '').split('/').pop()!);
    return { name, version: String(p.version ?? ''), files };
  });
}

/** The 1-based line of `name = "<name>"` in the lock, for diagnostics (1 when not found). */
function lineOfPackage(text: string, name: string): number {
  const index = text.split(/\r?\n/).findIndex((l) => l.trim() === `name = "${name}"`);
  return index + 1 || 1;
}
