import { dotted, parseExpression, type Expression } from './python-expression.js';

/** Where a settings file says something: the file (relative to the project) and a 1-based line and column. */
export interface SettingsPosition {
  file: string;
  line: number;
  column: number;
}

/** An environment variable a settings file reads, and whether importing it fails when the variable is unset. */
export interface EnvironmentRead {
  name: string;
  /**
   * True when the import stops without it: `os.environ["X"]` (KeyError), django-environ / environs
   * `env("X")` and python-decouple `config("X")` without a default (they raise), and
   * `os.environ.get("X")` / `os.getenv("X")` without a default when the None it returns is used at
   * once (`.split(...)`, `[...]`) or becomes SECRET_KEY (Django refuses an empty one). A bare
   * `.get("X")` is not required otherwise: it is often a presence test (`if os.environ.get("CI"):`),
   * and a value would change what the settings do.
   */
  required: boolean;
  /** What the reader converts the value to, when it says: int, float, bool, list, db, cache, email, url, json, path… */
  cast?: string;
  at: SettingsPosition;
}

/** django-environ / environs methods that read a variable (https://django-environ.readthedocs.io/en/latest/types.html, https://github.com/sloria/environs#supported-types). */
const READ_METHODS = new Set(['str', 'bool', 'int', 'float', 'decimal', 'list', 'tuple', 'dict', 'json', 'url', 'db', 'db_url', 'dj_db_url', 'cache', 'cache_url', 'dj_cache_url', 'email', 'email_url', 'dj_email_url', 'search_url', 'path', 'date', 'datetime', 'time', 'timedelta', 'uuid', 'log_level', 'enum', 'bytes']);

/** The variable django-environ reads when a URL method is called without a name (`env.db()` reads DATABASE_URL). */
const DEFAULT_VARIABLE: Record<string, string> = { db: 'DATABASE_URL', db_url: 'DATABASE_URL', cache: 'CACHE_URL', cache_url: 'CACHE_URL', email: 'EMAIL_URL', email_url: 'EMAIL_URL', search_url: 'SEARCH_URL' };

/**
 * The environment variables one settings file reads, in text order. `envObjects` are the names bound to
 * a django-environ `Env(...)` or environs `Env()` object (`env` always counts: settings import it from
 * a module of their own, as HackSoftware/Django-Styleguide-Example's config/env.py does), and
 * `schemeDefaults` the variables an `environ.Env(NAME=(type, default))` call gives a default.
 * python-decouple's `config(...)` counts only in a file that imports decouple. Comments and
 * docstrings are masked before reading (see maskComments).
 */
export function environmentReads(source: string, file: string, envObjects: ReadonlySet<string>, schemeDefaults: ReadonlySet<string>): EnvironmentRead[] {
  const text = maskComments(source);
  const decouple = /^\s*(from\s+decouple\s+import|import\s+decouple)\b/m.test(text);
  const bareOs = /^\s*from\s+os\s+import\b/m.test(text);
  const objects = [...envObjects].map((o) => o.replace(/[^A-Za-z0-9_]/g, '')).filter(Boolean);
  const starts = new RegExp(
    [
      String.raw`\bos\.(?:environ\.get|getenv|environ\.setdefault)\s*\(`,
      String.raw`\bos\.environ\s*\[`,
      ...(bareOs ? [String.raw`(?<![.\w])(?:environ\.get|getenv)\s*\(`, String.raw`(?<![.\w])environ\s*\[`] : []),
      ...(objects.length ? [String.raw`(?<![.\w])(?:${objects.join('|')})(?:\.[A-Za-z_]\w*)?\s*\(`] : []),
      ...(decouple ? [String.raw`(?<![.\w])(?:decouple\.)?config\s*\(`] : []),
    ].join('|'),
    'g',
  );
  const reads: EnvironmentRead[] = [];
  for (const m of text.matchAll(starts)) {
    const parsed = parseExpression(text, m.index!);
    if (!parsed) continue;
    // The reader parses the whole chain (`os.environ.get("X").split(" ")`): the read is its innermost call or subscript.
    const read = classify(innermost(parsed.expression), text, m.index!, parsed.end, parsed.expression !== innermost(parsed.expression), objects, schemeDefaults);
    if (read) reads.push({ ...read, at: positionOf(source, file, m.index!) });
  }
  return reads;
}

