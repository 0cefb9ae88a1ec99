import { maskComments, positionOf, type SettingsPosition } from './environment-reads.js';
import { dotted, parseExpression } from './python-expression.js';

/**
 * Where a Flask application writes below its own code, read as text (architecture rule 2): the
 * instance folder, and SQLite database files. pyenvc's image keeps the code root's and read-only to
 * the app user (src/passes/writable-folders.ts), so such a write stops the app unless the folder is
 * in project.writable (the third stranger trial, F2: pallets/flask's tutorial exited with
 * `PermissionError: [Errno 13] Permission denied: '/app/instance'`).
 */

/** How a module uses Flask's instance folder, at the line that shows it. */
export interface InstanceUse {
  /** `instance_relative_config=True` (config files, and more, live there) or `app.instance_path` in a makedirs/join call. */
  how: string;
  at: SettingsPosition;
}

/**
 * The module's use of the instance folder: a `Flask(...)` call with `instance_relative_config=True`,
 * or `os.makedirs(app.instance_path)` / `os.path.join(app.instance_path, ...)`
 * (https://flask.palletsprojects.com/en/stable/config/#instance-folders). Not when `Flask(...)` is
 * given its own `instance_path=` (the folder is then wherever that says). Undefined when there is none.
 */
export function flaskInstanceUse(source: string, file: string): InstanceUse | undefined {
  const text = maskComments(source);
  let found: InstanceUse | undefined;
  for (const m of text.matchAll(/(?<![\w.])(?:flask\.)?Flask\s*\(/g)) {
    const call = parseExpression(text, m.index!)?.expression;
    if (call?.t !== 'call') continue;
    if ('instance_path' in call.kwargs) return undefined;
    const relative = call.kwargs.instance_relative_config;
    if (!found && relative?.t === 'const' && relative.v === 'True') found = { how: 'instance_relative_config=True', at: positionOf(source, file, m.index!) };
  }
  if (found) return found;
  if (!/(?<![\w.])(?:flask\.)?Flask\s*\(/.test(text)) return undefined;
  const use = /\b(os\.makedirs|os\.mkdir|os\.path\.join)\(\s*[A-Za-z_][\w.]*\.instance_path\b/.exec(text);
  return use ? { how: `${use[1]}(app.instance_path)`, at: positionOf(source, file, use.index) } : undefined;
}

/** A SQLite database URL a module writes, and the folder of its file relative to the project root ('' is the root) when the text says. */
export interface SqliteUse {
  url: string;
  /** The file, relative to the process's working directory (the workdir), when the URL is relative. */
  relative?: string;
  /** The folder of the file relative to the project root, when computed from the module's own folder (`basedir`). */
  folder?: string;
  at: SettingsPosition;
}

/**
 * SQLite URLs in a module: a relative literal (`"sqlite:///app.db"`: relative to the working
 * directory for SQLAlchemy, to the instance folder for Flask-SQLAlchemy 3.0 and later), or
 * `'sqlite:///' + os.path.join(basedir, 'app.db')` with `basedir` the module's own folder
 * (`os.path.abspath(os.path.dirname(__file__))`, miguelgrinberg/microblog's config.py). Absolute and
 * in-memory URLs are left out: they are not below the code.
 */
export function sqliteUses(source: string, file: string): SqliteUse[] {
  const text = maskComments(source);
  const out: SqliteUse[] = [];
  const moduleDir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const dirNames = new Set([...text.matchAll(/^[ \t]*([A-Za-z_]\w*)\s*=\s*os\.path\.(?:abspath|realpath)\(\s*os\.path\.dirname\(\s*__file__\s*\)\s*\)/gm)].map((m) => m[1]!));
  for (const m of text.matchAll(/(['"])sqlite:\/\/\/([^'"]*)\1/g)) {
    const at = positionOf(source, file, m.index!);
    const path = m[2]!;
    if (path === '') {
      const rest = parseExpression(text, m.index! + m[0].length + (/^\s*\+\s*/.exec(text.slice(m.index! + m[0].length))?.[0].length ?? 0));
      const join = rest?.expression;
      if (join?.t === 'call' && dotted(join.fn) === 'os.path.join' && join.args[0]?.t === 'name' && dirNames.has(join.args[0].v) && join.args.slice(1).every((a) => a.t === 'str')) {
        const parts = [...(moduleDir ? moduleDir.split('/') : []), ...join.args.slice(1).flatMap((a) => (a.t === 'str' ? a.v.split('/') : []))].filter((p) => p && p !== '.');
        if (!parts.includes('..')) out.push({ url: `sqlite:///${parts.join('/')}`, folder: parts.slice(0, -1).join('/'), at });
      }
      continue;
    }
    if (path.startsWith('/') || path.startsWith(':memory:') || path.startsWith('file:')) continue;
    out.push({ url: `sqlite:///${path}`, relative: path, at });
  }
  return out;
}
