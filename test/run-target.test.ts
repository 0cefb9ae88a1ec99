// Issue 11 item 3: compile and validate check that what the container starts is in the image (the
// module of run.app, the script a command names, the Streamlit script), and name the candidates.
// Issue 11 item 10: the jupyter preset's CMD listens on the port EXPOSE, the healthcheck and compose use.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../src/index.js';
import { runTargetOf } from '../src/passes/run-target.js';
import { pyenvc, tempFolders } from './helpers/cli.js';
import { argumentText, execArray, stagesOf } from './helpers/dockerfile.js';

const FLASK = 'from flask import Flask\n\napp = Flask(__name__)\n';

/** Compiles `manifest` over `files`, with the folder listing the CLI passes (so candidates are named). */
function build(manifest: string, files: Record<string, string>, listing = true): CompileResult {
  return compile({ file: 'pyenv.yaml', text: `version: 1\nname: demo\n${manifest}`, readFile: (p) => files[p], ...(listing ? { files: Object.keys(files).sort() } : {}) });
}
const found = (r: CompileResult, code: string) => r.diagnostics.filter((d) => d.code === code);

describe('the run target must be in the build context (PYENV411)', () => {
  it('a flask run.app whose module does not exist is an error at run.app, naming the app the project defines', () => {
    const r = build('preset: flask\nrun:\n  app: "server:app"\n', { 'requirements.txt': 'flask\ngunicorn\n', 'web.py': FLASK });
    expect(r.ok).toBe(false);
    const [d] = found(r, 'PYENV411');
    expect(d).toMatchObject({ severity: 'error', line: 5, column: 8 });
    expect(d!.message).toBe('server:app names the module server, and no server.py or server/__init__.py is in the build context: the container would stop at start with ModuleNotFoundError');
    expect(d!.hint).toBe('did you mean web:app? Set run.app to it');
  });

  it('without a folder listing the error stays, with a generic hint', () => {
    const r = build('preset: flask\nrun:\n  app: "server:app"\n', { 'requirements.txt': 'flask\ngunicorn\n', 'web.py': FLASK }, false);
    expect(found(r, 'PYENV411')[0]!.hint).toMatch(/^set run.app to module:object/);
  });

  it("the preset's default app:app with no app.py points at `preset`", () => {
    const r = build('preset: flask\n', { 'requirements.txt': 'flask\ngunicorn\n', 'wsgi.py': FLASK });
    const [d] = found(r, 'PYENV411');
    expect(d).toMatchObject({ line: 3, column: 9 });
    expect(d!.hint).toBe('did you mean wsgi:app? Set run.app to it');
  });

  it('packages, factories and src layouts on PYTHONPATH resolve', () => {
    const files = { 'requirements.txt': 'flask\ngunicorn\n', 'shop/__init__.py': 'from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n', 'src/api/web.py': FLASK };
    expect(build('preset: flask\nrun:\n  app: "shop:create_app()"\n', files).ok).toBe(true);
    // Not installed and no PYTHONPATH: compile adds PYTHONPATH=/app/src itself (src-layout.ts, PYENV339).
    const detected = build('preset: flask\nrun:\n  app: "api.web:app"\n', files);
    expect(detected.ok).toBe(true);
    expect(detected.plan!.finalize.env).toContainEqual(['PYTHONPATH', '/app/src']);
    // A PYTHONPATH of the manifest's that leaves out src/ does not reach the module.
    expect(found(build('preset: flask\nrun:\n  app: "api.web:app"\nenv:\n  PYTHONPATH: /opt/lib\n', files), 'PYENV411')).toHaveLength(1);
    expect(build('preset: flask\nrun:\n  app: "api.web:app"\nenv:\n  PYTHONPATH: /app/src\n', files).ok).toBe(true);
    expect(build('preset: flask\nrun:\n  command: ["gunicorn", "--bind", "0.0.0.0:8000", "--chdir", "src", "api.web:app"]\n', files).ok).toBe(true);
  });

  it('a module a dependency provides, or a build step may create, is not reported', () => {
    const files = { 'requirements.txt': 'flask\ngunicorn\nmkdocs-site\n', 'app.py': FLASK };
    expect(build('preset: flask\nrun:\n  app: "mkdocs_site.wsgi:app"\n', files).ok).toBe(true);
    expect(build('preset: flask\nrun:\n  app: "generated:app"\nbuild:\n  run: ["python make_app.py"]\n', files).ok).toBe(true);
  });

  it('a script that is missing, or left out by project.copy, is an error naming the closest file', () => {
    const files = { 'requirements.txt': 'requests\n', 'run.py': 'print(1)\n', 'lib/util.py': '' };
    const missing = found(build('preset: script\n', files), 'PYENV411')[0]!;
    expect(missing.message).toBe('the command runs main.py, which is not in the build context: the container would stop at start with "can\'t open file"');
    expect(missing.hint).toBe('did you mean run.py? Set run.command accordingly');
    const notCopied = found(build('preset: script\nrun:\n  command: ["python", "run.py"]\nproject:\n  copy: [lib/]\n', files), 'PYENV411')[0]!;
    expect(notCopied).toMatchObject({ line: 5, column: 12 });
    expect(notCopied.message).toContain('run.py, which is not copied into the image (project.copy leaves it out)');
    expect(build('preset: script\nrun:\n  command: ["python", "run.py"]\nproject:\n  copy: [lib/, run.py]\n', files).ok).toBe(true);
  });

  it("the streamlit preset's app.py, when the project's script is streamlit_app.py", () => {
    const r = build('preset: streamlit\n', { 'requirements.txt': 'streamlit\n', 'streamlit_app.py': 'import streamlit as st\n' });
    expect(found(r, 'PYENV411')[0]!.hint).toBe('did you mean streamlit_app.py? Set run.command accordingly');
  });

  it('python -m checks only the project’s own packages', () => {
    const files = { 'requirements.txt': 'requests\n', 'tool/__init__.py': '', 'tool/__main__.py': '' };
    expect(build('preset: worker\nrun:\n  command: ["python", "-m", "http.server"]\n', files).ok).toBe(true);
    expect(build('preset: worker\nrun:\n  command: ["python", "-m", "tool"]\n', files).ok).toBe(true);
    expect(found(build('preset: worker\nrun:\n  command: ["python", "-m", "tool.cli"]\n', files), 'PYENV411')[0]!.message).toContain('python -m tool.cli names the module tool.cli');
  });

  it('a shell-string command is read through its exec', () => {
    const files = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': FLASK };
    expect(found(build('preset: flask\nrun:\n  command: "gunicorn --bind 0.0.0.0:8000 missing:app"\n', files), 'PYENV411')).toHaveLength(1);
    expect(build('preset: flask\nrun:\n  command: "gunicorn --bind 0.0.0.0:$PORT app:app"\n', files).ok).toBe(true); // not read: it has a variable
  });
});

