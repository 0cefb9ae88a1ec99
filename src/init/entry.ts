import type { PresetName } from '../manifest/types.js';
import type { DependencyFindings } from './detect-dependencies.js';
import type { ProjectFacts } from '../project/read-project.js';
import { djangoSettingsModule, moduleFile, findDjangoProject, findScript, findStreamlitScript, findWebApp, isDjangoManage } from '../project/entry-points.js';
import { SET_BY_THE_IMAGE } from '../catalog/build-only-env.js';
import { readDjangoSettings, type DjangoSettings } from '../project/django-settings.js';
import { requirementSpecifier, type MissingServer } from './server.js';
import { proposeWritable } from './writable.js';
import { dockerfileEnvValue } from '../project/dockerfile-env.js';
import { findDatabaseSetupCommand } from '../project/flask-commands.js';

/** One thing `init` decided, and why (printed, and written as a comment in the manifest). */
export interface Finding {
  field: string;
  value: string;
  because: string;
}

/** What the project runs: the preset and the fields that go with it. */
export interface Entry {
  preset: PresetName;
  run: { app?: string; command?: string[] };
  jupyterInterface?: 'notebook';
  /** Runtime environment variables (PYTHONPATH for a src layout, DJANGO_SETTINGS_MODULE for split settings). */
  env?: Record<string, string>;
  /** project.install: the project must be installed (a console script). */
  installProject?: boolean;
  /** project.writable: folders below the code the app writes (trial F2: src/init/writable.ts). */
  writable?: string[];
  /** The server the preset runs that the dependencies do not list (detect.ts resolves it with the chosen Python: src/init/server.ts). */
  missingServer?: MissingServer;
  findings: Finding[];
  notes: string[];
  /** False when nothing was found: the script preset's `python main.py` with a note to set run.command. */
  found: boolean;
}

/**
 * The preset and run target of a project folder, first match wins:
 * - preset django: `manage.py` exists or django is a dependency; run.app is `<pkg>.wsgi:application`
 *   for the first `<pkg>/wsgi.py`;
 * - streamlit: streamlit is a dependency; the script is the first of streamlit_app.py, app.py,
 *   main.py, Home.py;
 * - fastapi / flask: fastapi / flask is a dependency; run.app is `main:app`, `app:app` or
 *   `app.main:app` after the file that exists (an object named `app` is assumed);
 * - jupyter: a `*.ipynb` file exists or jupyterlab/notebook/jupyter is a dependency;
 * - script: main.py exists (or app.py, run as `python app.py`); otherwise script with a note.
 * "Is a dependency" means listed in the file the dependency manager uses (`deps.names`).
 * `service` is the compose service the to-do notes name (the manifest's name).
 */
