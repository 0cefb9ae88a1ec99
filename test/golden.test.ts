import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFolder, FIXTURES, goodFixtures, renderAll } from './helpers/fixtures.js';

/** Lists files under a folder, relative, recursively. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('golden fixtures', () => {
  for (const name of goodFixtures()) {
    describe(name, () => {
      const folder = join(FIXTURES, name);
      const expected = join(folder, 'expected');
      const result = compileFolder(folder);

      it('compiles without errors', () => {
        expect(result.ok, renderAll(result)).toBe(true);
      });

      for (const artifact of result.artifacts) {
        it(`${artifact.path} matches expected/${artifact.path}`, async () => {
          await expect(artifact.contents).toMatchFileSnapshot(join(expected, artifact.path));
        });
      }

      it('plan.json matches', async () => {
        await expect(`${JSON.stringify(result.plan, null, 2)}\n`).toMatchFileSnapshot(join(expected, 'plan.json'));
      });

      it('diagnostics (warnings and notes) match expected/diagnostics.txt', async () => {
        await expect(renderAll(result)).toMatchFileSnapshot(join(expected, 'diagnostics.txt'));
      });

      it('expected/ holds no file that is no longer produced', () => {
        const produced = new Set([...result.artifacts.map((a) => a.path), 'plan.json', 'diagnostics.txt']);
        const stale = listFiles(expected).filter((f) => !produced.has(f));
        expect(stale).toEqual([]);
      });
    });
  }
});
