/** Python versions `init` chooses from, in order of preference: the schema default first. */
export const CANDIDATE_VERSIONS = ['3.12', '3.13', '3.11', '3.10', '3.9'] as const;

/**
 * Chooses `python.version` from a version spec found in the project: an exact pin (`3.11`,
 * `==3.11.4`, `python=3.11` from environment.yml) is kept as written (conda needs it to agree);
 * a range (`>=3.10,<3.13`, Poetry's `^3.10`/`~3.11`, `~=3.10`) gives the first of
 * CANDIDATE_VERSIONS that satisfies every clause, compared on major.minor
 * (https://packaging.python.org/en/latest/specifications/version-specifiers/,
 * https://python-poetry.org/docs/dependency-specification/). Undefined when nothing fits.
 */
export function choosePythonVersion(spec: string): string | undefined {
  const exact = /^\s*(?:==\s*)?(3\.\d{1,2}(?:\.\d{1,3})?)(?:\.\*)?\s*$/.exec(spec);
  if (exact) return exact[1];
  if (spec.includes('|')) return undefined; // alternatives (Poetry's `||`): leave the choice to the user
  const clauses = spec.split(',').map((c) => c.trim()).filter(Boolean);
  const parsed = clauses.map(parseClause);
  if (parsed.some((c) => c === undefined)) return undefined;
  return CANDIDATE_VERSIONS.find((v) => parsed.every((c) => c!(minorOf(v))));
}

type Clause = (candidate: number) => boolean;

/** A clause as a test on a candidate's minor version (major is always 3 here). */
function parseClause(clause: string): Clause | undefined {
  const m = /^(>=|<=|==|!=|~=|>|<|\^|~)?\s*(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?$/.exec(clause);
  if (!m) return undefined;
  const [, op = '==', majorText, minorText, patchText] = m;
  const major = Number(majorText);
  const wildcard = minorText === '*' || minorText === undefined;
  const minor = wildcard ? 0 : Number(minorText);
  const hasPatch = patchText !== undefined && patchText !== '*' && Number(patchText) > 0;
  // Work on a single number: 3.M -> M; other majors sit below or above every 3.x.
  const key = major < 3 ? -1 : major > 3 ? 1000 : minor;
  switch (op) {
    case '>=':
      return (c) => c >= key;
    case '>':
      return (c) => (hasPatch || wildcard ? c >= key : c > key);
    case '<=':
      return (c) => c <= key;
    case '<':
      return (c) => (hasPatch ? c <= key : c < key);
    case '!=':
      return (c) => wildcard || hasPatch || c !== key;
    case '^':
      return (c) => c >= key && major === 3;
    case '~':
    case '~=':
      return (c) => (op === '~=' && !hasPatch && patchText === undefined ? c >= key : c === key);
    default:
      return (c) => (major !== 3 ? false : wildcard ? true : c === key);
  }
}

function minorOf(version: string): number {
  return Number(version.split('.')[1]);
}
