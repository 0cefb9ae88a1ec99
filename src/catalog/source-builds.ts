/**
 * Well-known Python distributions that need operating-system packages: because PyPI has no Linux
 * wheel for them (pip compiles the sdist, so the builder needs a compiler and headers, and the final
 * stage the shared library the extension links to), or because their wheel links against a library
 * the slim images lack, or because they often have no musl wheel. One row per distribution (PEP 503
 * name); a new package is a new row, never new code (architecture rule 8). Read by
 * src/passes/source-builds.ts. Package names are Debian's (bookworm and trixie, the releases the
 * official python images are built on); each row cites the package's own install documentation.
 */

/** The Debian releases the official python images use (https://hub.docker.com/_/python: `-bookworm`, `-trixie` tags). */
export type DebianRelease = 'bookworm' | 'trixie';

/** What one distribution needs from the operating system. */
export interface SourceBuild {
  /**
   * How pip gets it on glibc Linux from PyPI: `sdist` (no Linux wheel: compiled at install time, so
   * `build` goes to the builder) or `wheel` (a manylinux wheel that still needs `runtime` libraries).
   */
  glibc: 'sdist' | 'wheel';
  /** True when musl (Alpine) often has no wheel for it, so it compiles there. */
  muslSource: boolean;
  /** Debian packages the builder needs to compile it (compiler, C library headers, the library's -dev package). */
  build: string[];
  /** Debian packages the final stage needs to import it (the shared libraries the extension links to), per release when the names differ. */
  runtime: string[] | Record<DebianRelease, string[]>;
  /** A distribution with the same import name that ships wheels and needs none of this. */
  alternative?: string;
  /** Where the facts come from (the package's install documentation). */
  source: string;
  /** When the row was last checked against `source` (YYYY-MM-DD). */
  checked: string;
}

/**
 * `gcc` alone does not compile C on a slim image: Debian's gcc only *recommends* libc6-dev (the C
 * library headers), and apt-get install --no-install-recommends leaves it out. The official python
 * images already carry the Python headers (/usr/local/include/python3.X, installed by their
 * `make install`: https://github.com/docker-library/python/blob/master/Dockerfile-linux.template), so
 * python3-dev is needed only on a distribution image (see src/passes/source-builds.ts).
 */
const C_COMPILER = ['gcc', 'libc6-dev'];

/** The table, keyed by PEP 503 normalised name. */
export const SOURCE_BUILDS: Readonly<Record<string, SourceBuild>> = {
  psycopg2: {
    glibc: 'sdist',
    muslSource: true,
    build: [...C_COMPILER, 'libpq-dev'],
    runtime: ['libpq5'],
    alternative: 'psycopg2-binary',
    source: 'https://www.psycopg.org/docs/install.html#build-prerequisites (a C compiler, Python and libpq headers, pg_config from libpq-dev; at run time the libpq library)',
    checked: '2026-12-03',
  },
  mysqlclient: {
    glibc: 'sdist',
    muslSource: true,
    build: [...C_COMPILER, 'default-libmysqlclient-dev', 'pkg-config'],
    runtime: ['libmariadb3'],
    alternative: 'pymysql (pure Python; Django: call pymysql.install_as_MySQLdb())',
    source: 'https://github.com/PyMySQL/mysqlclient#linux (`apt-get install python3-dev default-libmysqlclient-dev build-essential pkg-config`); Debian\'s default-libmysqlclient-dev is MariaDB Connector/C, whose library is libmariadb3 (https://packages.debian.org/bookworm/default-libmysqlclient-dev)',
    checked: '2026-12-03',
  },
  uwsgi: {
    glibc: 'sdist',
    muslSource: true,
    build: [...C_COMPILER],
    runtime: [],
    alternative: 'pyuwsgi (the same server as a wheel), or gunicorn',
    source: 'https://uwsgi-docs.readthedocs.io/en/latest/Install.html#installing-from-source ("To build uWSGI you need Python and a C compiler"; optional features are built only when their headers exist, so none are linked)',
    checked: '2026-12-03',
  },
  pycairo: {
    glibc: 'sdist',
    muslSource: true,
    build: [...C_COMPILER, 'libcairo2-dev', 'pkg-config'],
    runtime: ['libcairo2'],
    source: 'https://pycairo.readthedocs.io/en/latest/getting_started.html (Ubuntu/Debian: `apt install libcairo2-dev pkg-config python3-dev`)',
    checked: '2026-12-03',
  },
  'python-ldap': {
    glibc: 'sdist',
    muslSource: true,
    build: [...C_COMPILER, 'libldap2-dev', 'libsasl2-dev'],
    // OpenLDAP's library package is libldap-2.5-0 in bookworm and libldap2 again in trixie.
    runtime: { bookworm: ['libldap-2.5-0', 'libsasl2-2'], trixie: ['libldap2', 'libsasl2-2'] },
    source: 'https://www.python-ldap.org/en/latest/installing.html#debian (`apt-get install build-essential python3-dev libldap2-dev libsasl2-dev`); runtime names: https://packages.debian.org/bookworm/libldap2-dev, https://packages.debian.org/trixie/libldap2-dev',
    checked: '2026-12-03',
  },
  'opencv-python': {
    glibc: 'wheel',
    muslSource: true,
    build: [],
    runtime: ['libgl1', 'libglib2.0-0'],
    alternative: 'opencv-python-headless',
    source: 'https://github.com/opencv/opencv-python#installation-and-usage (the main packages need libGL; the headless packages are for servers and Docker)',
    checked: '2026-12-03',
  },
  'opencv-contrib-python': {
    glibc: 'wheel',
    muslSource: true,
    build: [],
    runtime: ['libgl1', 'libglib2.0-0'],
    alternative: 'opencv-contrib-python-headless',
    source: 'https://github.com/opencv/opencv-python#installation-and-usage',
    checked: '2026-12-03',
  },
  // Wheels for glibc, often none for musl (Alpine): nothing to add on Debian, a warning on Alpine.
  ...Object.fromEntries(
    ['numpy', 'pandas', 'scipy', 'scikit-learn', 'matplotlib', 'pyarrow', 'grpcio', 'lxml', 'torch'].map((name) => [
      name,
      { glibc: 'wheel', muslSource: true, build: [], runtime: [], source: 'https://pypi.org/project/' + name + '/#files (musllinux wheels only for some versions and architectures)', checked: '2026-12-03' } satisfies SourceBuild,
    ]),
  ),
};

/** The runtime packages of a row for a Debian release; undefined when they differ by release and the release is not known. */
export function runtimePackagesFor(row: SourceBuild, release: DebianRelease | undefined): string[] | undefined {
  if (Array.isArray(row.runtime)) return row.runtime;
  return release ? row.runtime[release] : undefined;
}
