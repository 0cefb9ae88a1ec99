import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Credentials a test uses; they double as canaries that must never reach an image, a log or `docker inspect`. */
export interface Credentials {
  token: string;
  /** With characters a careless shell or YAML layer would mangle. */
  password: string;
  /** Host folder (outside every build context) with `jupyter_token` and `jupyter_password`, world-readable. */
  hostDir: string;
}

export function makeCredentials(runId: string): Credentials {
  const token = `e2e-token-${runId}-${randomBytes(12).toString('hex')}`;
  const password = `e2e pw "$HOME" 'q' \\ ${runId}-${randomBytes(6).toString('hex')}`;
  const hostDir = mkdtempSync(join(tmpdir(), 'pyenvc-e2e-creds-'));
  writeFileSync(join(hostDir, 'jupyter_token'), token);
  writeFileSync(join(hostDir, 'jupyter_password'), `${password}\n`);
  for (const f of ['jupyter_token', 'jupyter_password']) chmodSync(join(hostDir, f), 0o644);
  chmodSync(hostDir, 0o755);
  return { token, password, hostDir };
}

/**
 * Puts the credentials where users keep them inside a project (`.env`, which compose reads, and
 * `secrets/`), so the image scan proves .dockerignore keeps them out of the build context.
 */
export function plantInContext(dir: string, creds: Credentials): void {
  writeFileSync(join(dir, '.env'), `JUPYTER_TOKEN=${creds.token}\n`);
  mkdirSync(join(dir, 'secrets'), { recursive: true });
  writeFileSync(join(dir, 'secrets', 'jupyter_token'), creds.token);
  writeFileSync(join(dir, 'secrets', 'jupyter_password'), `${creds.password}\n`);
}

/** Strings that must not appear in an image: the index pip.conf (whole and its URL) and the credentials. */
export function secretNeedles(pipConf: string, indexUrl: string, creds: Credentials): Record<string, string> {
  return {
    'pip.conf content': readFileSync(pipConf, 'utf8').trim(),
    'index URL from pip.conf': indexUrl,
    'Jupyter token': creds.token,
    'Jupyter password': creds.password,
  };
}

/**
 * The `run_secrets` of a fixture (e2e.json) as users give secrets to a container: each value in a
 * world-readable file of `hostDir` (outside every build context), mounted read-only at
 * /run/secrets/<lower-case name>, and NAME_FILE pointing at it, which the entrypoint turns into NAME.
 * Returns the `docker run` arguments.
 */
export function runSecretArgs(hostDir: string, secrets: Record<string, string> | undefined): string[] {
  return Object.entries(secrets ?? {}).flatMap(([name, value]) => {
    const file = name.toLowerCase();
    writeFileSync(join(hostDir, file), value);
    chmodSync(join(hostDir, file), 0o644);
    return ['-v', `${join(hostDir, file)}:/run/secrets/${file}:ro`, '-e', `${name}_FILE=/run/secrets/${file}`];
  });
}
