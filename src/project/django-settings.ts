import { moduleFile } from './entry-points.js';
import { environmentReads, environObjects, maskComments, positionOf, type EnvironmentRead, type SettingsPosition } from './environment-reads.js';
import { dotted, parseExpression, type Expression } from './python-expression.js';
import type { ProjectFacts } from './read-project.js';

export type { EnvironmentRead, SettingsPosition } from './environment-reads.js';

/** A folder a setting names, relative to the project root ('' is the root itself); `folder` is absent when the text does not say (computed, absolute, or outside the project). */
export interface SettingsFolder {
  folder?: string;
  /** The absolute path, when the setting names one. */
  absolute?: string;
  at: SettingsPosition;
}

/** What Django's settings module says, read as text (architecture rule 2): never imported. */
export interface DjangoSettings {
  /** The dotted settings module (`config.django.base`). */
  module: string;
  /** The files read: the module's, then the project modules it imports (`from .base import *`, `from config.env import BASE_DIR`). */
  files: string[];
  staticRoot?: SettingsPosition;
  mediaRoot?: SettingsFolder;
  /** The folder of the default SQLite database file, when the default database is SQLite. */
  sqlite?: SettingsFolder & { path?: string };
  /** Environment variables the settings read, one entry per name (required when any read is). */
  environment: EnvironmentRead[];
  /** INSTALLED_APPS entries that are strings. */
  apps: string[];
  /**
   * DEBUG when it is on in a container nobody configured: `always` for `DEBUG = True`, `unless` with
   * the variable for a read whose default is on (`env.bool("DEBUG", True)`, `os.environ.get("DEBUG", "True")`,
   * `config("DEBUG", default=True, cast=bool)`). Django's deployment checklist: never DEBUG in production
   * (https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug).
   */
  debug?: { at: SettingsPosition; always: true } | { at: SettingsPosition; always: false; variable: string };
  /** SECRET_KEY assigned a string literal (startproject's `django-insecure-…`): anyone with the code has it (same checklist, #secret-key). */
  literalSecretKey?: SettingsPosition;
}

/** At most this many files are followed from the settings module. */
const MAX_FILES = 24;

/**
 * Reads the settings module `module` and the modules of its own top-level package that it imports
 * (`from .base import *`, `from config.settings.cors import *`, `from config.env import BASE_DIR, env`):
 * split settings (cookiecutter-django, HackSoftware/Django-Styleguide-Example's config.django.base)
 * keep STATIC_ROOT, MEDIA_ROOT and BASE_DIR in different files. Undefined when the module is not a
 * project file. Folders are resolved the way Python would compute them from `__file__`
 * (`Path(__file__).resolve().parent.parent`, `os.path.dirname(...)`, django-environ's
 * `environ.Path(__file__) - 2`), joined with `/`, `os.path.join` or `.path(...)`.
 */
