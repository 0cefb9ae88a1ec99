import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';

const compileText = (text: string) => compile({ file: 'pyenv.yaml', text, readFile: (p) => (p === 'requirements.txt' ? 'jupyterlab==3.6.3\nnotebook==6.4.12\n' : undefined) });
const codes = (text: string) => compileText(text).diagnostics.filter((d) => d.severity !== 'note').map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`);
const JUPYTER = 'version: 1\nname: lab\npreset: jupyter\n';

describe('warnings that matter (issue 6)', () => {
  it('auth: none on a loopback address is a warning; on any other address an error', () => {
    expect(codes(`${JUPYTER}jupyter:\n  auth: none\n`)).toEqual(['warning PYENV207 5:9']);
    expect(codes(`${JUPYTER}jupyter:\n  auth: none\ncompose:\n  publish: "::1"\n`)).toEqual(['warning PYENV207 5:9']);
    expect(codes(`${JUPYTER}jupyter:\n  auth: none\ncompose:\n  publish: 10.0.0.5\n`)).toEqual(['error PYENV206 5:9']);
  });

  it('a Jupyter server published beyond loopback warns, whatever its authentication', () => {
    const result = compileText(`${JUPYTER}compose:\n  publish: 0.0.0.0\n`);
    expect(result.ok).toBe(true);
    expect(codes(`${JUPYTER}compose:\n  publish: 0.0.0.0\n`)).toEqual(['warning PYENV208 5:12']);
    expect(result.diagnostics.find((d) => d.code === 'PYENV208')!.message).toContain('with only its token between them and your files');
    expect(codes(`${JUPYTER}compose:\n  publish: 127.0.0.1\n`)).toEqual([]);
  });

  it('a base.image without tag or digest warns that it means :latest', () => {
    const image = (value: string, extra = '') => codes(`version: 1\nname: demo\npreset: flask\nbase:\n  image: ${value}\n${extra}`).filter((c) => c.includes('PYENV211'));
    expect(image('debian')).toEqual(['warning PYENV211 5:10']);
    expect(image('registry.example.org:5000/team/python')).toEqual(['warning PYENV211 5:10']);
    expect(image('debian:bookworm-slim')).toEqual([]);
    expect(image(`debian@sha256:${'a'.repeat(64)}`)).toEqual([]);
    expect(image('debian', `  digest: sha256:${'b'.repeat(64)}\n`)).toEqual([]);
  });
});
