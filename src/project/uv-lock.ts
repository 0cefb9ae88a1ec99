import { parse as parseToml } from 'smol-toml';

/**
 * What pyenvc reads from a uv.lock, as text (uv itself cannot run here). The format is uv's
 * (astral-sh/uv `crates/uv-resolver/src/lock/serialize.rs`): each `[[package]]` has a `source`
 * inline table whose one key says where it comes from — `registry` (an index URL, or a path for a
 * local flat index), `git`, `url`, `path` (a local archive), `directory`, `editable` or `virtual`
 * (local folders, relative to the workspace root). `[manifest] members` lists the workspace members
 * when there is more than one (`crates/uv/src/commands/project/lock_target.rs`, `members()`).
 */
export interface UvLockFacts {
  /** Registry sources that are URLs: URL → the names of the first packages locked from it (sorted, at most 3). */
  registries: Map<string, string[]>;
  /** `[manifest] members`: workspace member names, as uv wrote them (empty for a single project). */
  members: string[];
  /** Packages whose source is a local folder or archive: name, source kind and path (POSIX, relative to the lock's folder). */
  local: { name: string; kind: 'directory' | 'editable' | 'virtual' | 'path'; path: string }[];
}

const LOCAL_KINDS = ['directory', 'editable', 'virtual', 'path'] as const;

/** Parses uv.lock text; undefined when it is not TOML (uv would refuse it too). Never throws. */
export function parseUvLock(text: string): UvLockFacts | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const registries = new Map<string, string[]>();
  const local: UvLockFacts['local'] = [];
  for (const entry of Array.isArray(doc.package) ? doc.package : []) {
    const pkg = record(entry);
    const name = typeof pkg.name === 'string' ? pkg.name : undefined;
    const source = record(pkg.source);
    if (!name) continue;
    const registry = source.registry;
    if (typeof registry === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(registry)) {
      const names = registries.get(registry) ?? [];
      registries.set(registry, names.length < 3 ? [...names, name].sort() : names);
    }
    const kind = LOCAL_KINDS.find((k) => typeof source[k] === 'string');
    if (kind) local.push({ name, kind, path: (source[kind] as string).replace(/\\/g, '/') });
  }
  const members = record(doc.manifest).members;
  return { registries, members: Array.isArray(members) ? members.filter((m): m is string => typeof m === 'string') : [], local };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
