import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHeader, withHeader } from '../src/emit/text.js';
import { TEMPLATES } from '../src/generated/assets.js';
import { compile } from '../src/index.js';
import { artifactsOf, FIXTURES } from './helpers/fixtures.js';

// A Windows checkout (core.autocrlf) turns every text file to CRLF: the templates, the manifest and
// the requirement files. Generated files must still be LF, byte for byte the goldens (case C13).
// The templates are patched before anything in this file renders, so the CRLF versions are the ones compiled.
const original = { ...TEMPLATES };
for (const name of Object.keys(TEMPLATES)) TEMPLATES[name] = TEMPLATES[name]!.replace(/\n/g, '\r\n');

afterAll(() => {
  Object.assign(TEMPLATES, original);
});

describe('line endings', () => {
  it('CRLF templates, manifest and requirement files still give LF output identical to the goldens', () => {
    expect(Object.values(TEMPLATES).every((t) => t.includes('\r\n'))).toBe(true);
    for (const fixture of ['flask', 'jupyter-token']) {
      const folder = join(FIXTURES, fixture);
      const crlf = (t: string) => t.replace(/\n/g, '\r\n');
      const result = compile({ file: 'pyenv.yaml', text: crlf(readFileSync(join(folder, 'pyenv.yaml'), 'utf8')), readFile: (p) => (existsSync(join(folder, p)) ? crlf(readFileSync(join(folder, p), 'utf8')) : undefined) });
      expect(Object.values(result.sources).every((t) => t.includes('\r\n'))).toBe(true);
      const artifacts = artifactsOf(result);
      for (const [path, contents] of Object.entries(artifacts)) {
        expect(contents.includes('\r'), `${fixture}/${path}`).toBe(false);
        expect(contents).toBe(readFileSync(join(folder, 'expected', path), 'utf8'));
      }
    }
  });

  it('the header normalises CR and CRLF bodies to LF, and its checksum survives a CRLF round trip', () => {
    const text = withHeader('FROM x\r\nRUN a  \r\rCMD ["b"]\r\n\r\n', 'pyenv.yaml');
    expect(text).not.toContain('\r');
    expect(text.endsWith('CMD ["b"]\n')).toBe(true);
    expect(readHeader(text)).toMatchObject({ intact: true });
    // A CRLF checkout of an untouched file is still recognised as pyenvc's own (compile rewrites it LF;
    // --check reports `line-endings`), while a real edit is not.
    expect(readHeader(text.replace(/\n/g, '\r\n'))).toMatchObject({ intact: true });
    expect(readHeader(text.replace('RUN a', 'RUN b'))).toMatchObject({ intact: false });
  });
});