export function readDjangoSettings(project: ProjectFacts, module: string): DjangoSettings | undefined {
  const first = moduleFile(project, module);
  if (!first) return undefined;
  const top = module.split('.')[0]!;
  const files: string[] = [];
  const texts = new Map<string, string>();
  const queue: [string, string][] = [[first, module]];
  while (queue.length && files.length < MAX_FILES) {
    const [file, name] = queue.shift()!;
    if (texts.has(file)) continue;
    const text = maskComments(project.read(file) ?? '');
    texts.set(file, text);
    files.push(file);
    const pkg = file.endsWith('__init__.py') ? name : name.split('.').slice(0, -1).join('.');
    for (const m of text.matchAll(/^[ \t]*from[ \t]+(\.*)([A-Za-z_][\w.]*)?[ \t]+import\b/gm)) {
      const target = m[1] ? [...pkg.split('.').slice(0, pkg.split('.').length - (m[1].length - 1)), ...(m[2] ? [m[2]] : [])].join('.') : m[2]!;
      if (target.split('.')[0] !== top) continue;
      const found = moduleFile(project, target);
      if (found && !texts.has(found)) queue.push([found, target]);
    }
  }
  const assignments = new Map<string, Assignment[]>();
  for (const file of files) {
    const text = texts.get(file)!;
    for (const m of text.matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=(?!=)[ \t]*/gm)) {
      const parsed = parseExpression(text, m.index! + m[0].length);
      if (!parsed) continue;
      const list = assignments.get(m[1]!) ?? [];
      const indent = m[0].length - m[0].trimStart().length;
      list.push({ expression: parsed.expression, file, index: m.index! + indent, topLevel: indent === 0 });
      assignments.set(m[1]!, list);
    }
  }
  const evaluate = new PathEvaluator(assignments);
  const at = (a: { file: string; index: number }) => positionOf(project.read(a.file) ?? '', a.file, a.index);
  const last = (name: string) => pick(assignments.get(name), 'last');
  const folderOf = (name: string): SettingsFolder | undefined => {
    const a = last(name);
    if (!a) return undefined;
    return { ...evaluate.folder(a.expression, a.file), at: at(a) };
  };
  const settings: DjangoSettings = { module, files, environment: environmentOf(files, texts), apps: evaluate.strings(last('INSTALLED_APPS')?.expression, first) };
  const staticRoot = last('STATIC_ROOT');
  if (staticRoot) settings.staticRoot = at(staticRoot);
  const media = folderOf('MEDIA_ROOT');
  if (media) settings.mediaRoot = media;
  // The module's own assignments come after its star imports (`from .base import *` then `DEBUG = False`,
  // wagtail/bakerydemo's production.py), so they win over the imported ones, at any indentation.
  const own = (name: string) => assignments.get(name)?.filter((a) => a.file === files[0]).at(-1) ?? last(name);
  const debug = own('DEBUG');
  const debugOn = debug && debugDefaultOn(debug.expression);
  if (debug && debugOn) settings.debug = debugOn === true ? { at: at(debug), always: true } : { at: at(debug), always: false, variable: debugOn };
  const secretKey = own('SECRET_KEY');
  if (secretKey?.expression.t === 'str' && secretKey.expression.v !== '') settings.literalSecretKey = at(secretKey);
  const databases = last('DATABASES');
  const sqlite = databases && evaluate.sqlite(databases.expression, databases.file);
  if (databases && sqlite) settings.sqlite = { ...sqlite, at: at(databases) };
  return settings;
}

/** True for `True`; the variable's name for an environment read (`X.bool("DEBUG", True)`, `.get`/`getenv`/`config`/`env` with a default that is on); else undefined. */
function debugDefaultOn(e: Expression): true | string | undefined {
  if (e.t === 'const') return e.v === 'True' ? true : undefined;
  // `os.environ.get("DEBUG", "True") == "True"` parses as far as the call: the comparison is not kept.
  if (e.t !== 'call' || e.args[0]?.t !== 'str') return undefined;
  const fn = e.fn.t === 'name' ? e.fn.v : e.fn.t === 'attr' ? e.fn.name : '';
  if (!['bool', 'get', 'getenv', 'config', 'env'].includes(fn)) return undefined;
  const fallback = e.kwargs.default ?? e.args[1];
  const on = fallback && ((fallback.t === 'const' && fallback.v === 'True') || (fallback.t === 'str' && /^(true|1|yes|on)$/i.test(fallback.v)) || (fallback.t === 'num' && fallback.v === 1));
  return on ? e.args[0].v : undefined;
}

function environmentOf(files: string[], texts: Map<string, string>): EnvironmentRead[] {
  const objects = new Set(['env']);
  const schemeDefaults = new Set<string>();
  for (const file of files) {
    const found = environObjects(texts.get(file)!);
    found.objects.forEach((o) => objects.add(o));
    found.schemeDefaults.forEach((d) => schemeDefaults.add(d));
  }
  const byName = new Map<string, EnvironmentRead>();
  for (const file of files) {
    for (const read of environmentReads(texts.get(file)!, file, objects, schemeDefaults)) {
      const seen = byName.get(read.name);
      if (!seen || (read.required && !seen.required)) byName.set(read.name, read);
    }
  }
  return [...byName.values()];
}

/** One `NAME = expression` of a settings file; `topLevel` when it is not indented (not inside an if, a function or a class). */
interface Assignment {
  expression: Expression;
  file: string;
  index: number;
  topLevel: boolean;
}