export function decideEntry(project: ProjectFacts, fileList: readonly string[], deps: Pick<DependencyFindings, 'names' | 'namesFrom' | 'dependencies'>, service = '<service>'): Entry {
  const files = new Set(fileList);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const entry: Entry = { preset: 'script', run: {}, findings, notes, found: true };
  const has = (n: string) => deps.names.includes(n);
  const depsFile = deps.namesFrom;
  const notebooks = fileList.filter((f) => f.endsWith('.ipynb')).length;
  const flaskExtension = deps.names.find((n) => n.startsWith('flask-'));
  const djangoManage = files.has('manage.py') && (has('django') || isDjangoManage(project));
  const web = (framework: 'flask' | 'fastapi') => {
    const target = findWebApp(project, framework);
    if (!target) return undefined;
    entry.run.app = target.app;
    findings.push({ field: 'run.app', value: target.app, because: target.because });
    if (target.srcRoot) {
      // src layout: the package is imported from <workdir>/src (https://packaging.python.org/en/latest/discussions/src-layout-vs-flat-layout/).
      entry.env = { ...entry.env, PYTHONPATH: `/app/${target.srcRoot}` };
      findings.push({ field: 'env.PYTHONPATH', value: `/app/${target.srcRoot}`, because: `${target.app.split(':')[0]} lives under ${target.srcRoot}/ (a src layout)` });
    } else {
      // A top-level module that imports a package kept under src/ (pallets/flask examples/celery:
      // make_celery.py imports task_app from src/task_app/, installed with `pip install -e .` there).
      const imported = srcPackageImported(project, target.app.split(':')[0]!);
      if (imported) {
        entry.env = { ...entry.env, PYTHONPATH: '/app/src' };
        findings.push({ field: 'env.PYTHONPATH', value: '/app/src', because: `${imported.file} imports ${imported.name}, which lives under src/ (a src layout)` });
      }
    }
    if (target.alternatives.length) notes.push(`run.app is a guess: ${target.app} (${target.because}); also found ${target.alternatives.join(', ')}`);
    return target;
  };

  if (djangoManage || has('django')) {
    entry.preset = 'django';
    const target = findDjangoProject(project);
    entry.run.app = target?.app ?? 'mysite.wsgi:application';
    findings.push({ field: 'preset', value: 'django', because: djangoManage ? 'manage.py exists and is Django\'s' : `django is listed in ${depsFile}` });
    findings.push({ field: 'run.app', value: entry.run.app, because: target?.because ?? 'no <package>/wsgi.py found: a placeholder, change it' });
    if (!target) notes.push('set run.app to your WSGI object (`<project>.wsgi:application`): no <package>/wsgi.py was found');
    requireServer(entry, has, 'gunicorn', 'django');
    const fromDockerfile = dockerfileEnvValue((f) => project.read(f), 'DJANGO_SETTINGS_MODULE');
    const imageSettings = fromDockerfile && moduleFile(project, fromDockerfile.value) && fromDockerfile.value !== djangoSettingsModule(project.read('manage.py')) ? fromDockerfile : undefined;
    // The notes read the settings the image will run: the Dockerfile's choice when it made one.
    const settingsModule = imageSettings ? readDjangoSettings(project, imageSettings.value) : projectSettings(project, target?.app);
    notes.push(...djangoSteps(project, fileList, target?.app, settingsModule));
    addWritable(entry, proposeWritable(project, fileList, { preset: 'django', ...(settingsModule ? { django: settingsModule } : {}) }));
    // gunicorn imports wsgi.py, whose setdefault may name other settings than manage.py's (split
    // settings: justdjango/django-ecommerce's wsgi.py defaults to an empty settings package).
    const settings = settingsMismatch(project, target?.app);
    if (imageSettings) {
      // The image the project runs today chooses its settings in the Dockerfile (trial 3: wagtail/bakerydemo
      // sets bakerydemo.settings.production there, while manage.py and wsgi.py default to .dev).
      entry.env = { ...entry.env, DJANGO_SETTINGS_MODULE: imageSettings.value };
      findings.push({ field: 'env.DJANGO_SETTINGS_MODULE', value: imageSettings.value, because: `your Dockerfile sets it (Dockerfile line ${imageSettings.line}), while manage.py defaults to ${djangoSettingsModule(project.read('manage.py')) ?? 'none'}` });
    } else if (settings) {
      entry.env = { ...entry.env, DJANGO_SETTINGS_MODULE: settings.manage };
      findings.push({ field: 'env.DJANGO_SETTINGS_MODULE', value: settings.manage, because: `manage.py uses ${settings.manage}, while ${settings.wsgiFile} defaults to ${settings.wsgi}` });
    }
  } else if (has('streamlit')) {
    entry.preset = 'streamlit';
    const found = findStreamlitScript(project);
    findings.push({ field: 'preset', value: 'streamlit', because: `streamlit is listed in ${depsFile}` });
    if (found && found.script !== 'app.py') {
      entry.run.command = ['streamlit', 'run', found.script, '--server.address=0.0.0.0', '--server.port=8501', '--server.headless=true'];
      findings.push({ field: 'run.command', value: `streamlit run ${found.script}`, because: `${found.because} (the preset runs app.py)` });
    } else if (!found) notes.push('no streamlit_app.py, app.py, main.py or Home.py found: the streamlit preset runs app.py; set run.command if your script has another name');
  } else if (has('fastapi') || has('starlette') || has('flask') || flaskExtension) {
    // Starlette apps run like FastAPI's (uvicorn module:app); Flask extensions (Flask-SQLAlchemy, …)
    // bring Flask with them (realpython/flask-boilerplate lists only those).
    const preset = has('fastapi') || has('starlette') ? 'fastapi' : 'flask';
    entry.preset = preset;
    const listed = preset === 'fastapi' ? (has('fastapi') ? 'fastapi' : 'starlette') : has('flask') ? 'flask' : flaskExtension!;
    findings.push({ field: 'preset', value: preset, because: `${listed} is listed in ${depsFile}` });
    if (!web(preset)) {
      entry.run.app = preset === 'fastapi' ? 'main:app' : 'app:app';
      findings.push({ field: 'run.app', value: entry.run.app, because: `no module defining a ${preset === 'fastapi' ? 'FastAPI' : 'Flask'} application was found: the preset default, change it` });
      notes.push(`set run.app to your application (\`module:object\`): no module defining one was found`);
    }
    requireServer(entry, has, preset === 'fastapi' ? 'uvicorn' : 'gunicorn', preset);
    if (preset === 'flask') addWritable(entry, proposeWritable(project, fileList, { preset, ...(has('flask-sqlalchemy') ? { flaskSqlalchemy: { specifier: requirementSpecifier(project, deps.dependencies, 'flask-sqlalchemy') } } : {}) }));
    // Flask-Migrate keeps Alembic's env.py in migrations/ (https://flask-migrate.readthedocs.io/).
    if (preset === 'flask' && has('flask-migrate') && files.has('migrations/env.py')) {
      notes.push('Flask-Migrate migrations found: add `run: { startup: ["flask db upgrade"] }` (with FLASK_APP in env when `flask` cannot find the app) to apply them each time the container starts');
    } else if (preset === 'flask') {
      const setup = findDatabaseSetupCommand(project);
      if (setup) notes.push(databaseSetupNote(setup, entry.run.app!, service, entry.writable ?? []));
    }
  } else if (notebooks > 0 || has('jupyterlab') || has('notebook') || has('jupyter')) {
    entry.preset = 'jupyter';
    findings.push({ field: 'preset', value: 'jupyter', because: notebooks > 0 ? `${notebooks} notebook${notebooks > 1 ? 's' : ''} (*.ipynb) found` : `Jupyter is listed in ${depsFile}` });
    if (has('notebook') && !has('jupyterlab')) {
      entry.jupyterInterface = 'notebook';
      findings.push({ field: 'jupyter.interface', value: 'notebook', because: 'notebook is a dependency and jupyterlab is not' });
    } else if (!has('jupyterlab') && !has('jupyter')) requireServer(entry, has, 'jupyterlab', 'jupyter');
  } else {
    const script = findScript(project);
    findings.push({ field: 'preset', value: 'script', because: script ? `${script.because} and no web framework or notebook was found` : 'nothing more specific was found' });
    if (script && !(script.command.length === 2 && script.command[1] === 'main.py')) {
      entry.run.command = script.command;
      findings.push({ field: 'run.command', value: script.command.join(' '), because: script.because });
    }
    if (script?.install) {
      entry.installProject = true;
      findings.push({ field: 'project.install', value: 'true', because: 'the console script exists once the project is installed' });
    }
    if (!script) {
      entry.found = false;
      notes.push('no main.py found: the script preset runs `python main.py`; set run.command to what the container should run');
    }
  }
  return entry;
}

