import type { PyprojectFacts } from '../../project/pyproject.js';
import type { UvLockFacts } from '../../project/uv-lock.js';
import type { PassContext } from '../context.js';

/**
 * The registries a uv.lock was resolved against that uv would not accept with `index.url` as its
 * default index (UV_DEFAULT_INDEX), each with up to three packages locked from it; empty when all
 * are accepted or no index.url is given. Pure.
 *
 * uv's rule (astral-sh/uv PR #6026, "Invalidate `uv.lock` if registry sources are removed";
 * `crates/uv-resolver/src/lock/mod.rs`, `MissingRemoteIndex`): once any index is configured, every
 * `source = { registry = URL }` of the lock must be one of the allowed indexes, or uv re-resolves,
 * and `uv sync --locked` then fails because the lock would change (issue #6349). The allowed indexes
 * (`IndexLocations::allowed_indexes` in `crates/uv-distribution-types/src/index_url.rs`) are the
 * `[[tool.uv.index]]` entries of the workspace's pyproject.toml files plus one default index; an
 * index from the environment takes precedence over the configuration file
 * (docs/concepts/indexes.md), so UV_DEFAULT_INDEX replaces PyPI and any `default = true` entry.
 * URLs are compared as uv writes them, credentials removed: the WHATWG form (scheme and host lower
 * case, default port dropped) matches the `url` crate's, and a trailing slash makes another index
 * (issue #11312). `--frozen` does not help: it installs from the lock's URLs and ignores the new
 * default on purpose (issue #19625).
 */
export function unacceptedRegistries(indexUrl: string | undefined, lock: UvLockFacts, pyprojects: readonly PyprojectFacts[]): { url: string; packages: string[] }[] {
  if (!indexUrl) return [];
  const allowed = new Set([canonical(indexUrl), ...pyprojects.flatMap((p) => p.uvIndexes.filter((i) => !i.default).map((i) => canonical(i.url)))]);
  return [...lock.registries.entries()]
    .filter(([url]) => !allowed.has(canonical(url)))
    .map(([url, packages]) => ({ url, packages }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/** PYENV335 at `dependencies.index.url` when the lock names registries uv would reject with it (see {@link unacceptedRegistries}). */
export function checkUvIndex(ctx: PassContext, indexUrl: string | undefined, lock: UvLockFacts, pyprojects: readonly PyprojectFacts[], lockPath: string): void {
  const rejected = unacceptedRegistries(indexUrl, lock, pyprojects);
  if (!indexUrl || rejected.length === 0) return;
  const listed = rejected.map((r) => `${r.url} (${r.packages.join(', ')}${r.packages.length === 3 ? ', ...' : ''})`).join('; ');
  const slash = rejected.some((r) => canonical(r.url).replace(/\/$/, '') === canonical(indexUrl).replace(/\/$/, '')) ? ' (uv compares index URLs as written: a trailing slash makes another index)' : '';
  ctx.report({
    code: 'PYENV335',
    message: `${lockPath} was resolved against ${listed}, which uv does not accept when dependencies.index.url makes ${indexUrl} its default index, so \`uv sync --locked\` would fail${slash}`,
    hint: `declare the indexes in pyproject.toml and relock: \`[[tool.uv.index]]\` with url = "${indexUrl}" and default = true, one more [[tool.uv.index]] for ${rejected.map((r) => r.url).join(', ')} (explicit = true keeps it to the packages [tool.uv.sources] pins there); run \`uv lock\`, commit uv.lock, and remove index.url (keep index.secret for the credentials)`,
    path: ['dependencies', 'index', 'url'],
  });
}

/** An index URL as uv writes it into uv.lock (credentials removed); the text itself when it is not a URL. */
function canonical(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}
