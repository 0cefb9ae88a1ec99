// F1 of the trial: the .gitignore of the build context is carried into the generated .dockerignore.
// git itself is the oracle for "ignored" (`git ls-files --ignored`, test/helpers/git-oracle.ts) and
// @balena/dockerignore, which mirrors Docker's matcher, reads the translated lines: a file git ignores
// is excluded from the build context, a file git keeps is not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dockerignoreMatcher } from '../src/manifest/dockerignore-matcher.js';
import { translateGitignore } from '../src/project/gitignore.js';
import { translateGitignoreTree } from '../src/project/gitignore-tree.js';
import { gitIgnored, HAS_GIT } from './helpers/git-oracle.js';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20_260_601;
const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), seed });

/** The files of `tree` (not the .gitignore files) that Docker excludes with the translated lines. */
function dockerIgnored(tree: Readonly<Record<string, string>>): Set<string> {
  const gitignores = Object.entries(tree)
    .filter(([p]) => p === '.gitignore' || p.endsWith('/.gitignore'))
    .map(([path, text]) => ({ path, text }));
  const matcher = dockerignoreMatcher(translateGitignoreTree(gitignores).lines.map((l) => l.pattern));
  return new Set(Object.keys(tree).filter((p) => matcher.ignores(p)));
}

/** Both sides over the files that are not .gitignore files, sorted, for a readable failure. */
function compare(tree: Readonly<Record<string, string>>): { git: string[]; docker: string[] } {
  const files = (set: Set<string>) => [...set].filter((p) => !p.endsWith('.gitignore')).sort();
  return { git: files(gitIgnored(tree)), docker: files(dockerIgnored(tree)) };
}

const TRIAL_TREE = {
  'app.db': '',
  'logs/microblog.log': '',
  'logs/old/microblog.log.1': '',
  'db.sqlite3': '',
  'locallibrary/local_settings.py': '',
  'locallibrary/settings.py': '',
  'instance/config.py': '',
  'instance/flaskr.sqlite': '',
  'flaskr/instance.py': '',
  'postgres-data/PG_VERSION': '',
  'app/lib/util.py': '',
  'build': 'a script named build, not a folder',
  'site/index.html': '',
  'docs/site/index.html': '',
  'requirements.txt': '',
  'notes.txt': '',
  'keep/me.txt': '',
  'a+b(c).txt': '',
  'x y.txt': '',
  'main.pyc': '',
  'main.py': '',
};

