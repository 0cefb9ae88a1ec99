import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFolder, errorFixtures, FIXTURES, renderAll } from './helpers/fixtures.js';

describe('error fixtures (fixtures/_errors_)', () => {
  for (const name of errorFixtures()) {
    it(`${name}: fails with the expected diagnostics`, async () => {
      const folder = join(FIXTURES, '_errors_', name);
      const started = performance.now();
      const result = compileFolder(folder);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(result.ok).toBe(false);
      expect(result.artifacts).toEqual([]);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const d of errors) {
        expect(d.code).toMatch(/^PYENV\d{3}$/);
        expect(d.hint, `${d.code} has a hint`).toBeTruthy();
        expect(d.line, `${d.code} has a position`).toBeGreaterThan(0);
      }
      await expect(renderAll(result)).toMatchFileSnapshot(join(folder, 'expected', 'stderr.txt'));
    });
  }
});
