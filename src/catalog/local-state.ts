/**
 * What a project writes while it runs on a developer's machine, which is never code and often holds
 * data that must not ship (F1 of the trial: Django's `db.sqlite3` and `local_settings.py`, Flask's
 * `instance/config.py` with SECRET_KEY and `instance/flaskr.sqlite`, microblog's logs were in the
 * images). The .gitignore lines carry most of them (GitHub's Python.gitignore lists all of these);
 * these defaults cover projects without one. Each entry has an example path (for the tests and the
 * PYENV524 note). Checked 2026-12-03.
 *
 * Left out on purpose:
 * - `*.db`: the extension is not SQLite's alone (Thumbs.db, Berkeley DB, `shelve` files, bundled
 *   read-only data such as GeoIP or zip-code databases an app opens at run time), and excluding data
 *   the app reads breaks it only when it runs. Flask-SQLAlchemy's `app.db` (microblog) is in that
 *   project's .gitignore, which pyenvc now carries.
 * - database folders a compose file bind-mounts (`postgres-data/`, `pgdata/`, `db-data/`): they have no
 *   fixed name; the .gitignore or the project's own .dockerignore names them, and both are carried.
 */
export const LOCAL_STATE_FILES: readonly { pattern: string; example: string; what: string }[] = [
  // Django's startproject settings put the development database at BASE_DIR / 'db.sqlite3'
  // (https://docs.djangoproject.com/en/5.2/ref/settings/#databases); SQLite writes the -journal file
  // beside it during a transaction (https://www.sqlite.org/tempfiles.html).
  { pattern: '**/*.sqlite3', example: 'db.sqlite3', what: "a SQLite database (Django's development database)" },
  { pattern: '**/*.sqlite3-journal', example: 'db.sqlite3-journal', what: 'a SQLite journal' },
  // The Flask tutorial's database is instance/flaskr.sqlite (https://flask.palletsprojects.com/en/stable/tutorial/database/).
  { pattern: '**/*.sqlite', example: 'data/app.sqlite', what: 'a SQLite database' },
  // Log files are written by the running app (microblog's logs/microblog.log); the image starts with none.
  { pattern: '**/*.log', example: 'logs/app.log', what: 'a log file' },
  // The Django convention for a developer's own settings (DEBUG, a local database, a SECRET_KEY),
  // imported by settings.py inside `try: ... except ImportError`, so production runs without it.
  { pattern: '**/local_settings.py', example: 'mysite/local_settings.py', what: "a developer's local Django settings" },
];

/**
 * Flask's instance folder, next to the application package at the project's root: "designed to not
 * be under version control and be deployment specific", the place for config.py with SECRET_KEY and
 * the SQLite file (https://flask.palletsprojects.com/en/stable/config/#instance-folders). Excluded at
 * the build context's root only, and kept when it is a Python package or holds a file the build needs
 * (local-state.ts), since a folder of that name elsewhere may be code.
 */
export const INSTANCE_FOLDER = 'instance';
