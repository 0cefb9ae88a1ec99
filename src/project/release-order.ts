/**
 * Orders two version strings by their PEP 440 release segments (`2.1.3` < `2.3.0` < `2.10.0`;
 * missing segments count as 0, so `2.3` equals `2.3.0`), a pre-release or dev release (`2.3.0b1`,
 * `2.3.0.dev0`) before its final release and a post release after it
 * (https://packaging.python.org/en/latest/specifications/version-specifiers/#summary-of-permitted-suffixes-and-relative-ordering).
 * Returns a negative number, 0 or a positive number; undefined when either string does not start
 * with a release number. Local labels (`+x`) are ignored.
 */
export function compareReleases(a: string, b: string): number | undefined {
  const x = releaseOf(a);
  const y = releaseOf(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i++) {
    const d = (x.release[i] ?? 0) - (y.release[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.phase - y.phase;
}

/** The release numbers and where the suffix puts the version around its final release: -1 before, 0 final, 1 after. */
function releaseOf(version: string): { release: number[]; phase: number } | undefined {
  const match = /^\s*v?(\d+(?:\.\d+)*)(.*)$/i.exec(version.split('+')[0]!);
  if (!match) return undefined;
  const suffix = match[2]!.toLowerCase();
  const phase = suffix === '' ? 0 : /^[-_.]?(post|rev|r)\d*/.test(suffix) ? 1 : -1;
  return { release: match[1]!.split('.').map(Number), phase };
}
