/** base.digests pins every FROM and COPY --from image by its reference (issue 12 item 14). */
import { describe, expect, it } from 'vitest';
import { readWithProgram } from './helpers/fixtures.js';
import { compile, type CompileResult } from '../src/index.js';
import { RUNTIME_FOR_CONDA, TOOLS } from '../src/catalog/images.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

function compileWith(manifest: string, files: Record<string, string>): CompileResult {
  return compile({ file: 'pyenv.yaml', text: manifest, readFile: readWithProgram(files) });
}
const dockerfileOf = (r: CompileResult) => r.artifacts.find((a) => a.path === 'Dockerfile')!.contents;

const CONDA = 'version: 1\nname: demo\npreset: script\ndependencies:\n  conda:\n    file: environment.yml\n';
const CONDA_FILES = { 'environment.yml': 'channels: [conda-forge]\ndependencies: [python=3.12]\n', 'main.py': 'print(1)\n' };
const UV = 'version: 1\nname: demo\npreset: script\npython:\n  version: "3.12"\ndependencies:\n  uv: {}\n';
const UV_FILES = { 'pyproject.toml': '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.12"\n', 'uv.lock': 'version = 1\nrequires-python = ">=3.12"\n', 'main.py': 'print(1)\n' };

describe('base.digests', () => {
  it('conda: the micromamba builder and the Debian runtime are both pinned', () => {
    const r = compileWith(`${CONDA}base:\n  digests:\n    ${TOOLS.micromambaImage}: ${A}\n    ${RUNTIME_FOR_CONDA}: ${B}\n`, CONDA_FILES);
    expect(r.ok).toBe(true);
    const from = dockerfileOf(r).split('\n').filter((l) => l.startsWith('FROM '));
    expect(from).toEqual([`FROM ${TOOLS.micromambaImage}@${A} AS builder`, `FROM ${RUNTIME_FOR_CONDA}@${B} AS runtime`]);
    expect(r.diagnostics.filter((d) => d.code === 'PYENV347')).toEqual([]);
  });

  it('uv: the COPY --from tool image is pinned, and the python image of both stages', () => {
    const r = compileWith(`${UV}base:\n  digests:\n    ${TOOLS.uvImage}: ${A}\n    python:3.12-slim: ${B}\n`, UV_FILES);
    const text = dockerfileOf(r);
    expect(text).toContain(`COPY --from=${TOOLS.uvImage}@${A} /uv /usr/local/bin/uv`);
    expect(text.split('\n').filter((l) => l.startsWith('FROM '))).toEqual([`FROM python:3.12-slim@${B} AS builder`, `FROM python:3.12-slim@${B} AS runtime`]);
  });

  it('a key no image uses (an old tool tag after an upgrade) warns at the key, listing the images in use', () => {
    const r = compileWith(`${UV}base:\n  digests:\n    ghcr.io/astral-sh/uv:0.9.26: ${A}\n`, UV_FILES);
    expect(r.ok).toBe(true);
    const warning = r.diagnostics.find((d) => d.code === 'PYENV347')!;
    expect(warning.severity).toBe('warning');
    expect(warning.message).toBe(`base.digests pins "ghcr.io/astral-sh/uv:0.9.26", which this Dockerfile does not use (it uses ${TOOLS.uvImage}, python:3.12-slim)`);
    expect([warning.line, warning.column]).toEqual([10, 5]); // after the two python: lines
    expect(dockerfileOf(r)).not.toContain(A);
  });

  it('base.digest and base.digests disagreeing on the runtime image is an error; agreeing is fine', () => {
    const both = (d: string) => compileWith(`${UV}base:\n  digest: ${A}\n  digests:\n    python:3.12-slim: ${d}\n`, UV_FILES);
    expect(both(B).diagnostics.map((d) => d.code)).toContain('PYENV348');
    expect(both(A).ok).toBe(true);
  });

  it('a malformed digest is a schema error with the lookup command in its hint', () => {
    const r = compileWith(`${UV}base:\n  digests:\n    python:3.12-slim: sha256:abc\n`, UV_FILES);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.message).toContain('is not an image digest');
    expect(r.diagnostics[0]!.hint).toContain('docker buildx imagetools inspect');
  });
});
