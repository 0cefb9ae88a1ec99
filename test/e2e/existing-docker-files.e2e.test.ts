/**
 * A repository that ships its own Dockerfile, .dockerignore and docker-compose.yml: init writes
 * pyenvc's beside them, compile leaves them untouched, and `docker build -f pyenvc.Dockerfile`
 * builds with pyenvc's `<Dockerfile>.dockerignore`, not the user's .dockerignore (BuildKit's rule:
 * https://docs.docker.com/build/concepts/context/#filename-and-location).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { e2eContext } from './lib/context.js';
import { buildImage, hostPort, Resources, runDetached, waitHealthy } from './lib/docker.js';
import { run } from './lib/exec.js';
import { CLI } from './lib/fixture.js';

const USER_FILES: Record<string, string> = {
  'requirements.txt': 'flask\ngunicorn\n',
  '.python-version': '3.11\n',
  'app.py': 'from flask import Flask\napp = Flask(__name__)\n\n@app.get("/")\ndef index():\n    return "hello"\n\n@app.get("/healthz")\ndef healthz():\n    return "ok"\n',
  Dockerfile: 'FROM python:3.11-slim\nCOPY . .\nCMD ["python", "app.py"]\n',
  // The user's exclusions are carried into pyenvc.Dockerfile.dockerignore (trial F1): scratch.db stays out.
  '.dockerignore': 'scratch.db\n',
  'scratch.db': 'local data\n',
  'docker-compose.yml': 'services:\n  web:\n    build: .\n',
  '.env': 'SECRET_KEY=must-not-reach-the-image\n',
};

describe('a repository with its own Docker files', () => {
  const ctx = e2eContext();
  const resources = new Resources();
  afterAll(() => resources.cleanup());

  it('init + compile write beside them; docker build -f pyenvc.Dockerfile uses pyenvc.Dockerfile.dockerignore and the app answers', async () => {
    const dir = resources.dir(mkdtempSync(join(tmpdir(), 'pyenvc-e2e-existing-')));
    for (const [path, text] of Object.entries(USER_FILES)) writeFileSync(join(dir, path), text);
    for (const command of ['init', 'compile']) {
      const r = spawnSync(process.execPath, [CLI, command], { cwd: dir, encoding: 'utf8' });
      expect(r.status, `${command}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    for (const [path, text] of Object.entries(USER_FILES)) expect(readFileSync(join(dir, path), 'utf8')).toBe(text);
    expect(readFileSync(join(dir, 'pyenvc.Dockerfile'), 'utf8')).toContain('docker build -f pyenvc.Dockerfile ');
    const image = resources.image(`pyenvc-e2e-existing:${ctx.runId}`);
    const build = await buildImage(dir, image, 'existing-docker-files', { dockerfile: 'pyenvc.Dockerfile' });
    expect(build.log).toContain('load build definition from pyenvc.Dockerfile');
    const listing = await run('docker', ['run', '--rm', '--entrypoint', 'ls', image, '-A']);
    expect(listing.stdout.split('\n')).toContain('app.py');
    expect(listing.stdout.split('\n')).not.toContain('scratch.db');
    expect(listing.stdout.split('\n')).not.toContain('.env');
    const container = await runDetached(resources, `pyenvc-e2e-existing-${ctx.runId}`, ['--health-interval=1s', '-p', '127.0.0.1::8000'], image);
    await waitHealthy(container, 60_000);
    const response = await fetch(`http://127.0.0.1:${await hostPort(container, 8000)}/`);
    expect(await response.text()).toBe('hello');
  });
});
