import type { ProjectFacts } from './read-project.js';

/**
 * Where a project's program starts, found by reading files as TEXT: no user code is imported or run
 * (architecture rule 2). Each rule is in the README's detection table.
 */

/** A WSGI/ASGI target `module:object` (or `module:factory()`), and why. */
export interface WebTarget {
  app: string;
  because: string;
  /** `src` when the module lives under src/ (a src layout): the folder must be on PYTHONPATH. */
  srcRoot?: string;
  /** Other targets found, for init's to-do list when it had to choose. */
  alternatives: string[];
}

/** Folders whose Python files are never entry points. */
const NOT_ENTRY = /(^|\/)(tests?|testing|migrations|alembic|docs?|examples?|scripts|notebooks|\.[^/]+|venv|env|node_modules|site-packages|build|dist)\//;

/** A module path (`app/main.py`, `src/shop/__init__.py`) → import name and src root. */
export function moduleOf(file: string): { module: string; srcRoot?: string } {
  const src = file.startsWith('src/') ? 'src' : undefined;
  const rel = src ? file.slice(4) : file;
  return { module: rel.replace(/\/__init__\.py$|\.py$/, '').replace(/\//g, '.'), ...(src ? { srcRoot: src } : {}) };
}

/** The module file an import name refers to, among the project files (`a.b` → a/b.py or a/b/__init__.py, also under src/). */
export function moduleFile(project: ProjectFacts, module: string): string | undefined {
  const base = module.replace(/\./g, '/');
  return [`${base}.py`, `${base}/__init__.py`, `src/${base}.py`, `src/${base}/__init__.py`].find((f) => project.has(f));
}

/** Python files up to three folders deep, entry-point candidates first (wsgi.py, app.py, main.py, …), then by depth and name. */
export function pythonFiles(project: ProjectFacts): string[] {
  const rank = (f: string) => {
    const name = f.split('/').pop()!;
    const order = ['wsgi.py', 'asgi.py', 'app.py', 'main.py', 'server.py', 'application.py', 'run.py', 'api.py', '__init__.py'];
    const i = order.indexOf(name);
    return [f.replace(/^src\//, '').split('/').length, i < 0 ? order.length : i] as const;
  };
  return (project.files ?? [])
    .filter((f) => f.endsWith('.py') && !NOT_ENTRY.test(f) && !/(^|\/)(setup|conftest|manage)\.py$/.test(f) && f.split('/').length <= 4)
    .sort((a, b) => {
      const [da, ia] = rank(a);
      const [db, ib] = rank(b);
      return da - db || ia - ib || (a < b ? -1 : a > b ? 1 : 0);
    });
}

/** The object a module defines at its top level: `app = Flask(...)`, `x = FastAPI(...)`, `app = create_app()`, or a `def create_app(` factory. */
export function definedTarget(text: string, framework: 'flask' | 'fastapi'): { name: string; kind: 'object' | 'factory' } | undefined {
  // Starlette is FastAPI's base: the same ASGI server (uvicorn) runs either (https://www.starlette.io/applications/).
  const cls = framework === 'flask' ? 'Flask' : '(?:FastAPI|Starlette)';
  const object = new RegExp(`^([A-Za-z_][A-Za-z0-9_]*)\\s*(?::\\s*[A-Za-z_.]+\\s*)?=\\s*(?:[A-Za-z_][A-Za-z0-9_]*\\.)?${cls}\\(`, 'm').exec(text);
  if (object) return { name: object[1]!, kind: 'object' };
  const built = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:[A-Za-z_][A-Za-z0-9_]*\.)?(?:create_app|make_app|get_app|create_application)\(/m.exec(text);
  if (built) return { name: built[1]!, kind: 'object' };
  // `app = get_application()` where this module defines that function and it builds the framework's
  // object (nsidnev/fastapi-realworld-example-app: `def get_application() -> FastAPI`).
  for (const m of text.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([A-Za-z_][A-Za-z0-9_]*)\(\)\s*$/gm)) {
    const body = new RegExp(`^def\\s+${m[2]}\\s*\\([^)]*\\)[^:]*:[\\s\\S]*?(?=^\\S|(?![\\s\\S]))`, 'm').exec(text)?.[0] ?? '';
    if (new RegExp(`\\b${cls}\\b`).test(body)) return { name: m[1]!, kind: 'object' };
  }
  const factory = /^def\s+(create_app|make_app|create_application|get_app)\s*\(/m.exec(text);
  if (factory && new RegExp(`\\b${cls}\\b`).test(text)) return { name: factory[1]!, kind: 'factory' };
  return undefined;
}

/** `FLASK_APP` → a gunicorn target, the way `flask run` resolves it (https://flask.palletsprojects.com/en/stable/cli/#application-discovery). */
function flaskAppTarget(project: ProjectFacts, value: string): { app: string; srcRoot?: string } | undefined {
  const [rawModule, attribute] = value.split(':') as [string, string | undefined];
  const module = rawModule.endsWith('.py') ? rawModule.slice(0, -3).replace(/\//g, '.') : rawModule;
  const file = moduleFile(project, module);
  if (!file) return undefined;
  const { srcRoot } = moduleOf(file);
  if (attribute) return { app: `${module}:${attribute}`, ...(srcRoot ? { srcRoot } : {}) };
  const found = definedTarget(project.read(file) ?? '', 'flask');
  const name = found ? (found.kind === 'factory' ? `${found.name}()` : found.name) : 'app';
  return { app: `${module}:${name}`, ...(srcRoot ? { srcRoot } : {}) };
}

/** The `module:object` a Procfile `web:` line serves with gunicorn, uvicorn, hypercorn or waitress (https://devcenter.heroku.com/articles/procfile). */
export function procfileTarget(command: string): string | undefined {
  const words = command.replace(/["']/g, '').split(/\s+|;|&&/);
  const server = words.findIndex((w) => /(^|\/)(gunicorn|uvicorn|hypercorn|waitress-serve)$/.test(w));
  if (server < 0) return undefined;
  return words.slice(server + 1).find((w) => /^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*(\(.*\))?$/.test(w));
}

/**
 * The WSGI/ASGI application of a Flask or FastAPI project, first rule that matches:
 * 1. (Flask) `FLASK_APP` in .flaskenv or .env; 2. the Procfile's `web:` server target;
 * 3. a module-level `X = Flask(...)`/`FastAPI(...)` or `X = create_app()` in the candidate files
 * (pythonFiles order); 4. a `def create_app(` factory in a file that mentions the framework → `module:create_app()`.
 */
export function findWebApp(project: ProjectFacts, framework: 'flask' | 'fastapi'): WebTarget | undefined {
  const found: { app: string; because: string; srcRoot?: string }[] = [];
  const flaskApp = framework === 'flask' ? project.flaskApp() : undefined;
  if (flaskApp) {
    const target = flaskAppTarget(project, flaskApp.value);
    if (target) found.push({ ...target, because: `FLASK_APP=${flaskApp.value} in ${flaskApp.file}` });
  }
  const web = project.procfileWeb();
  const fromProcfile = web ? procfileTarget(web.value) : undefined;
  if (fromProcfile) {
    const file = moduleFile(project, fromProcfile.split(':')[0]!);
    if (file) found.push({ app: fromProcfile, because: `the Procfile's web: line serves ${fromProcfile}`, ...(moduleOf(file).srcRoot ? { srcRoot: 'src' } : {}) });
  }
  const factories: typeof found = [];
  for (const file of pythonFiles(project)) {
    const target = definedTarget(project.read(file) ?? '', framework);
    if (!target) continue;
    const { module, srcRoot } = moduleOf(file);
    const entry = { app: `${module}:${target.kind === 'factory' ? `${target.name}()` : target.name}`, because: target.kind === 'factory' ? `${file} defines the application factory ${target.name}()` : `${file} defines ${target.name} at its top level`, ...(srcRoot ? { srcRoot } : {}) };
    (target.kind === 'factory' ? factories : found).push(entry);
  }
  found.push(...factories);
  const [best, ...rest] = found.filter((f, i) => found.findIndex((g) => g.app === f.app) === i);
  return best ? { ...best, alternatives: rest.map((r) => r.app) } : undefined;
}

/** The module a manage.py or wsgi.py text names with `os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)`. */
export function djangoSettingsModule(text: string | undefined): string | undefined {
  return /DJANGO_SETTINGS_MODULE['"]?\s*,\s*['"]([A-Za-z_][A-Za-z0-9_.]*)['"]/.exec(text ?? '')?.[1];
}

/** The Django project package: from manage.py's DJANGO_SETTINGS_MODULE (`proj.settings`), else the first `<pkg>/wsgi.py`. */
export function findDjangoProject(project: ProjectFacts): { app: string; because: string } | undefined {
  const manage = project.read('manage.py') ?? '';
  const settings = djangoSettingsModule(manage);
  const pkg = settings?.replace(/\.settings(\..*)?$/, '');
  if (pkg && moduleFile(project, `${pkg}.wsgi`)) return { app: `${pkg}.wsgi:application`, because: `manage.py uses ${settings}, and ${pkg.replace(/\./g, '/')}/wsgi.py exists` };
  const wsgi = (project.files ?? []).filter((f) => /^(src\/)?[A-Za-z_][A-Za-z0-9_]*\/wsgi\.py$/.test(f)).sort()[0];
  if (wsgi) return { app: `${moduleOf(wsgi).module}:application`, because: `${wsgi} exists` };
  return undefined;
}

/** True when a manage.py is Django's (it names django), not a Flask/Click `manage.py`. */
export function isDjangoManage(project: ProjectFacts): boolean {
  return /\bdjango\b/i.test(project.read('manage.py') ?? '');
}

/**
 * The Streamlit script: the first of streamlit_app.py, app.py, main.py, Home.py that exists, else the
 * one Python file (up to two folders deep) that imports streamlit, preferring one with `pages/` beside it.
 */
export function findStreamlitScript(project: ProjectFacts): { script: string; because: string } | undefined {
  for (const name of ['streamlit_app.py', 'app.py', 'main.py', 'Home.py']) if (project.has(name)) return { script: name, because: `${name} exists` };
  const importing = (project.files ?? []).filter((f) => f.endsWith('.py') && f.split('/').length <= 3 && !NOT_ENTRY.test(f) && !/(^|\/)pages\//.test(f) && /^\s*(import streamlit|from streamlit)/m.test(project.read(f) ?? ''));
  const withPages = importing.filter((f) => (project.files ?? []).some((g) => g.startsWith(`${f.includes('/') ? f.slice(0, f.lastIndexOf('/') + 1) : ''}pages/`)));
  const pick = withPages[0] ?? (importing.length === 1 ? importing[0] : undefined);
  return pick ? { script: pick, because: withPages.length ? `${pick} imports streamlit and has pages/ beside it` : `${pick} is the one file that imports streamlit` } : undefined;
}

/** What a plain Python project runs: main.py, app.py, a `[project.scripts]` console script, or a package's __main__.py. */
export function findScript(project: ProjectFacts): { command: string[]; because: string; install?: boolean } | undefined {
  if (project.has('main.py')) return { command: ['python', 'main.py'], because: 'main.py exists' };
  if (project.has('app.py')) return { command: ['python', 'app.py'], because: 'app.py exists' };
  const scripts = Object.keys(project.validPyproject()?.scripts ?? {});
  if (scripts.length >= 1) return { command: [scripts.sort()[0]!], because: `pyproject.toml declares the console script ${scripts.sort()[0]} ([project.scripts]), which needs the project installed`, install: true };
  const main = (project.files ?? []).filter((f) => /^(src\/)?[A-Za-z_][A-Za-z0-9_]*\/__main__\.py$/.test(f)).sort()[0];
  if (main) return { command: ['python', '-m', moduleOf(main.replace(/\/__main__\.py$/, '/__init__.py')).module], because: `${main} exists` };
  const mains = (project.files ?? []).filter((f) => /^[A-Za-z_][A-Za-z0-9_]*\.py$/.test(f) && /^if __name__ == ['"]__main__['"]/m.test(project.read(f) ?? ''));
  if (mains.length === 1) return { command: ['python', mains[0]!], because: `${mains[0]} is the one top-level file with an \`if __name__ == "__main__"\` block` };
  return undefined;
}