describe.skipIf(!HAS_GIT)('translated .gitignore lines exclude what git ignores, and nothing else', () => {
  it.each([
    ['the trial repositories\' lines', 'app.db\nmicroblog.log*\ndb.sqlite3\nlocal_settings.py\ninstance/\n/postgres-data\nlib/\n'],
    ['folder-only patterns never exclude a file of that name', 'build/\nsite/\n'],
    ['anchored patterns', '/site\ndocs/site/\n/main.py[cod]\n'],
    ['** in all its places', '**/old\nlogs/**\n**/*.log\napp/**/util.py\n**/\n'],
    ['negations keep their order', '*.txt\n!requirements.txt\n!keep/*.txt\n'],
    ['classes, escapes, regular-expression characters and spaces', '*.py[!y]\na+b(c).txt\nx\\ y.txt\n[n]otes.txt\n'],
    ['comments, blank lines, CRLF and trailing spaces', '# comment\r\n\r\napp.db   \r\n\\#not-a-comment\r\n'],
    ['a pattern git cannot read is left out', 'notes[.txt\n./app.db\n'],
  ])('%s', (_name, gitignore) => {
    const { git, docker } = compare({ ...TRIAL_TREE, '.gitignore': gitignore });
    expect(docker).toEqual(git);
  });

  it('a nested .gitignore applies below its folder and wins over its parents', () => {
    const tree = { ...TRIAL_TREE, '.gitignore': '*.txt\n', 'keep/.gitignore': '!me.txt\n*.py\n', 'app/.gitignore': '/lib\n' };
    expect(compare(tree).docker).toEqual(compare(tree).git);
    expect(compare(tree).git).toContain('notes.txt');
    expect(compare(tree).git).not.toContain('keep/me.txt');
  });

  it('a nested .gitignore that excludes itself is not read: a tool wrote it, and no clone has it', () => {
    const r = translateGitignoreTree([
      { path: '.gitignore', text: 'app.db\n' },
      { path: 'htmlcov/.gitignore', text: '# Created by coverage.py\n*\n' },
      { path: 'instance/.gitignore', text: '*\n!.gitignore\n' },
    ]);
    expect(r.lines.map((l) => l.pattern)).toEqual(['**/app.db', 'instance/**/*', '!instance/**/.gitignore']);
  });

  it('a .gitignore inside a folder git excludes is not read (git never enters the folder)', () => {
    const tree = { ...TRIAL_TREE, '.gitignore': 'logs/\n', 'logs/.gitignore': '!*.log\n' };
    expect(compare(tree).docker).toEqual(compare(tree).git);
    expect(compare(tree).git).toContain('logs/microblog.log');
  });

  // The grammar: names that are files in some places and folders in others, wildcards, classes,
  // anchoring, folder-only patterns and `**`, at the root and in a nested .gitignore.
  const NAMES = ['a', 'b', 'a.log', 'b.txt', 'c.py', '.x'];
  const FOLDERS = ['a', 'b', 'd', 'a.log'];
  const pathArbitrary = fc.tuple(fc.array(fc.constantFrom(...FOLDERS), { maxLength: 2 }), fc.constantFrom(...NAMES)).map(([dirs, name]) => [...dirs, name].join('/'));
  const treeArbitrary = fc.uniqueArray(pathArbitrary, { minLength: 1, maxLength: 14 }).map((paths) => {
    // A path cannot be a file and a folder at once: keep the first meaning it gets.
    const files = new Set<string>();
    for (const p of paths) {
      const parents = p.split('/').slice(0, -1).map((_, i, all) => all.slice(0, i + 1).join('/'));
      if (parents.some((d) => files.has(d)) || [...files].some((f) => f.startsWith(`${p}/`))) continue;
      files.add(p);
    }
    return [...files];
  });
  const SEGMENTS = ['a', 'b', 'd', '*', '**', '*.log', '?', 'a*', '[ab]', '[!a]*', 'b.txt', '.x', 'a.log', 'c.p[!y]'];
  const patternArbitrary = (negations: boolean) =>
    fc
      .record({
        negated: negations ? fc.boolean() : fc.constant(false),
        leading: fc.boolean(),
        segments: fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }),
        trailing: fc.boolean(),
      })
      .map(({ negated, leading, segments, trailing }) => `${negated ? '!' : ''}${leading ? '/' : ''}${segments.join('/')}${trailing ? '/' : ''}`);
  const caseArbitrary = (negations: boolean) =>
    fc.record({
      files: treeArbitrary,
      root: fc.array(patternArbitrary(negations), { minLength: 1, maxLength: 5 }),
      nested: fc.option(fc.record({ folder: fc.constantFrom('a', 'd', 'a/b'), patterns: fc.array(patternArbitrary(negations), { minLength: 1, maxLength: 3 }) })),
    });
  const treeOf = ({ files, root, nested }: { files: string[]; root: string[]; nested: { folder: string; patterns: string[] } | null }) => {
    const tree: Record<string, string> = Object.fromEntries(files.map((f) => [f, '']));
    tree['.gitignore'] = `${root.join('\n')}\n`;
    // The nested file only where its folder is a folder of the tree, and not one that excludes
    // itself: pyenvc skips those on purpose (a tool's cache folder; never in a clone).
    const text = nested ? `${nested.patterns.join('\n')}\n` : '';
    const path = nested ? `${nested.folder}/.gitignore` : '';
    const selfIgnoring = nested && dockerignoreMatcher(translateGitignore(text, nested.folder).lines.map((l) => l.pattern)).ignores(path);
    if (nested && !selfIgnoring && files.some((f) => f.startsWith(`${nested.folder}/`))) tree[path] = text;
    return tree;
  };

  it('property: without ! lines, Docker excludes exactly the files git ignores', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(caseArbitrary(false), (c) => {
        const { git, docker } = compare(treeOf(c));
        expect(docker).toEqual(git);
      }),
      runs(100),
    );
  });

  // With ! lines the one documented difference remains: Docker can re-include a file inside a folder
  // git excludes (a `!` line matching the file, or one matching a folder above it), which git cannot.
  // The translation never goes the other way: a file git keeps is never excluded.
  it('property: with ! lines, Docker never excludes a file git keeps', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(caseArbitrary(true), (c) => {
        const { git, docker } = compare(treeOf(c));
        expect(docker.filter((f) => !git.includes(f))).toEqual([]);
      }),
      runs(100),
    );
  });

  it.each([
    ['*.txt\n!requirements.txt\n'],
    ['/keep/*\n!/keep/me.txt\n'],
    ['logs/*\n!logs/old/\n'],
    ['/*\n!/flaskr/\n!/requirements.txt\n'],
    ['logs/\n!logs/microblog.log\n'],
    ['instance/\n!instance/config.py\n'],
  ])('the usual ! idioms are exact: %j', (gitignore) => {
    const tree = { ...TRIAL_TREE, 'flaskr/__init__.py': '', '.gitignore': gitignore };
    expect(compare(tree).docker).toEqual(compare(tree).git);
  });
});

describe('translation rules, line by line', () => {
  const one = (line: string, base = '') => translateGitignore(`${line}\n`, base).lines.map((l) => l.pattern);
  it.each([
    ['app.db', '**/app.db'],
    ['/postgres-data', 'postgres-data'],
    ['instance/', '**/instance/**'],
    ['docs/_build/', 'docs/_build/**'],
    ['foo/**/', 'foo/*/**'],
    ['a**b', '**/a*b'],
    ['*.py[cod]', '**/*.py[cod]'],
    ['*.py[!cod]', '**/*.py[^\\x2fcod]'],
    ['[[:digit:]]*', '**/[0-9]*'],
    ['a+b(c)', '**/a\\+b\\(c\\)'],
    ['x\\ ', '**/x[ ]'],
    ['\\#tag', '**/\\#tag'],
    ['!keep.log', '!**/keep.log'],
  ])('%s → %s', (line, expected) => expect(one(line)).toEqual([expected]));

  it('a nested .gitignore writes its folder in front', () => {
    expect(one('*.log', 'services/api')).toEqual(['services/api/**/*.log']);
    expect(one('/local', 'services/api')).toEqual(['services/api/local']);
  });

  it('a ! line inside a folder git excludes is left out: it has no effect in git', () => {
    const r = translateGitignoreTree([{ path: '.gitignore', text: 'logs/\n!logs/.gitkeep\n!keep.txt\n' }]);
    expect(r.lines.map((l) => l.pattern)).toEqual(['**/logs/**', '!**/keep.txt']);
    expect(r.skipped).toMatchObject([{ file: '.gitignore', line: 2, text: '!logs/.gitkeep' }]);
  });

  it('lines git cannot match are left out with the reason', () => {
    const r = translateGitignore('./postgres-data\nnotes[.txt\nx\\\n[[:word:]]\n', '');
    expect(r.lines).toEqual([]);
    expect(r.skipped.map((s) => s.line)).toEqual([1, 2, 3, 4]);
  });
});
