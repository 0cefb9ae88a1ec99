// Issue 11 item 4: build steps that need the code run after the project copy (build.after_copy,
// django.collectstatic), and start-up commands (run.startup) run in the entrypoint before the server.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../src/index.js';
import { argumentText, execArray, stagesOf } from './helpers/dockerfile.js';

const DJANGO = {
  'requirements.txt': 'Django\ngunicorn\n',
  'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
  'mysite/__init__.py': '',
  'mysite/wsgi.py': 'application = get_wsgi_application()\n',
  'mysite/settings.py': 'STATIC_URL = "/static/"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n',
};

function build(manifest: string, files: Record<string, string> = DJANGO): CompileResult {
  return compile({ file: 'pyenv.yaml', text: `version: 1\nname: demo\n${manifest}`, readFile: (p) => files[p], files: Object.keys(files).sort() });
}

/** The runtime stage's instructions as `KEYWORD args` lines. */
function runtimeLines(r: CompileResult): string[] {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const [, runtime] = stagesOf(r.artifacts[0]!.contents);
  return runtime!.instructions.map((i) => `${i.getKeyword()} ${argumentText(i)}`);
}

describe('build steps after the project copy', () => {
  it('build.run runs as the app user before the copy; build.after_copy as root after it, with a tmpfs over HOME, before the final USER', () => {
    const lines = runtimeLines(build('preset: django\nrun:\n  app: "mysite.wsgi:application"\nbuild:\n  run: ["python -m nltk.downloader punkt"]\n  after_copy: ["python manage.py compilemessages", "python -m compileall -q ."]\n'));
    const copy = lines.findIndex((l) => l === 'COPY . ./');
    const before = lines.findIndex((l) => l.includes('nltk.downloader'));
    expect(lines[before - 1]).toBe('USER 1000:1000');
    expect(lines[before + 1]).toBe('USER 0:0'); // the code and the steps after it are root's
    expect(before).toBeLessThan(copy);
    const after = lines.slice(copy + 1).filter((l) => l.startsWith('RUN '));
    expect(after).toEqual([
      'RUN --mount=type=tmpfs,target=/home/app ["/bin/sh", "-c", "python manage.py compilemessages"]',
      'RUN --mount=type=tmpfs,target=/home/app ["/bin/sh", "-c", "python -m compileall -q ."]',
    ]);
    const lastUser = lines.lastIndexOf('USER 1000:1000');
    expect(lastUser).toBeGreaterThan(lines.indexOf(after.at(-1)!));
    expect(lines.findIndex((l) => l.startsWith('EXPOSE'))).toBeGreaterThan(lastUser);
  });

  it('django.collectstatic runs collectstatic first among them; explain names its field', () => {
    const r = build('preset: django\nrun:\n  app: "mysite.wsgi:application"\ndjango:\n  collectstatic: true\nbuild:\n  after_copy: ["python manage.py compilemessages"]\n');
    const runs = runtimeLines(r).filter((l) => l.startsWith('RUN --mount=type=tmpfs')).map((l) => execArray(l.replace(/^RUN --mount=\S+ /, ''))[2]);
    expect(runs).toEqual(['python manage.py collectstatic --noinput', 'python manage.py compilemessages']);
    expect(r.plan!.shell.afterCopySteps).toEqual(runs);
  });

  it('collectstatic is off by default and ignored outside the django preset', () => {
    expect(build('preset: django\nrun:\n  app: "mysite.wsgi:application"\n').plan!.shell.afterCopySteps).toEqual([]);
    expect(build('preset: flask\nrun:\n  app: "mysite.wsgi:application"\ndjango:\n  collectstatic: true\n').plan!.shell.afterCopySteps).toEqual([]);
  });

  it('collectstatic without manage.py in the build context is an error (PYENV413) at the field', () => {
    const { 'manage.py': _, ...files } = DJANGO;
    const r = build('preset: django\nrun:\n  app: "mysite.wsgi:application"\ndjango:\n  collectstatic: true\n', files);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.find((d) => d.code === 'PYENV413')).toMatchObject({ severity: 'error', line: 7, column: 18 });
  });

  it('collectstatic with settings that set no STATIC_ROOT warns (PYENV414) with the line to add', () => {
    const r = build('preset: django\nrun:\n  app: "mysite.wsgi:application"\ndjango:\n  collectstatic: true\n', { ...DJANGO, 'mysite/settings.py': 'STATIC_URL = "/static/"\n' });
    expect(r.ok).toBe(true);
    const d = r.diagnostics.find((x) => x.code === 'PYENV414')!;
    expect(d.message).toBe('django.collectstatic is on, and mysite/settings.py sets no STATIC_ROOT: collectstatic stops the build with ImproperlyConfigured');
    expect(d.hint).toContain("STATIC_ROOT = BASE_DIR / 'staticfiles'");
  });

  it('an after-copy step with an invisible character is refused like build.run', () => {
    const r = build('preset: django\nrun:\n  app: "mysite.wsgi:application"\nbuild:\n  after_copy: ["echo \u202Eevil"]\n');
    expect(r.ok).toBe(false);
  });
});

