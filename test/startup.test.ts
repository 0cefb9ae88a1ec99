import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

const DIST = join(ROOT, 'dist');

/** Static imports of a built module: relative ones resolved to files, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)].map((m) => {
    const spec = (m[1] ?? m[2])!;
    return spec.startsWith('.') ? resolve(dirname(file), spec) : spec;
  });
}

/** Everything a module loads at import time, transitively (dynamic `import()` excluded). */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.startsWith('/')) todo.push(...importsOf(file));
  }
  return seen;
}

const inDist = (set: Set<string>, folder: string) => [...set].filter((f) => f.startsWith(join(DIST, folder)));

describe('start-up stays lean: each command loads only its own code', () => {
  it('main.js imports no command module statically (they are imported in their handlers)', () => {
    const direct = importsOf(join(DIST, 'cli', 'main.js'));
    expect(direct.filter((f) => f.includes(`${join('cli', 'commands')}`))).toEqual([]);
    expect(readFileSync(join(DIST, 'cli', 'main.js'), 'utf8')).toMatch(/await import\('\.\/commands\/compile\.js'\)/);
  });

  it('compile loads neither explain nor init; explain and init do not load each other', () => {
    const compile = closure(join(DIST, 'cli', 'commands', 'compile.js'));
    expect(compile.has(join(DIST, 'index.js')) && compile.has('yaml') && compile.has('diff')).toBe(true); // the walk sees the graph
    expect(inDist(compile, 'explain')).toEqual([]);
    expect(inDist(compile, 'init')).toEqual([]);
    // compile reads pyproject.toml and Pipfile through the shared project reader (src/project/), so the
    // TOML parser is part of it since init and compile share one reader (issue 11, item 0).
    expect(compile.has('smol-toml')).toBe(true);
    const explain = closure(join(DIST, 'cli', 'commands', 'explain.js'));
    expect(inDist(explain, 'init')).toEqual([]);
    expect(explain.has('diff')).toBe(false);
    const init = closure(join(DIST, 'cli', 'commands', 'init.js'));
    expect(inDist(init, 'explain')).toEqual([]);
    expect(inDist(init, 'write')).toEqual([]);
  });
});
