// Issue 13, item 11: control, zero-width and direction-changing characters in values written into the
// generated files are refused with the character's code point (they could make a reviewed diff lie:
// Trojan Source). A tab stays allowed.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { readWithProgram } from './helpers/fixtures.js';

const compileYaml = (text: string) => compile({ file: 'pyenv.yaml', text, readFile: readWithProgram() });
const WORKER = 'version: 1\nname: demo\npreset: worker\nrun:\n  command: ["python", "main.py"]\n';

describe('invisible and control characters', () => {
  it.each([
    ['\\e', '001B', 'ESC'],
    ['\\u202E', '202E', 'right-to-left override'],
    ['\\u2066', '2066', 'left-to-right isolate'],
    ['\\u200B', '200B', 'zero-width space'],
    ['\\u2028', '2028', 'line separator'],
    ['\\x85', '0085', 'next line (C1)'],
    ['\\x07', '0007', 'bell'],
    ['\\uFEFF', 'FEFF', 'zero-width no-break space'],
  ])('an env value with %s (%s, %s) is PYENV106 at the value, naming the code point', (escape, code) => {
    const r = compileYaml(`${WORKER}env:\n  GREETING: "hi${escape}x"\n`);
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.code === 'PYENV106')!;
    expect(d.message).toBe(`env.GREETING contains the invisible or control character U+${code} at character 3`);
    expect([d.line, d.column]).toEqual([7, 13]);
  });

  it('build.run, build.args and run.command strings are checked the same way', () => {
    for (const text of [
      `version: 1\nname: demo\npreset: worker\nrun:\n  command: "python main.py\\u202E"\n`,
      `version: 1\nname: demo\npreset: worker\nrun:\n  command: ["python", "main\\u200B.py"]\n`,
      `${WORKER}build:\n  run: ["echo \\e[2Jhi"]\n`,
      `${WORKER}build:\n  args:\n    GIT_SHA: "a\\u2029b"\n`,
    ]) {
      const r = compileYaml(text);
      expect(r.diagnostics.map((d) => d.code), text).toContain('PYENV106');
      expect(r.diagnostics.find((d) => d.code === 'PYENV106')!.message).toMatch(/invisible or control character U\+[0-9A-F]{4}/);
    }
  });

  it('a tab, accents and other visible unicode stay allowed', () => {
    const r = compileYaml(`${WORKER}env:\n  A: "tab\\there"\n  B: "café ☕ 日本"\n`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
