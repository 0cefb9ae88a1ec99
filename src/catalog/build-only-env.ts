/**
 * Throwaway values for the environment variables Django settings read without a default, given to the
 * `django.collectstatic` RUN only (the third stranger trial, F3: testdrivenio/django-on-docker's
 * `SECRET_KEY = os.environ.get("SECRET_KEY")` and `os.environ.get("DJANGO_ALLOWED_HOSTS").split(" ")`
 * stopped the build with ImproperlyConfigured and AttributeError). collectstatic imports the settings
 * (https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#collectstatic) but opens no
 * database and serves no request, so a value only has to survive the import: parse as the reader's
 * type and keep Django's checks quiet ("The SECRET_KEY setting must not be empty.", raised in
 * django/conf/__init__.py). They are set for that one command and never in the image's ENV. Checked 2026-12-03 against the readers' parsers:
 * dj-database-url and django-environ's `env.db()` read `sqlite:////abs/path` as an absolute SQLite
 * file; django-environ's `env.cache()` takes `locmemcache://` and `env.email_url()` `consolemail://`
 * (https://django-environ.readthedocs.io/en/latest/types.html); `0` reads as false for django-environ,
 * environs and python-decouple booleans and as 0 for int/float casts.
 */
export interface BuildOnlyValue {
  /** Matches the variable name or the reader's cast (int, bool, db, …). */
  test: (name: string, cast: string | undefined) => boolean;
  value: string;
}

/** Variables the image itself sets at build time (or that name the settings): never given a throwaway value. */
export const SET_BY_THE_IMAGE: ReadonlySet<string> = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'VIRTUAL_ENV', 'PYTHONPATH', 'PYTHONUNBUFFERED', 'PYTHONDONTWRITEBYTECODE', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'MPLCONFIGDIR', 'DJANGO_SETTINGS_MODULE']);

/** The obviously fake SECRET_KEY of the collectstatic step. */
export const BUILD_ONLY_SECRET = 'pyenvc-build-only-collectstatic-not-a-secret';

/** First match wins; the last entry matches everything. */
export const BUILD_ONLY_VALUES: readonly BuildOnlyValue[] = [
  { test: (n, c) => c === 'db' || c === 'db_url' || c === 'dj_db_url' || /(^|_)DATABASE_URL$/.test(n), value: 'sqlite:////tmp/pyenvc-build-only.sqlite3' },
  { test: (n, c) => c === 'cache' || c === 'cache_url' || c === 'dj_cache_url' || /(^|_)CACHE_URL$/.test(n), value: 'locmemcache://' },
  { test: (n, c) => c === 'email' || c === 'email_url' || c === 'dj_email_url' || /(^|_)EMAIL_URL$/.test(n), value: 'consolemail://' },
  { test: (n) => /(REDIS|BROKER|CELERY|RABBIT|AMQP)[A-Z_]*URL$/.test(n), value: 'redis://localhost:6379/0' },
  { test: (n, c) => c === 'url' || /_URL$|_URI$/.test(n), value: 'http://localhost/' },
  { test: (n, c) => c === 'int' || c === 'float' || c === 'decimal' || c === 'bool' || /(^|_)(PORT|DEBUG|TIMEOUT|WORKERS)$/.test(n), value: '0' },
  { test: (n) => /SECRET|KEY|TOKEN|PASSWORD|PASSWD/.test(n), value: BUILD_ONLY_SECRET },
  { test: (n, c) => c === 'list' || c === 'tuple' || /HOSTS|ORIGINS/.test(n), value: 'localhost' },
  { test: (_n, c) => c === 'json', value: '{}' },
  { test: (_n, c) => c === 'dict', value: 'pyenvc=build-only' },
  { test: (_n, c) => c === 'path', value: '/tmp' },
  { test: () => true, value: 'pyenvc-build-only' },
];

/** The throwaway value for a variable. */
export function buildOnlyValue(name: string, cast: string | undefined): string {
  return BUILD_ONLY_VALUES.find((v) => v.test(name, cast))!.value;
}
