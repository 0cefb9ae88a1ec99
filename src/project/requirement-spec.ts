/** One PEP 508 requirement, split into the parts pyenvc reasons about. */
export interface RequirementSpec {
  /** Normalised (PEP 503) distribution name: `Flask_SQLAlchemy` → `flask-sqlalchemy`. */
  name: string;
  /** Normalised extras, sorted: `fastapi[Standard]` → `["standard"]`. */
  extras: string[];
  /** The version specifier as written, without spaces (`>=2.0,<3`), or "" when there is none. */
  specifier: string;
}

/** PEP 503 normalisation, so `Flask`, `flask` and `FLASK` compare equal (https://peps.python.org/pep-0503/#normalized-names). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * Parses the start of a PEP 508 requirement (https://packaging.python.org/en/latest/specifications/dependency-specifiers/):
 * name, optional `[extras]`, optional version specifier (bare or in parentheses). The environment
 * marker after `;` and a direct URL after `@` are ignored. Undefined when the text does not start with a name.
 */
export function parseRequirementSpec(text: string): RequirementSpec | undefined {
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(\(?\s*(?:[<>=!~]=?|===)[^;@)]*\)?)?/.exec(text);
  if (!m) return undefined;
  const extras = (m[2] ?? '').split(',').map((e) => normalizeName(e.trim())).filter(Boolean).sort();
  const specifier = (m[3] ?? '').replace(/[()\s]/g, '');
  return { name: normalizeName(m[1]!), extras: [...new Set(extras)], specifier };
}
