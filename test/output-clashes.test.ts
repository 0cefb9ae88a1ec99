import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { pyenvc, tempFolders } from './helpers/cli.js';

const temp = tempFolders();
afterEach(() => temp.cleanUp());

const FILES: Record<string, string> = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'app = None\n', 'pyproject.toml': '[project]\nname = "demo"\n', 'environment.yml': 'dependencies: [python=3.12]\n' };
const HEAD = 'version: 1\nname: demo\npreset: flask\ndependencies:\n  pip:\n    requirements: [requirements.txt]\n';

/** The PYENV506 errors of a manifest made of HEAD and `extra`, as "line:column message". */
function clashes(extra: string, head = HEAD): string[] {
  const result = compile({ file: 'pyenv.yaml', text: `${head}${extra}`, readFile: (p) => FILES[p] });
  return result.diagnostics.filter((d) => d.code === 'PYENV506').map((d) => `${d.line}:${d.column} ${d.message} | ${d.hint}`);
}

describe('an output path that belongs to an input is refused (PYENV506)', () => {
  it('the manifest itself', () => {
    expect(clashes('output:\n  dockerfile: pyenv.yaml\n')).toEqual(['8:15 output.dockerfile "pyenv.yaml" is the generated Dockerfile and also the manifest itself: writing it would replace that file with generated text | change output.dockerfile to a path of its own, such as "Dockerfile"; --force does not change this']);
  });

  it('a requirement file the image installs from, and the well-known dependency files', () => {
    expect(clashes('compose:\n  file: requirements.txt\n')[0]).toContain('compose.file "requirements.txt" is the generated compose file and also a dependency file of dependencies.pip');
    expect(clashes('output:\n  dockerignore: pyproject.toml\n')[0]).toContain('output.dockerignore "pyproject.toml" is the generated .dockerignore and also a dependency file (pyproject.toml)');
    expect(clashes('output:\n  entrypoint: environment.yml\n')[0]).toContain('also a dependency file (environment.yml)');
    expect(clashes('output:\n  dockerfile: poetry.lock\n')[0]).toContain('also a dependency file (poetry.lock)');
  });

  it('a dependency file below project.context', () => {
    const head = 'version: 1\nname: demo\npreset: script\nproject:\n  context: svc\ndependencies:\n  pip:\n    requirements: [svc/requirements.txt]\n';
    const result = compile({ file: 'pyenv.yaml', text: `${head}output:\n  dockerfile: svc/requirements.txt\n`, readFile: (p) => (p === 'svc/requirements.txt' ? 'flask\n' : undefined) });
    expect(result.diagnostics.find((d) => d.code === 'PYENV506')?.message).toContain('"svc/requirements.txt" is the generated Dockerfile and also a dependency file of dependencies.pip');
  });

  it('a path project.copy names, or a file inside a copied folder', () => {
    expect(clashes('project:\n  copy: [app.py, static/]\noutput:\n  dockerfile: app.py\n')[0]).toContain('"app.py" is the generated Dockerfile and also a path the Dockerfile copies (project.copy[0])');
    expect(clashes('project:\n  copy: [app.py, static/]\noutput:\n  dockerfile: static/Dockerfile\n')[0]).toContain('lies inside "static", a path the Dockerfile copies (project.copy[1])');
    expect(clashes('project:\n  copy: [app.py, static/]\noutput:\n  dockerfile: docker/Dockerfile\n')).toEqual([]);
  });

  it('the module run.app names and the script run.command runs', () => {
    expect(clashes('output:\n  entrypoint: app.py\n')[0]).toContain('"app.py" is the generated entrypoint script and also the module run.app names');
    expect(clashes('run:\n  app: "pkg.web:app"\noutput:\n  dockerfile: pkg/web/__init__.py\n')[0]).toContain('also the module run.app names');
    const script = 'version: 1\nname: demo\npreset: script\nrun:\n  command: ["python", "./tools/run.py", "--fast"]\noutput:\n  dockerfile: tools/run.py\n';
    expect(clashes('', script)[0]).toContain('"tools/run.py" is the generated Dockerfile and also the script run.command runs');
  });

  it('anything inside .git/', () => {
    expect(clashes('output:\n  dockerfile: .git/hooks/pre-commit\n')).toEqual(['8:15 output.dockerfile ".git/hooks/pre-commit" is the generated Dockerfile and lies inside .git/, Git\'s own data: writing there could corrupt the repository | change output.dockerfile to a path of its own, such as "Dockerfile"']);
    expect(clashes('compose:\n  file: sub/.git/config\n')).toHaveLength(1);
    expect(clashes('compose:\n  file: .gitlab/compose.yaml\n')).toEqual([]);
  });

  it('the defaults and ordinary names are fine', () => {
    expect(clashes('')).toEqual([]);
    expect(clashes('output:\n  dockerfile: pyenvc.Dockerfile\n  dockerignore: pyenvc.Dockerfile.dockerignore\ncompose:\n  file: compose.pyenvc.yaml\n')).toEqual([]);
  });
});

describe('compile --force through the binary', () => {
  it('exits 1 and writes nothing when output.dockerfile is the manifest or a requirement file', () => {
    for (const target of ['pyenv.yaml', 'requirements.txt']) {
      const dir = temp.make();
      const manifest = `${HEAD}output:\n  dockerfile: ${target}\n`;
      writeFileSync(join(dir, 'pyenv.yaml'), manifest);
      writeFileSync(join(dir, 'requirements.txt'), FILES['requirements.txt']!);
      writeFileSync(join(dir, 'app.py'), FILES['app.py']!);
      const r = pyenvc(['compile', '--force'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`pyenv\\.yaml:8:15: error PYENV506: output\\.dockerfile "${target.replace('.', '\\.')}"`));
      expect(readFileSync(join(dir, 'pyenv.yaml'), 'utf8')).toBe(manifest);
      expect(readFileSync(join(dir, 'requirements.txt'), 'utf8')).toBe(FILES['requirements.txt']);
      expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
    }
  });
});

describe('a default output path that clashes', () => {
  it('points at the project.copy entry that claims it (output.dockerfile was never written)', () => {
    const text = 'version: 1\nname: demo\npreset: script\nproject:\n  copy: [main.py, Dockerfile]\n';
    const result = compile({ file: 'pyenv.yaml', text, readFile: () => undefined });
    const d = result.diagnostics.find((x) => x.code === 'PYENV506')!;
    expect(`${d.line}:${d.column}`).toBe('5:19');
    expect(d.message).toContain('output.dockerfile "Dockerfile" is the generated Dockerfile and also a path the Dockerfile copies (project.copy[1])');
    expect(d.hint).toContain('such as "pyenvc.Dockerfile"');
  });
});
