import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCase, codes } from '../helpers/case.js';
import { compileFolder, FIXTURES, goodFixtures } from '../helpers/fixtures.js';
import { dockerignoreMatcher } from '../../src/manifest/dockerignore-matcher.js';

/** Static checks of the build cases (layers, packages, context, credentials). */
describe('build cases', () => {
  it('C22 a distribution base image installs into a venv made with python3-venv, never the system Python', () => {
    const c = compileCase('case-c22-debian-base');
    expect(c.builder.from).toBe('debian:bookworm');
    expect(c.all(c.builder, 'RUN').join('\n')).toMatch(/apt-get install -y --no-install-recommends python3 python3-venv/);
    expect(c.all(c.builder, 'RUN')).toContain('python3 -m venv /opt/venv');
    const pip = c.all(c.builder, 'RUN').filter((r) => /pip install/.test(r));
    expect(pip.length).toBeGreaterThan(0);
    for (const r of pip) expect(r).toMatch(/(^|\s)pip install/); // the venv's pip, first on PATH
    expect(c.all(c.builder, 'ENV').join(' ')).toMatch(/PATH="\/opt\/venv\/bin:\$PATH"/);
    for (const text of Object.values(c.files)) expect(text).not.toMatch(/break-system-packages|PIP_BREAK_SYSTEM_PACKAGES/i);
    expect(c.all(c.runtime, 'RUN').join('\n')).toMatch(/install -y --no-install-recommends python3 tini/);
  });

  it('C23 the default variant is glibc slim; alpine is allowed with a warning, and one at each heavy requirement\'s line', () => {
    for (const name of goodFixtures().filter((n) => n !== 'case-c23-alpine')) expect(compileCase(name).runtime.from, name).not.toMatch(/alpine/);
    const c = compileCase('case-c23-alpine');
    expect(c.runtime.from).toBe('python:3.12-alpine');
    const warning = c.result.diagnostics.find((d) => d.code === 'PYENV305')!;
    expect(warning.severity).toBe('warning');
    expect(warning.hint).toContain('system.build_packages');
    const heavy = c.result.diagnostics.filter((d) => d.code === 'PYENV326');
    expect(heavy.map((d) => `${d.file}:${d.line}:${d.column} ${d.message.split(' ')[0]}`)).toEqual(['requirements.txt:1:1 numpy', 'requirements.txt:2:1 pandas', 'requirements.txt:3:1 scipy']);
    expect(c.all(c.runtime, 'RUN').join('\n')).toMatch(/apk add --no-cache tini/);
  });

  it('C27 system.packages land in the final stage only; with system.auto off, misplaced libraries get a hint at the requirement', () => {
    const c = compileCase('case-c27-opencv');
    expect(c.all(c.runtime, 'RUN').join('\n')).toMatch(/--no-install-recommends libgl1 libglib2\.0-0 &&/);
    expect(codes(c.result)).not.toContain('warning PYENV308');
    expect(codes(c.result)).not.toContain('note PYENV325'); // the manifest lists them already: nothing added
    const wrong = compileCase('case-c27-opencv-misplaced');
    expect(wrong.all(wrong.builder, 'RUN').join('\n')).toMatch(/libgl1 libglib2\.0-0/);
    expect(wrong.all(wrong.runtime, 'RUN').join('\n')).not.toMatch(/libgl1/);
    const hint = wrong.result.diagnostics.find((d) => d.code === 'PYENV308')!;
    expect([hint.file, hint.line, hint.column]).toEqual(['requirements.txt', 1, 1]);
    expect(hint.message).toContain('under system.build_packages');
    expect(hint.hint).toContain('opencv-python-headless');
  });

  it('C28 one apt step per stage: -y, --no-install-recommends, sorted packages, lists removed', () => {
    const c = compileCase('case-c28-apt');
    for (const [stage, packages] of [[c.builder, 'gcc'], [c.runtime, 'libpq5 tini tzdata']] as const) {
      const apt = c.all(stage, 'RUN').filter((r) => /apt-get/.test(r));
      expect(apt).toHaveLength(1);
      expect(apt[0]).toBe(`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages} && rm -rf /var/lib/apt/lists/*`);
    }
  });

  it('C29 .dockerignore (Docker matching rules) drops VCS, venvs, caches and secrets but never a file the build copies', () => {
    const c = compileCase('case-c29-dockerignore');
    const matcher = dockerignoreMatcher(c.files['.dockerignore']!.split('\n').filter((l) => l !== ''));
    for (const p of ['.venv/x', '.venv/lib/python3.11/site-packages/a.py', '.git/HEAD', 'a/b/__pycache__/c.pyc', 'x.pyc', '.env', '.env.local', 'sub/.env', '.ipynb_checkpoints/n.ipynb', 'n/.ipynb_checkpoints/x', 'data/big.parquet', 'notebooks/a.ipynb', 'table.csv', 'compose.yaml', 'secrets/jupyter_password', 'pyenv.yaml', 'Dockerfile']) {
      expect(matcher.ignores(p), p).toBe(true);
    }
    // The Dockerfile is read by Docker whatever .dockerignore says; COPY alone leaves it out
    // (https://docs.docker.com/build/concepts/context/#dockerignore-files): excluded above, like the manifest.
    for (const p of ['requirements.txt', 'main.py', 'docker-entrypoint.sh', 'environment.yml', 'poetry.lock', 'uv.lock', 'Pipfile.lock', 'src/app/__init__.py']) {
      expect(matcher.ignores(p), p).toBe(false);
    }
    const clash = compileFolder(join(FIXTURES, 'case-c29-dockerignore'), 'pyenv.yaml', (t) => t.replace('"*.csv"]', '"*.csv", "*.txt"]'));
    expect(codes(clash)).toContain('error PYENV502');
  });

  it('C30 the builder copies only dependency files (with -r/-c includes) before installing; code is copied last', () => {
    const c = compileCase('fastapi');
    const k = c.builder.instructions.map((i) => i.getKeyword());
    const install = c.all(c.builder, 'RUN').findIndex((r) => /pip install/.test(r));
    expect(install).toBeGreaterThan(-1);
    expect(c.all(c.builder, 'COPY')).toEqual(['requirements.txt requirements.txt', 'requirements/base.txt requirements/base.txt', 'requirements/constraints.txt requirements/constraints.txt']);
    expect(k.lastIndexOf('COPY')).toBeLessThan(k.lastIndexOf('RUN'));
    expect(c.all(c.builder, 'RUN')[install]).toMatch(/--mount=type=cache,target=\/root\/\.cache\/pip/);
    // Owned by root, read-only to the app user (issue 13 item 5).
    expect(c.all(c.runtime, 'COPY').at(-1)).toBe('. ./');
  });

  it('C31 index credentials only through a secret mount; no ARG/ENV carries secrets; credential URLs are refused', () => {
    const c = compileCase('case-c31-private-index');
    const pip = c.all(c.builder, 'RUN').find((r) => /pip install/.test(r))!;
    expect(pip).toContain('--mount=type=secret,id=pip_conf,target=/etc/pip.conf');
    for (const stage of c.stages) {
      for (const line of [...c.all(stage, 'ARG'), ...c.all(stage, 'ENV')]) {
        expect(line).not.toMatch(/token|password|secret|passwd|:\/\/[^/\s]*@/i);
      }
    }
    expect(c.files['Dockerfile']).not.toMatch(/^ARG PIP_INDEX_URL/m);
    const refused = compileFolder(join(FIXTURES, '_errors_', 'credentials-in-index-url'));
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics[0]).toMatchObject({ code: 'PYENV106', line: 8, column: 10 });
    expect(c.files['.dockerignore']).toMatch(/^\.env$/m);
  });
});
