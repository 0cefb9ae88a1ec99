// Credential files people keep next to a project never reach the build context (issue 13, items 1-2):
// Docker's own matching rules (@balena/dockerignore) on the generated .dockerignore lines, at the root
// and below it; ordinary project files and Python modules named like credentials still do; a
// project.ignore `!` line that brings one back is a warning naming it.
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_FILES } from '../src/catalog/credentials.js';
import { compile } from '../src/index.js';
import { dockerignoreMatcher } from '../src/manifest/dockerignore-matcher.js';
import { BASE_IGNORE } from '../src/passes/dockerignore-lines.js';

const base = dockerignoreMatcher(BASE_IGNORE);
const FILES: Record<string, string> = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': '' };
const compileWith = (ignore: string[]) =>
  compile({ file: 'pyenv.yaml', text: `version: 1\nname: demo\npreset: flask\nproject:\n  ignore: ${JSON.stringify(ignore)}\n`, readFile: (p) => FILES[p] });

describe('the .dockerignore baseline keeps credentials out of the build context', () => {
  it.each(CREDENTIAL_FILES.map((c) => c.example))('excludes %s, at the root and two folders down', (example) => {
    expect(base.ignores(example), example).toBe(true);
    expect(base.ignores(`services/web/${example}`), `services/web/${example}`).toBe(true);
  });

  it.each(['pip.conf', '.netrc', '.pypirc', '.condarc', 'auth.toml', '.ssh/id_rsa', 'id_rsa.pub', 'id_ed25519', '.aws/credentials', '.docker/config.json', 'kubeconfig', '.git-credentials', 'service-account-credentials.json', 'uv-credentials.env', 'deep/er/cert.pem', 'x/tls.key', 'api/.env.local'])(
    'the issue\'s list: %s',
    (path) => expect(base.ignores(path)).toBe(true),
  );

  it.each(['app.py', 'requirements.txt', 'pyproject.toml', 'src/shop/__init__.py', 'app/credentials.py', 'shop/auth/credentials.py', 'templates/index.html', 'static/app.js', 'notebooks/explore.ipynb', 'environment.yml', 'docker-entrypoint.sh', 'keys.py', 'monkey.py'])(
    'keeps %s',
    (path) => expect(base.ignores(path)).toBe(false),
  );
});

describe('the baseline has no ! line, so the lines carried before it cannot undo it', () => {
  it('no baseline line is a negation', () => {
    expect(BASE_IGNORE.filter((l) => l.startsWith('!'))).toEqual([]);
  });

  // The six *credentials* lines replace `**/*credentials*` followed by `!**/*credentials*.py`.
  const before = dockerignoreMatcher(['**/*credentials*', '!**/*credentials*.py']);
  const after = dockerignoreMatcher(BASE_IGNORE.filter((l) => l.includes('credentials') && !l.includes('git-credentials')));
  it.each(['credentials', 'credentials1', 'credentialsy', 'credentialspy', 'credentials.py', 'credentials.pyc', 'credentials.py.bak', 'my_credentials.py', 'credentials.copy', 'credentials.key', 'credentials.yaml', 'credentials.json', 'x/db-credentials.ini', 'credentials_1', 'credentials.p', 'a/b/credentials.py', 'credentials/__init__.py', 'keys.py'])(
    'the same decision for %s',
    (path) => expect(after.ignores(path)).toBe(before.ignores(path)),
  );

  it('a .gitignore line excluding a Python module named like a credentials file is not undone by the baseline', () => {
    const r = compile({ file: 'pyenv.yaml', text: 'version: 1\nname: demo\npreset: flask\n', readFile: (p) => ({ ...FILES, '.gitignore': 'local_credentials.py\n' })[p] });
    expect(dockerignoreMatcher(r.plan!.finalize.ignore).ignores('app/local_credentials.py')).toBe(true);
    expect(dockerignoreMatcher(r.plan!.finalize.ignore).ignores('app/credentials.py')).toBe(false);
  });
});

describe('project.ignore re-including a credential file warns (PYENV520)', () => {
  it.each([
    ['!.env', '.env'],
    ['!secrets/**', 'secrets/jupyter_token'],
    ['!**/*.pem', 'certs/server.pem'],
    ['!pip.conf', 'pip.conf'],
  ])('%s names %s', (line, example) => {
    const r = compileWith([line]);
    expect(r.ok).toBe(true);
    const warning = r.diagnostics.find((d) => d.code === 'PYENV520');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain(example);
    expect([warning?.line, warning?.column]).toEqual([5, 12]);
  });

  it('an exception that re-includes nothing secret does not warn', () => {
    for (const lines of [['data/', '!data/keep.csv'], ['*.csv'], ['!README.md']]) expect(compileWith(lines).diagnostics.filter((d) => d.code === 'PYENV520'), lines.join(' ')).toEqual([]);
  });
});