describe('the object after the colon (PYENV412, a warning)', () => {
  it('a module without the named object warns and names what it defines', () => {
    const r = build('preset: flask\nrun:\n  app: "app:application"\n', { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': FLASK });
    expect(r.ok).toBe(true);
    const [d] = found(r, 'PYENV412');
    expect(d).toMatchObject({ severity: 'warning', line: 5, column: 8 });
    expect(d!.hint).toBe('did you mean app:app?');
  });

  it.each([
    ['application = Flask(__name__)\n', 'application'],
    ['from .factory import application\n', 'application'],
    ['from .factory import (\n    other,\n    application,\n)\n', 'application'],
    ['def make():\n    pass\n\ndef application(environ, start_response):\n    pass\n', 'application'],
    ['from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n', 'application'],
  ])('%j defines %s', (text, name) => {
    const r = build(`preset: flask\nrun:\n  app: "app:${name}"\n`, { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': text });
    expect(found(r, 'PYENV412')).toEqual([]);
  });
});

describe('runTargetOf reads the command', () => {
  it.each([
    [['gunicorn', '--bind', '0.0.0.0:8000', 'pkg.wsgi:application'], { kind: 'app', module: 'pkg.wsgi', attribute: 'application', roots: [] }],
    [['uvicorn', 'main:app', '--app-dir', 'src'], { kind: 'app', module: 'main', attribute: 'app', roots: ['src'] }],
    [['/bin/sh', '-c', 'exec env A=1 gunicorn x:create_app()'], { kind: 'app', module: 'x', attribute: 'create_app()', roots: [] }],
    [['python', '-u', 'main.py'], { kind: 'script', file: 'main.py' }],
    [['streamlit', 'run', 'Home.py', '--server.port=8501'], { kind: 'script', file: 'Home.py' }],
    [['python', '-m', 'pkg'], { kind: 'module', module: 'pkg' }],
  ])('%j', (command, target) => expect(runTargetOf(command)).toEqual(target));

  it.each([[['celery', '-A', 'proj', 'worker']], [['python']], [['/bin/sh', '-c', 'exec python "$SCRIPT"']]])('%j names nothing it checks', (command) => {
    expect(runTargetOf(command)).toBeUndefined();
  });
});

describe('the CLI passes the folder listing, so a stranger gets the candidate', () => {
  const temp = tempFolders();
  afterEach(() => temp.cleanUp());
  it('compile and validate exit 1 with "did you mean server:app?", and write nothing', () => {
    const dir = temp.make();
    const files: Record<string, string> = { 'pyenv.yaml': 'version: 1\nname: demo\npreset: flask\n', 'requirements.txt': 'flask\ngunicorn\n', 'api/server.py': FLASK };
    for (const [p, t] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), t);
    }
    for (const command of ['compile', 'validate']) {
      const r = pyenvc([command], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error PYENV411: app:app names the module app');
      expect(r.stderr).toContain('did you mean api.server:app? Set run.app to it');
    }
  });
});

describe('the jupyter preset listens on its one port (issue 11 item 10)', () => {
  const NOTEBOOK = { 'requirements.txt': 'jupyterlab\n' };
  it('run.ports moves the CMD --port with EXPOSE and the healthcheck', () => {
    const r = build('preset: jupyter\nrun:\n  ports: [9999]\n', NOTEBOOK);
    expect(r.ok).toBe(true);
    const [, runtime] = stagesOf(r.artifacts[0]!.contents);
    const cmd = execArray(argumentText(runtime!.instructions.find((i) => i.getKeyword() === 'CMD')!));
    expect(cmd).toContain('--port=9999');
    expect(r.artifacts[0]!.contents).toContain('EXPOSE 9999');
    expect(r.plan!.ports.healthcheck!.url).toBe('http://127.0.0.1:9999/api');
  });

  it('jupyter.port alone moves all of them too', () => {
    const r = build('preset: jupyter\njupyter:\n  port: 9000\n', NOTEBOOK);
    const [, runtime] = stagesOf(r.artifacts[0]!.contents);
    expect(execArray(argumentText(runtime!.instructions.find((i) => i.getKeyword() === 'CMD')!))).toContain('--port=9000');
    expect(r.artifacts[0]!.contents).toContain('EXPOSE 9000');
  });

  it('jupyter.port and run.ports that disagree are an error naming both (PYENV410)', () => {
    const r = build('preset: jupyter\nrun:\n  ports: [9999]\njupyter:\n  port: 9000\n', NOTEBOOK);
    expect(r.ok).toBe(false);
    const [d] = found(r, 'PYENV410');
    expect(d).toMatchObject({ line: 5, column: 10 });
    expect(d!.hint).toBe('write the port once: keep jupyter.port 9000 and delete run.ports, or make run.ports start with 9000');
    expect(build('preset: jupyter\nrun:\n  ports: [9000, 9001]\njupyter:\n  port: 9000\n', NOTEBOOK).ok).toBe(true);
  });
});
