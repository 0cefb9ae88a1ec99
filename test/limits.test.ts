import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { MAX_MANIFEST_BYTES } from '../src/manifest/load.js';

const H = 'version: 1\nname: demo\npreset: flask\n';
/** `unit` repeated to just under the size limit, after `head`. */
const fill = (head: string, unit: string, tail = '') => head + unit.repeat(Math.floor((MAX_MANIFEST_BYTES - head.length - tail.length - 1) / unit.length)) + tail;

/** Numbered lines after `head`, as many as fit under the size limit. */
function lines(head: string, line: (i: number) => string): string {
  let text = head;
  for (let i = 0; text.length + line(i).length + 1 < MAX_MANIFEST_BYTES; i++) text += `${line(i)}\n`;
  return text;
}

/**
 * The worst inputs of each kind at the size limit: what the YAML parser, the structure checks, the
 * schema validator and the renderer find most expensive. Each must come back in under a second
 * with diagnostics, never an exception.
 */
const CASES: Record<string, string> = {
  'a flow list of 16 000 items': fill(`${H}system:\n  packages: [`, '1,', '1]\n'),
  'a block list of 5 000 items': fill(`${H}system:\n  packages:\n`, '  - 1\n'),
  'thousands of syntax errors': fill('', ']\n'),
  'thousands of anchors': fill('', '&a '),
  'thousands of tags': fill('', '!a '),
  'nesting at every level': '['.repeat(MAX_MANIFEST_BYTES - 1),
  'deep block sequences': '- '.repeat(Math.floor((MAX_MANIFEST_BYTES - 1) / 2)),
  'thousands of duplicate keys': fill('', 'a: 1\n'),
  'thousands of unknown keys': lines(H, (i) => `key${i}: 1`),
  'thousands of valid env variables': lines(`${H}env:\n`, (i) => `  K${i}: "v$x \\ \"q\""`),
  'thousands of invalid env names': lines(`${H}env:\n`, (i) => `  ${i}K: x`),
  'wide aliases': fill(`${H}x: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\ny: [`, '*a, ', '*a]\n'),
  'one long value': fill(`${H}env:\n  A: "`, 'x', '"\n'),
  'one long line of quotes': fill('', '"'),
};

describe('pathological input at the size limit', () => {
  // The schema validator is compiled once per process; measure the inputs, not that.
  beforeAll(() => compile({ file: 'pyenv.yaml', text: H, readFile: () => undefined }));

  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: diagnostics in under a second, no exception`, () => {
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_MANIFEST_BYTES);
      const started = performance.now();
      const result = compile({ file: 'pyenv.yaml', text, readFile: (path) => (path.endsWith('.txt') ? 'flask==2.2.2\n' : undefined) });
      const elapsed = performance.now() - started;
      expect(elapsed, `${name} took ${elapsed.toFixed(0)} ms`).toBeLessThan(1000);
      for (const d of result.diagnostics.filter((x) => x.severity === 'error')) {
        expect(d.line).toBeGreaterThan(0);
        expect(d.hint).toBeTruthy();
      }
      expect(result.diagnostics.length).toBeLessThanOrEqual(25);
    });
  }
});
