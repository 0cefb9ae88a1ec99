import { parse as parseToml } from 'smol-toml';
import { normalizeName } from './requirement-spec.js';

/** A value read from a project file, with the 1-based line it stands on. */
export interface FileValue {
  value: string;
  file: string;
  line: number;
}

/** Pipfile (TOML): `[packages]` names and `[requires] python_version` (https://pipenv.pypa.io/en/latest/pipfile.html). Undefined when it does not parse. */
export function parsePipfile(text: string): { names: string[]; python?: string } | undefined {
  try {
    const doc = parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    const requires = table(doc.requires);
    const python = str(requires.python_version) ?? str(requires.python_full_version);
    return { names: Object.keys(table(doc.packages)).map(normalizeName).sort(), ...(python ? { python } : {}) };
  } catch {
    return undefined;
  }
}

/** The `web:` process of a Procfile (https://devcenter.heroku.com/articles/procfile), when there is one. */
export function readProcfileWeb(text: string | undefined): FileValue | undefined {
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => /^\s*web\s*:/.test(l));
  if (index < 0) return undefined;
  return { value: lines[index]!.replace(/^\s*web\s*:\s*/, '').trim(), file: 'Procfile', line: index + 1 };
}

/**
 * `FLASK_APP` from `.flaskenv`, then `.env` (the files `flask run` loads through python-dotenv:
 * https://flask.palletsprojects.com/en/stable/cli/#environment-variables-from-dotenv). Quotes and an
 * `export ` prefix are removed.
 */
export function readFlaskApp(read: (path: string) => string | undefined): FileValue | undefined {
  for (const file of ['.flaskenv', '.env']) {
    const lines = (read(file) ?? '').split(/\r?\n/);
    const index = lines.findIndex((l) => /^\s*(?:export\s+)?FLASK_APP\s*=/.test(l));
    if (index < 0) continue;
    const value = lines[index]!.replace(/^\s*(?:export\s+)?FLASK_APP\s*=\s*/, '').replace(/\s+#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2');
    if (value) return { value, file, line: index + 1 };
  }
  return undefined;
}

function table(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The `install_requires` of a setup.py (a literal list in the `setup(...)` call) or setup.cfg
 * (`[options] install_requires =` lines), read as text: the names only, for the preset rules. A list
 * built by code is not seen (the build backend still installs it).
 */
export function readSetupRequires(read: (path: string) => string | undefined): string[] {
  const py = /install_requires\s*=\s*\[([^\]]*)\]/s.exec(read('setup.py') ?? '')?.[1];
  const fromPy = py ? [...py.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]!) : [];
  const cfg = /^\s*install_requires\s*=\s*\n((?:[ \t]+\S.*\n?)*)/m.exec(read('setup.cfg') ?? '')?.[1];
  const fromCfg = cfg ? cfg.split('\n').map((l) => l.trim()).filter(Boolean) : [];
  return [...fromPy, ...fromCfg];
}
