// Issue 13, item 4: the workdir, Jupyter root_dir and compose volume targets are never system folders
// (src/catalog/system-folders.ts), because pyenvc chowns the first two to the app user and a volume
// over /opt/venv or /run/secrets hides the environment or the secrets.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { readWithProgram } from './helpers/fixtures.js';

const errors = (yaml: string) =>
  compile({ file: 'pyenv.yaml', text: `version: 1\nname: demo\n${yaml}`, readFile: readWithProgram({ 'requirements.txt': 'flask\ngunicorn\n' }) }).diagnostics.filter((d) => d.severity === 'error');

describe('system folders are refused (PYENV230)', () => {
  it.each(['/', '/etc', '/etc/app', '/usr/local/bin', '/opt/venv', '/opt/venv/bin', '/opt/conda', '/root', '/var/lib/app', '/run', '/proc', '/lib64', '/home', '/opt', '/srv', '/tmp', '/app/../etc'])('project.workdir %s', (dir) => {
    const e = errors(`preset: flask\nproject:\n  workdir: ${dir}\n`);
    expect(e.map((d) => d.code)).toEqual(['PYENV230']);
    expect([e[0]!.line, e[0]!.column]).toEqual([5, 12]);
    expect(e[0]!.hint).toContain('/app');
  });

  it.each(['/app', '/srv/api', '/opt/app', '/home/app/work', '/workspace', '/data/project'])('project.workdir %s is fine', (dir) => {
    expect(errors(`preset: flask\nproject:\n  workdir: ${dir}\n`)).toEqual([]);
  });

  it('jupyter.root_dir /etc and a compose volume over /opt/venv or /run/secrets are refused', () => {
    expect(errors('preset: jupyter\njupyter:\n  root_dir: /etc\n').map((d) => d.code)).toContain('PYENV230');
    const vol = errors('preset: flask\ncompose:\n  volumes: ["./data:/app/data", "./x:/opt/venv/lib", "./s:/run/secrets"]\n').filter((d) => d.code === 'PYENV230');
    // each diagnostic points at its own list item
    expect(vol.map((d) => [d.line, d.column])).toEqual([[5, 33], [5, 54]]);
    expect(vol.map((d) => d.message)).toEqual([expect.stringContaining('/opt/venv'), expect.stringContaining('/run')]);
  });

  it('the defaults are safe', () => {
    for (const preset of ['flask', 'jupyter', 'django']) expect(errors(`preset: ${preset}\nrun:\n  app: "x.wsgi:application"\n`).filter((d) => d.code === 'PYENV230')).toEqual([]);
  });
});