/** The first call or subscript of a chain whose callee (or object) is a plain dotted name. */
function innermost(e: Expression): Expression {
  let node = e;
  for (;;) {
    if (node.t === 'call' && dotted(node.fn) === undefined) node = node.fn;
    else if (node.t === 'index' && dotted(node.obj) === undefined) node = node.obj;
    else if (node.t === 'attr') node = node.obj;
    else return node;
  }
}

function classify(e: Expression, text: string, start: number, end: number, chained: boolean, objects: readonly string[], schemeDefaults: ReadonlySet<string>): Omit<EnvironmentRead, 'at'> | undefined {
  const wrapped = /\b(int|float|bool)\(\s*$/.exec(text.slice(Math.max(0, start - 16), start))?.[1];
  if (e.t === 'index') {
    if (!/^(os\.)?environ$/.test(dotted(e.obj) ?? '') || e.index.t !== 'str') return undefined;
    // `os.environ["X"] = ...` sets it; `del os.environ["X"]` removes it.
    if (/^\s*=(?!=)/.test(text.slice(end)) || /\bdel\s+$/.test(text.slice(Math.max(0, start - 8), start))) return undefined;
    return { name: e.index.v, required: true, ...(wrapped ? { cast: wrapped } : {}) };
  }
  if (e.t !== 'call') return undefined;
  const fn = dotted(e.fn) ?? '';
  const first = e.args[0]?.t === 'str' ? e.args[0].v : undefined;
  const hasDefault = e.args.length >= 2 || 'default' in e.kwargs;
  if (/^(os\.)?(environ\.get|getenv)$/.test(fn)) {
    if (!first) return undefined;
    const fallback = e.args[1] ?? e.kwargs.default;
    if (fallback && !(fallback.t === 'const' && fallback.v === 'None')) return { name: first, required: false };
    const target = /(?:^|\n)[ \t]*([A-Za-z_]\w*)\s*=\s*(?:[A-Za-z_.]+\(\s*)?$/.exec(text.slice(Math.max(0, start - 120), start))?.[1];
    const usedAtOnce = chained || /^\s*[.[]/.test(text.slice(end));
    return { name: first, required: usedAtOnce || /SECRET_KEY/.test(first) || target === 'SECRET_KEY', ...(wrapped ? { cast: wrapped } : {}) };
  }
  if (fn === 'os.environ.setdefault') return first ? { name: first, required: false } : undefined;
  if (fn === 'config' || fn === 'decouple.config') {
    if (!first) return undefined;
    const cast = e.kwargs.cast ? dotted(e.kwargs.cast.t === 'call' ? e.kwargs.cast.fn : e.kwargs.cast) : undefined;
    return { name: first, required: !hasDefault, ...(cast ? { cast: cast === 'Csv' ? 'list' : cast } : {}) };
  }
  const [object, method, ...more] = fn.split('.');
  if (!objects.includes(object!) || more.length > 0 || (method !== undefined && !READ_METHODS.has(method))) return undefined;
  const name = first ?? (method ? DEFAULT_VARIABLE[method] : undefined);
  if (!name) return undefined;
  return { name, required: !hasDefault && !schemeDefaults.has(name), cast: method ?? 'str' };
}

/** Names bound to `Env(...)` objects, and the variables such a call gives defaults (`environ.Env(DEBUG=(bool, False))`). */
export function environObjects(source: string): { objects: string[]; schemeDefaults: string[] } {
  const text = maskComments(source);
  const objects: string[] = [];
  const schemeDefaults: string[] = [];
  for (const m of text.matchAll(/^[ \t]*([A-Za-z_]\w*)\s*=\s*(?=(?:environs?\.)?Env\s*\()/gm)) {
    objects.push(m[1]!);
    const parsed = parseExpression(text, m.index! + m[0].length);
    if (parsed?.expression.t !== 'call') continue;
    for (const [k, v] of Object.entries(parsed.expression.kwargs)) if (v.t === 'list' && v.items.length >= 2) schemeDefaults.push(k);
  }
  return { objects, schemeDefaults };
}

/**
 * The text with `#` comments and statement-level triple-quoted strings (docstrings) replaced by spaces,
 * so positions stay the same and nothing in them counts as code. Other strings are kept.
 */
export function maskComments(text: string): string {
  const out = text.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j) && (triple || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      const end = Math.min(text.length, j + quote.length);
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      if (triple && /^[ \t]*$/.test(text.slice(lineStart, i))) blank(i, end);
      i = end;
    } else i++;
  }
  return out.join('');
}

/** The 1-based line and column of a character index. */
export function positionOf(text: string, file: string, index: number): SettingsPosition {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { file, line, column: index - before.lastIndexOf('\n') };
}