/** The first or last top-level assignment of a name, else the first or last indented one. */
function pick(list: Assignment[] | undefined, which: 'first' | 'last'): Assignment | undefined {
  const top = (list ?? []).filter((a) => a.topLevel);
  const from = top.length ? top : (list ?? []);
  return which === 'first' ? from[0] : from.at(-1);
}

type PathValue = { k: 'path'; parts: string[] } | { k: 'abs'; v: string } | { k: 'str'; v: string } | { k: 'num'; v: number } | { k: 'url'; prefix: string; value: PathValue } | { k: 'dict'; entries: [PathValue | undefined, Expression][] };

/** Evaluates the path arithmetic of settings files (see readDjangoSettings), relative to the project root. */
class PathEvaluator {
  private depth = 0;

  constructor(private readonly names: Map<string, Assignment[]>) {}

  folder(e: Expression, file: string): { folder?: string; absolute?: string } {
    const v = this.value(e, file);
    if (v?.k === 'path') return { folder: v.parts.join('/') };
    if (v?.k === 'abs') return { absolute: v.v };
    if (v?.k === 'str') return v.v.startsWith('/') ? { absolute: v.v } : { folder: v.v.split('/').filter((p) => p && p !== '.').join('/') };
    return {};
  }

  /** The SQLite file of DATABASES["default"]: its ENGINE names sqlite3 and NAME is a path, or it is parsed from a `sqlite:///` URL (dj-database-url, django-environ's env.db). */
  sqlite(e: Expression, file: string): { folder?: string; absolute?: string; path?: string } | undefined {
    const all = this.value(e, file);
    const entry = (d: PathValue | undefined, key: string) => (d?.k === 'dict' ? d.entries.find(([k]) => k?.k === 'str' && k.v === key)?.[1] : undefined);
    const defaultDb = entry(all, 'default');
    if (!defaultDb) return undefined;
    const db = this.value(defaultDb, file);
    if (db?.k === 'dict') {
      const engine = this.value(entry(db, 'ENGINE') ?? { t: 'const', v: 'None' }, file);
      if (engine?.k !== 'str' || !engine.v.endsWith('sqlite3')) return undefined;
      const name = entry(db, 'NAME');
      const path = name ? this.value(name, file) : undefined;
      return path ? this.fileFolder(path) : {};
    }
    if (db?.k === 'url' && db.prefix === 'sqlite:///') return this.fileFolder(db.value);
    if (db?.k === 'str' && db.v.startsWith('sqlite:///')) return this.fileFolder({ k: 'str', v: db.v.slice('sqlite:///'.length) });
    return undefined;
  }

  /** The strings of a list (INSTALLED_APPS), following `*OTHER_LIST` and names bound to lists. */
  strings(e: Expression | undefined, file: string): string[] {
    if (!e || ++this.depth > 16) return [];
    try {
      if (e.t === 'str') return [e.v];
      if (e.t === 'list') return e.items.flatMap((i) => this.strings(i.t === 'star' ? i.v : i, file));
      if (e.t === 'bin' && e.op === '+') return [...this.strings(e.l, file), ...this.strings(e.r, file)];
      if (e.t === 'name') return this.strings(pick(this.names.get(e.v), 'first')?.expression, file);
      return [];
    } finally {
      this.depth--;
    }
  }

  private fileFolder(v: PathValue): { folder?: string; absolute?: string; path?: string } {
    if (v.k === 'path') return { path: v.parts.join('/'), folder: v.parts.slice(0, -1).join('/') };
    if (v.k === 'str' && !v.v.startsWith('/')) {
      const parts = v.v.split('/').filter((p) => p && p !== '.');
      return parts.includes('..') ? {} : { path: parts.join('/'), folder: parts.slice(0, -1).join('/') };
    }
    if (v.k === 'str' || v.k === 'abs') return { absolute: v.v };
    return {};
  }

  private value(e: Expression, file: string): PathValue | undefined {
    if (++this.depth > 32) return undefined;
    try {
      return this.evaluate(e, file);
    } finally {
      this.depth--;
    }
  }