/**
 * To-do notes for the Django steps a real deployment runs (issue 11 item 4), left to the user because
 * they depend on settings and a database init cannot see: collectstatic when the settings set
 * STATIC_ROOT, migrate at start-up when the project has migrations. The settings are the module
 * manage.py names (trial F10: HackSoftware/Django-Styleguide-Example's `config.django.base`, whose
 * STATIC_ROOT is there and whose apps sit three folders deep), read with the modules it imports
 * (src/project/django-settings.ts); migrations are found in the listing or, for each project app of
 * INSTALLED_APPS, as `<app>/migrations/0001_initial.py` (the name makemigrations gives the first one).
 */
function djangoSteps(project: ProjectFacts, files: readonly string[], app: string | undefined, settings: DjangoSettings | undefined): string[] {
  const notes: string[] = [];
  const pkg = app?.replace(/\.wsgi:.*$/, '').replace(/\./g, '/');
  const staticRoot = settings
    ? settings.staticRoot
    : (pkg ? files.filter((f) => f === `${pkg}/settings.py` || f.startsWith(`${pkg}/settings/`)) : []).some((f) => /^\s*STATIC_ROOT\s*=/m.test(project.read(f) ?? ''));
  if (staticRoot) {
    const at = typeof staticRoot === 'object' ? ` (${staticRoot.file}:${staticRoot.line})` : '';
    const unset = (settings?.environment ?? []).filter((r) => r.required && !SET_BY_THE_IMAGE.has(r.name)).map((r) => r.name).sort();
    const throwaway = unset.length ? `; its RUN gets throwaway values for ${unset.join(', ')}, which your settings read from the environment with no default` : '';
    notes.push(`your settings set STATIC_ROOT${at}: add \`django: { collectstatic: true }\` so the image carries its static files (collectstatic runs after the code is copied${throwaway})`);
  }
  notes.push(...productionSettingsNotes(settings));
  const appMigrations = (settings?.apps ?? []).some((entry) => {
    const base = entry.replace(/\.apps\.[A-Za-z_]\w*$/, '').replace(/\./g, '/');
    return project.has(`${base}/migrations/0001_initial.py`) || project.has(`src/${base}/migrations/0001_initial.py`);
  });
  if (appMigrations || files.some((f) => /(^|\/)migrations\/0001_[^/]*\.py$/.test(f))) {
    notes.push('your apps have migrations: add `run: { startup: ["python manage.py migrate --noinput"] }` to apply them each time the container starts, once its database is reachable from the container');
  }
  return notes;
}

