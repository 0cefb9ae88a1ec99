import { parse as parseToml } from 'smol-toml';
import { normalizeName } from './requirement-spec.js';

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
 * a GIL CPython on Linux. A package some lock entry requires only under a `python_version` /
 * `python_full_version` marker is left out (a backport for older Pythons), and a name locked at several
 * versions (uv's universal-lock forks) counts the lines of all of them. Wheel names follow the binary distribution format
 * (https://packaging.python.org/en/latest/specifications/binary-distribution-format/). Undefined when
 * no package is compiled this way, the lock is not TOML, or the packages have no line in common.
 * Pipfile.lock records hashes only, so it gives nothing here.
 */
export function lockWheelRange(kind: 'uv.lock' | 'poetry.lock', text: string): LockWheelRange | undefined {
  const locked = lockedPackages(kind, text);
  if (!locked) return undefined;
  const { packages, pythonMarked } = locked;
  let range: LockWheelRange | undefined;
  for (const p of packages) {
    // A package required only under a python_version marker (backports for old Pythons) limits
    // nothing; a name locked at several versions (a universal lock's forks) counts the union of them.
    if (pythonMarked.has(normalizeName(p.name))) continue;
    const all = packages.filter((q) => q.name === p.name).map((q) => cpythonOnlyMinors(q.files));
    if (all.some((m) => m === undefined)) continue;
    const minors = all.flat() as number[];
    if (p !== packages.find((q) => q.name === p.name)) continue;
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

/**
 * The packages of a lock, and the names some package requires only under a marker on the Python
 * version: uv.lock writes `{ name = "x", marker = "python_full_version < '3.9'" }` in `dependencies`,
 * poetry.lock `x = { version = "*", markers = "python_version < \"3.9\"" }` in `[package.dependencies]`.
 */
function lockedPackages(kind: 'uv.lock' | 'poetry.lock', text: string): { packages: LockedPackage[]; pythonMarked: Set<string> } | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const packages = Array.isArray(doc.package) ? (doc.package as Record<string, unknown>[]) : [];
  const metadataFiles = (doc.metadata as { files?: Record<string, unknown> } | undefined)?.files ?? {};
  const pythonMarked = new Set<string>();
  const marked = (marker: unknown) => typeof marker === 'string' && /python_(full_)?version/.test(marker);
  for (const p of packages) {
    if (kind === 'uv.lock') {
      const edges = [p.dependencies, ...Object.values(table(p['optional-dependencies'])), ...Object.values(table(p['dev-dependencies']))].flatMap((e) => (Array.isArray(e) ? e : []));
      for (const e of edges) if (marked(table(e).marker)) pythonMarked.add(normalizeName(String(table(e).name)));
    } else {
      for (const [name, spec] of Object.entries(table(p.dependencies))) {
        if ((Array.isArray(spec) ? spec : [spec]).some((s) => marked(table(s).markers))) pythonMarked.add(normalizeName(name));
      }
    }
  }
  const list = packages.map((p) => {
    const name = String(p.name ?? '');
    const entries = kind === 'uv.lock' ? p.wheels : (p.files ?? metadataFiles[name]);
    const files = (Array.isArray(entries) ? entries : []).map((e) => String((e as Record<string, unknown>)[kind === 'uv.lock' ? 'url' : 'file'] ?? '').split('/').pop()!);
    return { name, version: String(p.version ?? ''), files };
  });
  return { packages: list, pythonMarked };
}

function table(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The 1-based line of `name = "<name>"` in the lock, for diagnostics (1 when not found). */
function lineOfPackage(text: string, name: string): number {
  const index = text.split(/\r?\n/).findIndex((l) => l.trim() === `name = "${name}"`);
  return index + 1 || 1;
}