describe('start-up commands in the entrypoint (run.startup)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyenvc-startup-'));
  chmodSync(dir, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const isRoot = process.getuid?.() === 0;
  const setpriv = spawnSync('setpriv', ['--version']).status === 0;

  function entrypoint(startup: string[]): string {
    const r = build(`preset: worker\nrun:\n  command: ["python", "manage.py"]\n  startup: ${JSON.stringify(startup)}\n`);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    const path = join(dir, `entrypoint-${startup.length}-${startup.join('').length}.sh`);
    writeFileSync(path, r.artifacts[2]!.contents, { mode: 0o755 });
    return path;
  }
  /** Runs the script with the host's /bin/sh as uid 1000 (it refuses root), then `sh -c command`. */
  function run(path: string, command: string, env: Record<string, string> = {}) {
    const argv = isRoot ? ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', 'sh', path, 'sh', '-c', command] : ['sh', path, 'sh', '-c', command];
    return spawnSync(argv[0]!, argv.slice(1), { env: { PATH: '/usr/bin:/bin', HOME: dir, ...env }, encoding: 'utf8', cwd: dir });
  }

  it('passes shellcheck, with each command single-quoted whatever it holds', () => {
    const path = entrypoint(["echo 'it''s' \"$HOME\" && true", 'printf %s\\n done']);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(`/bin/sh -c 'echo '\\''it'\\'''\\''s'\\'' "$HOME" && true' >&2 ||`);
    const check = spawnSync('shellcheck', ['-s', 'sh', path], { encoding: 'utf8' });
    expect(check.status, check.stdout).toBe(0);
  });

  it.runIf(!isRoot || setpriv)('runs them in order, logged, before the command; the first failure stops the container with its status', () => {
    const ok = run(entrypoint(['echo one', 'echo two']), 'echo server');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('server\n'); // start-up output goes to stderr, each after its log line
    expect(ok.stderr).toContain('pyenvc: start-up: echo one\none\npyenvc: start-up: echo two\ntwo\n');
    const failing = run(entrypoint(['echo one', 'exit 7', 'echo never']), 'echo server');
    expect(failing.status).toBe(7);
    expect(failing.stdout).toBe('');
    expect(failing.stderr).toContain('one\n');
    expect(failing.stderr).not.toContain('never');
    expect(failing.stderr).toContain('pyenvc: start-up command failed (exit 7): exit 7');
  });

  it.runIf(!isRoot || setpriv)('PYENVC_SKIP_STARTUP=1 skips them (a one-off command)', () => {
    const r = run(entrypoint(['exit 7']), 'echo one-off', { PYENVC_SKIP_STARTUP: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('one-off\n');
  });

  it('without run.startup the entrypoint has no start-up section', () => {
    const r = build('preset: worker\nrun:\n  command: ["python", "manage.py"]\n');
    expect(r.artifacts[2]!.contents).not.toContain('start-up');
  });
});

describe('init says which of these steps a project needs (to-do notes, never guessed into the manifest)', () => {
  it('Django settings with STATIC_ROOT and apps with migrations', async () => {
    const { detectProject } = await import('../src/init/detect.js');
    const files: Record<string, string> = { ...DJANGO, 'shop/migrations/0001_initial.py': '', 'shop/__init__.py': '' };
    const plan = detectProject('demo', Object.keys(files).sort(), (p) => files[p]);
    expect(plan.notes).toContain('your settings set STATIC_ROOT (mysite/settings.py:2): add `django: { collectstatic: true }` so the image carries its static files (collectstatic runs after the code is copied)');
    expect(plan.notes.join('\n')).toContain('add `run: { startup: ["python manage.py migrate --noinput"] }`');
    // Without settings.py (init reads files below its listing too, so the reader must not have it either).
    const listed = ['manage.py', 'mysite/wsgi.py', 'requirements.txt'];
    const bare = detectProject('demo', listed, (p) => (listed.includes(p) ? DJANGO[p as keyof typeof DJANGO] : undefined));
    expect(bare.notes.join('\n')).not.toMatch(/collectstatic|migrate/);
  });

  it('Flask-Migrate with a migrations/ folder', async () => {
    const { detectProject } = await import('../src/init/detect.js');
    const files: Record<string, string> = { 'requirements.txt': 'flask\nflask-migrate\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'migrations/env.py': '' };
    expect(detectProject('demo', Object.keys(files).sort(), (p) => files[p]).notes.join('\n')).toContain('add `run: { startup: ["flask db upgrade"] }`');
  });

  describe('Django settings a deployment must not keep (trial 3: Azure-Samples django quickstart, awesome-compose django)', () => {
    const notesFor = async (settings: string) => {
      const { detectProject } = await import('../src/init/detect.js');
      const files: Record<string, string> = { ...DJANGO, 'mysite/settings.py': settings };
      return detectProject('demo', Object.keys(files).sort(), (p) => files[p]).notes.join('\n');
    };

    it('DEBUG = True and a literal SECRET_KEY: each a to-do with its line', async () => {
      const notes = await notesFor('SECRET_KEY = "django-insecure-abc"\nDEBUG = True\n');
      expect(notes).toContain('your settings set DEBUG = True (mysite/settings.py:2)');
      expect(notes).toContain('SECRET_KEY is a string in mysite/settings.py:1');
    });

    it('DEBUG read from the environment with a default that is on names the variable', async () => {
      for (const line of ['DEBUG = env.bool("DJANGO_DEBUG", default=True)', 'DEBUG = os.environ.get("DJANGO_DEBUG", "True") == "True"', "DEBUG = config('DJANGO_DEBUG', default=True, cast=bool)"]) {
        expect(await notesFor(`import os\n${line}\n`), line).toContain('DEBUG is on unless DJANGO_DEBUG is set (mysite/settings.py:2)');
      }
    });

    it('says nothing when DEBUG is off by default and the key comes from the environment', async () => {
      for (const settings of ['DEBUG = False\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n', 'DEBUG = os.getenv("DEBUG", "0") == "1"\nSECRET_KEY = env("SECRET_KEY")\n', 'DEBUG = os.environ.get("DEBUG") == "1"\n']) {
        expect(await notesFor(settings), settings).not.toMatch(/DEBUG|SECRET_KEY/);
      }
    });
  });

  describe('a Flask command that sets the database up (pallets/flask examples/tutorial: init-db)', () => {
    const detect = async (files: Record<string, string>) => (await import('../src/init/detect.js')).detectProject('demo', Object.keys(files).sort(), (p) => files[p]);
    const TUTORIAL = {
      'pyproject.toml': '[project]\nname = "flaskr"\ndependencies = ["flask", "gunicorn"]\n',
      'flaskr/__init__.py': 'from flask import Flask\n\ndef create_app():\n    app = Flask(__name__, instance_relative_config=True)\n    from . import db\n    db.init_app(app)\n    return app\n',
      'flaskr/db.py': 'import click\n\n\n@click.command("init-db")\ndef init_db_command():\n    pass\n\n\ndef init_app(app):\n    app.cli.add_command(init_db_command)\n',
    };

    it('is a to-do naming its file and line and the exact docker compose run, never a start-up command', async () => {
      const plan = await detect(TUTORIAL);
      const note = plan.notes.find((n) => n.includes('Flask command'));
      expect(note).toContain('flaskr/db.py:4 defines the Flask command init-db');
      expect(note).toContain('`docker compose run --rm flaskr flask --app flaskr init-db`');
      expect(note).toContain('project.writable instance is a named volume');
      expect(plan.run).not.toHaveProperty('startup');
    });

    it('names a command by its function when the decorator gives none (Click 8.2+ drops _command), registered by @app.cli.command', async () => {
      const plan = await detect({
        'requirements.txt': 'flask\ngunicorn\n',
        'server.py': 'from flask import Flask\napi = Flask(__name__)\n\n@api.cli.command()\ndef create_tables_command():\n    pass\n',
      });
      // `api` is not a name Flask discovers by itself: the target is passed whole, quoted.
      expect(plan.notes.join('\n')).toContain("server.py:4 defines the Flask command create-tables: if it creates the tables your app needs, run it once after the first build, `docker compose run --rm demo flask --app 'server:api' create-tables`; add it");
    });

    it('says nothing for a click command flask never sees, or a command of another name', async () => {
      const unregistered = { ...TUTORIAL, 'flaskr/db.py': 'import click\n\n@click.command("init-db")\ndef init_db_command():\n    pass\n' };
      expect((await detect(unregistered)).notes.join('\n')).not.toContain('Flask command');
      const other = { ...TUTORIAL, 'flaskr/db.py': TUTORIAL['flaskr/db.py'].replace('"init-db"', '"seed"') };
      expect((await detect(other)).notes.join('\n')).not.toContain('Flask command');
      // In tests/, a command is a fixture of the tests, not the app's.
      const inTests = { ...TUTORIAL, 'flaskr/db.py': '', 'tests/conftest_cli.py': '@app.cli.command("init-db")\ndef init_db():\n    pass\n' };
      expect((await detect(inTests)).notes.join('\n')).not.toContain('Flask command');
    });

    it('derives command names as click does', async () => {
      const { clickCommandName } = await import('../src/project/flask-commands.js');
      expect(['init_db_command', 'initdb', 'Create_DB_cmd', 'reset_db_group', 'db_init'].map(clickCommandName)).toEqual(['init-db', 'initdb', 'create-db', 'reset-db', 'db-init']);
    });
  });
});