/**
 * To-dos for settings a deployment must not keep (trial 3: Azure-Samples/msdocs-python-django-webapp-quickstart
 * and docker/awesome-compose django, whose images served DEBUG pages with a key from the repository),
 * after Django's deployment checklist (https://docs.djangoproject.com/en/stable/howto/deployment/checklist/):
 * DEBUG on without configuration, SECRET_KEY as a literal. Notes only: turning DEBUG off also needs
 * ALLOWED_HOSTS, which init cannot choose.
 */
function productionSettingsNotes(settings: DjangoSettings | undefined): string[] {
  const notes: string[] = [];
  const where = (at: { file: string; line: number }) => `${at.file}:${at.line}`;
  const debug = settings?.debug;
  if (debug?.always) {
    notes.push(`your settings set DEBUG = True (${where(debug.at)}): the container would show Django's debug pages (settings, code, tracebacks) to whoever reaches it; read it from the environment, e.g. \`DEBUG = os.environ.get("DJANGO_DEBUG") == "1"\`, with ALLOWED_HOSTS from the environment too (Django then answers only those hosts)`);
  } else if (debug) {
    notes.push(`DEBUG is on unless ${debug.variable} is set (${where(debug.at)}): give the container ${debug.variable}=False (in compose.env_file or env) with the ALLOWED_HOSTS it serves, or make the default off`);
  }
  if (settings?.literalSecretKey) {
    notes.push(`SECRET_KEY is a string in ${where(settings.literalSecretKey)}: anyone with the code can sign sessions and reset tokens; read it from the environment (\`SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\`) and keep the value in .env (compose.env_file), which never enters the image`);
  }
  return notes;
}

