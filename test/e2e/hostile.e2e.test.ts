import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Hostile values end to end on a real Docker 20.10 engine (BuildKit) and docker-compose v1: a
 * manifest whose ENV/ARG values, build.run lines, command arguments, copied file names, requirement
 * file name, env_file and bind-mount paths are full of quotes, `$`, backslashes, spaces, `#`,
 * leading dashes and unicode is compiled by the built CLI, built, run, and read back. Self-contained
 * (plain `docker` and `docker-compose` calls) so it needs no pip index: the requirements file is
 * empty and run.init is off, so the build installs nothing from the network.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const harnessBin = '/tmp/pyenvc-e2e/bin';
const env = { ...process.env, PATH: `${harnessBin}:${process.env.PATH}`, DOCKER_BUILDKIT: '1' };
const sh = (cmd: string, args: string[], cwd?: string) => spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const dockerWorks = sh('docker', ['version', '--format', '{{.Server.Version}}']).status === 0;

const ENV: Record<string, string> = {
  QUOTES: `it's "quoted"`,
  DOLLARS: '$HOME ${PATH} $$ $',
  BACKSLASHES: 'C:\\Users\\app\\ end\\',
  TICKS_AND_HASH: '`id` # not a comment',
  UNICODE: 'Grüße 日本 😀 \u00a0nbsp',
  SPACES: '  lead and trail  ',
  EMPTY: '',
  TAB: 'a\tb',
};
const ARGS: Record<string, string> = { GIT_SHA: '$(whoami) `id` "q" \\' };
const FILES = [`it's.py`, 'q"t.py', 'a$b.py', 'br]ace}.py', 'sp ace.py', '#hash.py', '-dash.py', 'ü.py', '${HOME}.py'];
const COMMAND = ['python', '-c', 'import sys, json; print(json.dumps(sys.argv[1:]))', '$HOME', 'a b', `it's`, '\\', '"', '*', '--flag=$(id)'];
const RUN_LINES = [`printf '%s|' "$DOLLARS" '$HOME' "it's" 'back\\slash' > "$HOME/run1.txt"`, `printf '%s' "$GIT_SHA" > "$HOME/arg.txt" # a trailing comment \\`];
const REQUIREMENTS = `req files/it's [1].txt`;
const ENV_FILE = 'conf/my $X.env';
const VOLUME_HOST = './data $HOME';

const made: string[] = [];
afterAll(() => {
  sh('docker', ['image', 'rm', '-f', 'pyenvc-hostile-e2e:latest']);
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!dockerWorks)('hostile values survive a real build, run and compose config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyenvc-hostile-e2e-'));
  made.push(dir);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it('compiles with the built CLI', () => {
    for (const f of FILES) write(`src/${f}`, `content of ${f}\n`);
    write(REQUIREMENTS, '# nothing to install: the build needs no index\n');
    write(ENV_FILE, 'FROM_ENV_FILE=1\n');
    mkdirSync(join(dir, VOLUME_HOST), { recursive: true });
    const manifest = {
      version: 1,
      name: 'pyenvc-hostile-e2e',
      python: { version: '3.11' },
      dependencies: { pip: { requirements: [REQUIREMENTS] } },
      project: { copy: [...FILES.map((f) => `src/${f}`), { from: 'src/sp ace.py', to: `dest dir/it's $X.py` }] },
      env: ENV,
      build: { args: ARGS, run: RUN_LINES },
      run: { command: COMMAND, init: false },
      compose: { env_file: ENV_FILE, volumes: [`${VOLUME_HOST}:/data`] },
    };
    write('pyenv.yaml', stringify(manifest));
    const result = sh(process.execPath, [CLI, 'compile'], dir);
    expect(result.status, result.stderr).toBe(0);
  });

  it('builds with BuildKit, and the container sees every value exactly', () => {
    const build = sh('docker', ['build', '--network=host', '-t', 'pyenvc-hostile-e2e:latest', '.'], dir);
    expect(build.status, build.stderr.slice(-3000)).toBe(0);
    const probe = [
      'import json, os, pathlib',
      'home = pathlib.Path(os.environ["HOME"])',
      'files = {str(p.relative_to("/app")): p.read_text() for p in pathlib.Path("/app").rglob("*") if p.is_file()}',
      'print(json.dumps({"env": dict(os.environ), "files": files, "run1": (home / "run1.txt").read_text(), "arg": (home / "arg.txt").read_text()}))',
    ].join('\n');
    const run = sh('docker', ['run', '--rm', 'pyenvc-hostile-e2e:latest', 'python', '-c', probe]);
    expect(run.status, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout) as { env: Record<string, string>; files: Record<string, string>; run1: string; arg: string };
    for (const [key, value] of Object.entries(ENV)) expect(seen.env[key], `ENV ${key}`).toBe(value);
    for (const f of FILES) expect(seen.files[`src/${f}`], `copied ${f}`).toBe(`content of ${f}\n`);
    expect(seen.files[`dest dir/it's $X.py`]).toBe('content of sp ace.py\n');
    // build.run lines reached /bin/sh unchanged: the shell expanded "$DOLLARS" and kept the quoted rest.
    expect(seen.run1).toBe(`${ENV.DOLLARS}|$HOME|it's|back\\slash|`);
    expect(seen.arg).toBe(ARGS.GIT_SHA);
  });

  it('runs the exec-form command with its arguments unchanged', () => {
    const run = sh('docker', ['run', '--rm', 'pyenvc-hostile-e2e:latest']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(COMMAND.slice(3));
  });

  it('docker-compose v1 reads env_file and bind-mount paths literally', () => {
    // Compose v1 predates bind.create_host_path (see the e2e README); drop it for this reader only.
    const text = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    writeFileSync(join(dir, 'compose.v1.yaml'), text.replace(/\n\s+bind:\n\s+create_host_path: false/g, ''));
    const config = sh('docker-compose', ['-f', 'compose.v1.yaml', 'config'], dir);
    expect(config.status, config.stderr).toBe(0);
    // The env file named `my $X.env` was found and read (interpolating $X would have named a missing file).
    expect(config.stdout).toContain("FROM_ENV_FILE: '1'");
    // `config` prints the resolved file with $ escaped again for Compose.
    expect(config.stdout).toContain(`source: ${dir}/${VOLUME_HOST.slice(2)}`.replace(/\$/g, '$$$$'));
  });
});