  private evaluate(e: Expression, file: string): PathValue | undefined {
    switch (e.t) {
      case 'str':
        return { k: 'str', v: e.v };
      case 'num':
        return { k: 'num', v: e.v };
      case 'dict':
        return { k: 'dict', entries: e.entries.map(([k, v]) => [this.value(k, file), v]) };
      case 'name': {
        if (e.v === '__file__') return { k: 'path', parts: file.split('/') };
        const bound = pick(this.names.get(e.v), 'first');
        return bound ? this.value(bound.expression, bound.file) : undefined;
      }
      case 'attr':
        if (e.name === 'parent') return up(this.value(e.obj, file), 1);
        return undefined;
      case 'index':
        if (e.obj.t === 'attr' && e.obj.name === 'parents' && e.index.t === 'num') return up(this.value(e.obj.obj, file), e.index.v + 1);
        return undefined;
      case 'bin': {
        const l = this.value(e.l, file);
        const r = this.value(e.r, file);
        if (e.op === '/' && r?.k === 'str') return join(l, [r.v]);
        if (e.op === '-' && r?.k === 'num') return up(l, r.v);
        if (e.op === '+' && l?.k === 'str' && r?.k === 'str') return { k: 'str', v: l.v + r.v };
        if (e.op === '+' && l?.k === 'str' && (r?.k === 'path' || r?.k === 'abs')) return { k: 'url', prefix: l.v, value: r };
        return undefined;
      }
      case 'call':
        return this.call(e, file);
      default:
        return undefined;
    }
  }

  private call(e: Extract<Expression, { t: 'call' }>, file: string): PathValue | undefined {
    const fn = dotted(e.fn);
    const arg = (i: number) => (e.args[i] ? this.value(e.args[i]!, file) : undefined);
    const asPath = (v: PathValue | undefined): PathValue | undefined => (v?.k === 'str' ? (v.v.startsWith('/') ? { k: 'abs', v: v.v } : { k: 'path', parts: v.v.split('/').filter((p) => p && p !== '.') }) : v);
    if (fn && /^(str|os\.fspath|os\.path\.(abspath|realpath|normpath|expanduser))$/.test(fn)) return arg(0);
    if (fn && /^((pathlib\.)?Path|environ\.Path|PurePath)$/.test(fn)) return asPath(arg(0));
    if (fn === 'os.path.dirname') return up(asPath(arg(0)), 1);
    if (fn === 'os.path.join') return join(asPath(arg(0)), e.args.slice(1).map((a) => this.value(a, file)).map((v) => (v?.k === 'str' ? v.v : undefined)));
    // Settings that read the environment with a default: the default is what a build sees.
    if (fn && /^(os\.environ\.get|os\.getenv|env|env\.\w+|config|dj_database_url\.(config|parse))$/.test(fn)) {
      const fallback = e.kwargs.default ?? (fn.startsWith('dj_database_url.parse') ? e.args[0] : e.args[1]);
      return fallback ? this.value(fallback, file) : undefined;
    }
    if (e.fn.t === 'attr') {
      const method = e.fn.name;
      if (['resolve', 'absolute', 'expanduser'].includes(method)) return this.value(e.fn.obj, file);
      if (['path', 'joinpath'].includes(method)) return join(this.value(e.fn.obj, file), e.args.map((a) => this.value(a, file)).map((v) => (v?.k === 'str' ? v.v : undefined)));
    }
    // django-environ: calling a Path object joins (`root("media")`).
    const called = this.value(e.fn, file);
    if (called?.k === 'path') return join(called, e.args.map((a) => this.value(a, file)).map((v) => (v?.k === 'str' ? v.v : undefined)));
    return undefined;
  }
}

/** `levels` folders up; undefined when that leaves the project (above its root). */
function up(v: PathValue | undefined, levels: number): PathValue | undefined {
  if (v?.k !== 'path' || levels > v.parts.length) return undefined;
  return { k: 'path', parts: v.parts.slice(0, v.parts.length - levels) };
}

function join(v: PathValue | undefined, parts: (string | undefined)[]): PathValue | undefined {
  if (v?.k !== 'path' || parts.some((p) => p === undefined)) return undefined;
  let out = [...v.parts];
  for (const part of parts as string[]) {
    if (part.startsWith('/')) return { k: 'abs', v: part };
    for (const p of part.split('/')) {
      if (p === '' || p === '.') continue;
      if (p === '..') {
        if (out.length === 0) return undefined;
        out = out.slice(0, -1);
      } else out.push(p);
    }
  }
  return { k: 'path', parts: out };
}