/** The settings module gunicorn and manage.py load: manage.py's DJANGO_SETTINGS_MODULE, else the WSGI module's, else `<project>.settings`. */
function projectSettings(project: ProjectFacts, app: string | undefined): DjangoSettings | undefined {
  const wsgiFile = app ? `${app.split(':')[0]!.replace(/\./g, '/')}.py` : undefined;
  const module = djangoSettingsModule(project.read('manage.py')) ?? (wsgiFile ? djangoSettingsModule(project.read(wsgiFile)) : undefined) ?? (app ? app.replace(/\.wsgi:.*$/, '.settings') : undefined);
  return module ? readDjangoSettings(project, module) : undefined;
}

/** The settings manage.py names, when the WSGI module's own default is another module. */
function settingsMismatch(project: ProjectFacts, app: string | undefined): { manage: string; wsgi: string; wsgiFile: string } | undefined {
  const manage = djangoSettingsModule(project.read('manage.py'));
  const wsgiFile = app ? `${app.split(':')[0]!.replace(/\./g, '/')}.py` : undefined;
  const wsgi = wsgiFile ? djangoSettingsModule(project.read(wsgiFile)) : undefined;
  return manage && wsgi && wsgiFile && manage !== wsgi ? { manage, wsgi, wsgiFile } : undefined;
}

/**
 * The to-do for a Flask command that sets the database up (trial: pallets/flask examples/tutorial's
 * `init-db`): run it once by hand, not as run.startup, because such a command may drop the tables
 * it creates (the tutorial's does) and run.startup runs at every start. `flask --app` takes the
 * module alone when Flask can find the app in it (an `app` or `application` object, a `create_app`
 * or `make_app` factory: https://flask.palletsprojects.com/en/stable/cli/#application-discovery).
 */
function databaseSetupNote(setup: { name: string; file: string; line: number }, app: string, service: string, writable: readonly string[]): string {
  const [module, object = 'app'] = app.split(':') as [string, string?];
  const found = ['app', 'application', 'create_app()', 'make_app()'].includes(object);
  const target = found ? module : `'${app}'`;
  const kept = writable.length ? ` (project.writable ${writable.join(', ')} is a named volume in compose.yaml, so what it creates there stays)` : '';
  return `${setup.file}:${setup.line} defines the Flask command ${setup.name}: if it creates the tables your app needs, run it once after the first build, \`docker compose run --rm ${service} flask --app ${target} ${setup.name}\`${kept}; add it to run.startup only if it keeps existing data, since start-up commands run at every start`;
}

/** The first top-level import of `module`'s file that only src/ holds (not beside it), with the file; undefined when none. */
function srcPackageImported(project: ProjectFacts, module: string): { file: string; name: string } | undefined {
  const file = moduleFile(project, module);
  if (!file || file.startsWith('src/')) return undefined;
  for (const m of (project.read(file) ?? '').matchAll(/^[ \t]*(?:from|import)[ \t]+([A-Za-z_]\w*)/gm)) {
    const name = m[1]!;
    if (project.has(`${name}.py`) || project.has(`${name}/__init__.py`)) continue;
    if (project.has(`src/${name}/__init__.py`) || project.has(`src/${name}.py`)) return { file, name };
  }
  return undefined;
}

/** Adds init's project.writable proposals (src/init/writable.ts) to the entry: a finding per folder, the to-dos as notes. */
function addWritable(entry: Entry, proposed: ReturnType<typeof proposeWritable>): void {
  for (const w of proposed.writable) entry.findings.push({ field: 'project.writable', value: w.folder, because: w.because });
  if (proposed.writable.length) entry.writable = proposed.writable.map((w) => w.folder);
  entry.notes.push(...proposed.notes);
}

/** Records the preset's server when the dependencies do not list it; its note is placed here (src/init/server.ts). */
function requireServer(entry: Entry, has: (n: string) => boolean, server: MissingServer['server'], preset: string): void {
  if (!has(server)) entry.missingServer = { server, preset, at: entry.notes.length, findingAt: entry.findings.length };
}
