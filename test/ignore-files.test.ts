// F1 of the trial, end to end through compile(): the .gitignore and the project's own .dockerignore
// reach the generated .dockerignore, a file the build needs is never lost to them, and the opt-out,
// the notes and `explain` say where each line came from. The translation itself, against git, is
// test/gitignore.test.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainPlan } from '../src/explain/explain.js';
import { compile, type CompileResult } from '../src/index.js';
import { dockerignoreMatcher } from '../src/manifest/dockerignore-matcher.js';
import { normalizeManifest } from '../src/manifest/normalize.js';
import { loadManifest } from '../src/manifest/load.js';
import { compileFolder, FIXTURES, renderAll } from './helpers/fixtures.js';

const FLASK = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'app = None\n' };

function compileWith(manifest: string, files: Record<string, string>, listing?: string[]): CompileResult {
  return compile({ file: 'pyenv.yaml', text: manifest, readFile: (p) => files[p], ...(listing ? { files: listing } : {}) });
}

const FLASK_MANIFEST = 'version: 1\nname: demo\npreset: flask\n';
const ignored = (r: CompileResult) => {
  expect(r.ok, renderAll(r)).toBe(true);
  const m = dockerignoreMatcher(r.plan!.finalize.ignore);
  return (path: string) => m.ignores(path);
};
const codes = (r: CompileResult) => r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`);

describe('the trial repositories: files kept out of git stay out of the image', () => {
  it('Flask tutorial: instance/config.py (SECRET_KEY) and instance/flaskr.sqlite', () => {
    const r = compileFolder(join(FIXTURES, 'flask-tutorial-instance'));
    const out = ignored(r);
    for (const p of ['instance/config.py', 'instance/flaskr.sqlite', 'flaskr/__pycache__/x.pyc', 'notes.swp']) expect(out(p), p).toBe(true);
    for (const p of ['flaskr/__init__.py', 'requirements.txt']) expect(out(p), p).toBe(false);
    expect(r.artifacts.find((a) => a.path === '.dockerignore')!.contents).toContain("# From .gitignore: git's patterns rewritten for Docker (project.gitignore: false leaves them out)\n**/venv/**\n");
  });

  it('Django: db.sqlite3, local_settings.py and logs, and the !requirements.txt after *.txt keeps the requirements', () => {
    const out = ignored(compileFolder(join(FIXTURES, 'django-local-settings')));
    for (const p of ['db.sqlite3', 'mysite/local_settings.py', 'logs/debug.log', 'notes.txt', 'media/upload.png']) expect(out(p), p).toBe(true);
    for (const p of ['requirements.txt', 'mysite/settings.py', 'mysite/wsgi.py']) expect(out(p), p).toBe(false);
  });

  it("a repository with its own Dockerfile and .dockerignore: its lines are carried into pyenvc's, requirements.txt is kept back in", () => {
    const r = compileFolder(join(FIXTURES, 'own-dockerignore'));
    const out = ignored(r);
    for (const p of ['postgres-data/PG_VERSION', 'postman_tests/collection.json', 'Procfile', 'README.rst', '.env.example']) expect(out(p), p).toBe(true);
    for (const p of ['requirements.txt', 'app/main.py']) expect(out(p), p).toBe(false);
    expect(codes(r)).toEqual(['.dockerignore:5:1 note PYENV521']);
    expect(r.artifacts.map((a) => a.path)).toContain('pyenvc.Dockerfile.dockerignore');
  });

  it('the trial rows without a .gitignore: the local-state defaults', () => {
    const out = ignored(compileWith(FLASK_MANIFEST, FLASK));
    for (const p of ['db.sqlite3', 'db.sqlite3-journal', 'instance/config.py', 'instance/flaskr.sqlite', 'logs/microblog.log', 'mysite/local_settings.py']) expect(out(p), p).toBe(true);
    for (const p of ['app.db', 'data/geo.db', 'app/instance/models.py', 'app.py']) expect(out(p), p).toBe(false);
  });

  it("a Python package called instance, or one holding a copied file, is not Flask's instance folder", () => {
    expect(ignored(compileWith(FLASK_MANIFEST, { ...FLASK, 'instance/__init__.py': '' }))('instance/models.py')).toBe(false);
    expect(ignored(compileWith(`${FLASK_MANIFEST}project:\n  copy: [app.py, instance/]\n`, FLASK))('instance/models.py')).toBe(false);
  });
});

describe('a file the build needs is never lost to a carried line', () => {
  it('.gitignore *.txt excludes requirements.txt: kept with a warning at the .gitignore line', () => {
    const r = compileWith(FLASK_MANIFEST, { ...FLASK, '.gitignore': '# generated\n*.txt\n' });
    const out = ignored(r);
    expect(out('requirements.txt')).toBe(false);
    expect(out('notes.txt')).toBe(true);
    expect(codes(r)).toContain('.gitignore:2:1 warning PYENV521');
    const warning = r.diagnostics.find((d) => d.code === 'PYENV521')!;
    expect(warning.message).toBe('dependency file "requirements.txt" is excluded by this .gitignore line, and the build needs it: pyenvc keeps it in the build context ("!requirements.txt" in the generated .dockerignore)');
    expect(warning.hint).toContain('git add --force requirements.txt');
    expect(r.plan!.finalize.imported).toContainEqual({ pattern: '!requirements.txt', kind: 'kept', file: '.gitignore', line: 2, text: '*.txt' });
  });

  it('a library-style .gitignore that leaves out poetry.lock: the lock is kept', () => {
    const files = { '.gitignore': 'poetry.lock\n', 'pyproject.toml': '[tool.poetry]\nname = "demo"\nversion = "1.0"\n[tool.poetry.dependencies]\npython = "^3.11"\nflask = "*"\ngunicorn = "*"\n', 'poetry.lock': '# lock\n[metadata]\nlock-version = "2.0"\n', 'app.py': 'app = None\n' };
    const r = compileWith(`${FLASK_MANIFEST}dependencies:\n  poetry: {}\n`, files);
    expect(ignored(r)('poetry.lock')).toBe(false);
    expect(codes(r)).toContain('.gitignore:1:1 warning PYENV521');
  });

  it('a copied folder and the entrypoint script too, written as exact patterns', () => {
    const r = compileWith(`${FLASK_MANIFEST}project:\n  copy: [app.py, "data (v2)/"]\n`, { ...FLASK, '.gitignore': 'data*/\ndocker-entrypoint.sh\n' });
    const out = ignored(r);
    expect(out('data (v2)/rows.csv')).toBe(false);
    expect(out('docker-entrypoint.sh')).toBe(false);
    expect(out('data2/rows.csv')).toBe(true);
    expect(r.plan!.finalize.imported!.filter((l) => l.kind === 'kept').map((l) => l.pattern)).toEqual(['!docker-entrypoint.sh', '!data[ ]\\(v2\\)']);
  });

  it("a .gitignore ! line cannot bring back what pyenvc's baseline excludes", () => {
    const out = ignored(compileWith(FLASK_MANIFEST, { ...FLASK, '.gitignore': '.env*\n!.env.example\n!.venv/\n' }));
    expect(out('.env.example')).toBe(true);
    expect(out('.venv/bin/python')).toBe(true);
  });
});

describe('which files are carried', () => {
  it('project.gitignore: false leaves the .gitignore out', () => {
    const r = compileWith(`${FLASK_MANIFEST}project:\n  gitignore: false\n`, { ...FLASK, '.gitignore': '*.mo\n' });
    expect(ignored(r)('app/translations/de/LC_MESSAGES/messages.mo')).toBe(false);
    expect(r.plan!.finalize.imported).toBeUndefined();
    expect(r.plan!.finalize.ignore.join('\n')).not.toContain('From .gitignore');
  });

  it('nested .gitignore files from the folder listing, below their folder', () => {
    const files = { ...FLASK, '.gitignore': '*.log\n', 'app/.gitignore': '/uploads\n' };
    const r = compileWith(FLASK_MANIFEST, files, [...Object.keys(files), 'app/uploads/a.png', 'uploads/logo.png'].sort());
    const out = ignored(r);
    expect(out('app/uploads/a.png')).toBe(true);
    expect(out('uploads/logo.png')).toBe(false);
    expect(r.plan!.finalize.ignore).toContain('# From app/.gitignore: git\'s patterns rewritten for Docker (project.gitignore: false leaves them out)');
  });

  it("with project.context, the context's .gitignore, named from the manifest's folder", () => {
    const files = { 'app/requirements.txt': 'flask\ngunicorn\n', 'app/app.py': 'app = None\n', 'app/.gitignore': '*.txt\nsecret.cfg\n', '.gitignore': 'app.py\n' };
    const r = compileWith(`${FLASK_MANIFEST}project:\n  context: app\ndependencies:\n  pip:\n    requirements: [app/requirements.txt]\n`, files);
    const out = ignored(r);
    expect(out('secret.cfg')).toBe(true);
    expect(out('app.py')).toBe(false);
    expect(codes(r)).toContain('app/.gitignore:1:1 warning PYENV521');
    expect(r.plan!.finalize.imported!.at(-1)).toEqual({ pattern: '!requirements.txt', kind: 'kept', file: 'app/.gitignore', line: 1, text: '*.txt' });
  });

  it("the project's .dockerignore only beside pyenvc's own file, and never one pyenvc wrote", () => {
    const own = { ...FLASK, Dockerfile: 'FROM python\n', '.dockerignore': '  # not a comment once trimmed\n# a comment\n\n  data/  \n' };
    const separate = `${FLASK_MANIFEST}output:\n  dockerfile: pyenvc.Dockerfile\n  dockerignore: pyenvc.Dockerfile.dockerignore\n`;
    const r = compileWith(separate, own);
    expect(r.plan!.finalize.imported).toEqual([
      { pattern: '\\# not a comment once trimmed', kind: 'dockerignore', file: '.dockerignore', line: 1, text: '# not a comment once trimmed' },
      { pattern: 'data/', kind: 'dockerignore', file: '.dockerignore', line: 4, text: 'data/' },
    ]);
    // Writing .dockerignore itself: it is replaced, not read (compile refuses to overwrite it without --force).
    expect(compileWith(FLASK_MANIFEST, own).plan!.finalize.imported).toBeUndefined();
    const generated = compileWith(FLASK_MANIFEST, FLASK).artifacts.find((a) => a.path === '.dockerignore')!.contents;
    expect(compileWith(separate, { ...FLASK, '.dockerignore': generated }).plan!.finalize.imported).toBeUndefined();
  });

  it('a .dockerignore line Docker cannot read is left out with a warning at its line', () => {
    const r = compileWith(`${FLASK_MANIFEST}output:\n  dockerignore: Dockerfile.dockerignore\n`, { ...FLASK, '.dockerignore': 'ok/\n  x[\n' });
    expect(codes(r)).toContain('.dockerignore:2:3 warning PYENV523');
    expect(r.plan!.finalize.imported!.map((l) => l.pattern)).toEqual(['ok/']);
  });

  it('a .gitignore line git cannot match is left out with a warning at its line', () => {
    const r = compileWith(FLASK_MANIFEST, { ...FLASK, '.gitignore': 'logs/\n!logs/.gitkeep\n./postgres-data\n' });
    expect(codes(r)).toEqual(expect.arrayContaining(['.gitignore:2:1 warning PYENV523', '.gitignore:3:1 warning PYENV523']));
    expect(r.plan!.finalize.imported!.map((l) => l.pattern)).toEqual(['**/logs/**']);
  });
});

describe('the local-state note (PYENV524)', () => {
  const listing = ['app.py', 'data/zip.sqlite', 'db.sqlite3', 'requirements.txt'];
  it('names what only the defaults leave out, when the listing is known', () => {
    const r = compileWith(FLASK_MANIFEST, FLASK, listing);
    const note = r.diagnostics.find((d) => d.code === 'PYENV524')!;
    expect(note.severity).toBe('note');
    expect(note.message).toContain('data/zip.sqlite, db.sqlite3');
    expect(note.hint).toContain('"!data/zip.sqlite"');
  });

  it('is silent for files the .gitignore excludes anyway, and for those project.ignore brings back', () => {
    expect(codes(compileWith(FLASK_MANIFEST, { ...FLASK, '.gitignore': '*.sqlite*\n' }, [...listing, '.gitignore']))).not.toContain('pyenv.yaml:1:1 note PYENV524');
    const back = compileWith(`${FLASK_MANIFEST}project:\n  ignore: ["!data/zip.sqlite"]\n`, FLASK, listing);
    expect(back.diagnostics.find((d) => d.code === 'PYENV524')!.message).not.toContain('zip.sqlite');
  });
});

it('explain names the file and line behind each carried line', () => {
  const text = `${FLASK_MANIFEST}output:\n  dockerignore: Dockerfile.dockerignore\n`;
  const r = compileWith(text, { ...FLASK, '.gitignore': 'instance/\n*.txt\n', '.dockerignore': 'postgres-data\n' });
  const loaded = loadManifest('pyenv.yaml', text).loaded!;
  const rows = explainPlan(r.plan!, normalizeManifest(loaded).manifest).find((s) => s.section === 'finalize')!.values;
  const at = rows.findIndex((v) => v.field === 'ignore');
  expect(rows.slice(at + 1, at + 5).map((v) => [v.field, v.value, v.from[0]!.origin])).toEqual([
    ['ignore.gitignore', '**/instance/**', { kind: 'detection', rule: '.gitignore:1 instance/' }],
    ['ignore.gitignore', '**/*.txt', { kind: 'detection', rule: '.gitignore:2 *.txt' }],
    ['ignore.dockerignore', 'postgres-data', { kind: 'detection', rule: '.dockerignore:1 postgres-data' }],
    ['ignore.kept', '!requirements.txt', { kind: 'detection', rule: 'the build needs it; .gitignore:2 *.txt excludes it' }],
  ]);
});

describe("pyenvc's own files stay out of the image (trial 3: Azure-Samples quickstarts shipped pyenv.yaml and the Dockerfile in /app)", () => {
  it('the manifest, the Dockerfile and the .dockerignore are excluded, under any names, and only inside the build context', () => {
    const plain = ignored(compileWith(FLASK_MANIFEST, FLASK));
    for (const f of ['pyenv.yaml', 'Dockerfile', '.dockerignore']) expect(plain(f), f).toBe(true);
    expect(plain('app.py')).toBe(false);
    const named = compile({ file: 'deploy/pyenv.web.yaml', text: `${FLASK_MANIFEST}output: { dockerfile: web.Dockerfile }\n`, readFile: (p) => (FLASK as Record<string, string>)[p] });
    const m = ignored(named);
    expect(m('pyenv.web.yaml')).toBe(true);
    expect(m('web.Dockerfile')).toBe(true);
    // A context below the manifest folder holds neither the manifest nor the Dockerfile: no line names them.
    const below = compileWith(`${FLASK_MANIFEST}project: { context: src }\n`, { 'src/requirements.txt': 'flask\ngunicorn\n', 'src/app.py': 'app = None\n' });
    expect(below.ok, renderAll(below)).toBe(true);
    expect(below.plan!.finalize.ignore).not.toContain('pyenv.yaml');
    expect(below.plan!.finalize.ignore).toContain('.dockerignore');
  });

  it('a file the Dockerfile copies by name is never excluded (project.copy naming the manifest)', () => {
    const r = compileWith(`${FLASK_MANIFEST}project: { copy: [app.py, pyenv.yaml] }\n`, FLASK);
    expect(r.plan!.finalize.ignore).not.toContain('pyenv.yaml');
    expect(ignored(r)('Dockerfile')).toBe(true);
  });
});
