/**
 * The conda activation wrapper (issue 12 item 12) in a real Debian image: no conda channel is
 * reachable here, so the environment prefix is faked (a bin/python link and activate.d hooks written
 * the way conda packages write them, one with bash syntax), and the generated wrapper is run as the
 * app user the way `docker exec <c> with-conda-env python` and the ENTRYPOINT run it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVATION_WRAPPER_LINES } from '../../src/passes/managers/conda-activation.js';
import { Resources } from './lib/docker.js';
import { run } from './lib/exec.js';

describe('with-conda-env in the Debian image', () => {
  const resources = new Resources();
  afterAll(() => resources.cleanup());

  it('sources bash and POSIX activate.d hooks, then execs python with their variables; the exit status passes through', async () => {
    const dir = resources.dir(mkdtempSync(join(tmpdir(), 'pyenvc-e2e-conda-activation-')));
    const hooks = join(dir, 'env', 'etc', 'conda', 'activate.d');
    mkdirSync(hooks, { recursive: true });
    writeFileSync(join(hooks, 'activate-gcc_linux-64.sh'), 'if [[ -n "${CONDA_PREFIX}" ]]; then export CC="${CONDA_PREFIX}/bin/x86_64-conda-linux-gnu-cc"; fi\n');
    writeFileSync(join(hooks, 'esmpy.sh'), 'export ESMFMKFILE="$CONDA_PREFIX/lib/esmf.mk"\n');
    writeFileSync(join(dir, 'with-conda-env'), `${ACTIVATION_WRAPPER_LINES.join('\n')}\n`, { mode: 0o755 });
    const code = 'import os, sys; print(os.environ["CC"], os.environ["ESMFMKFILE"]); sys.exit(3)';
    const r = await run('docker', ['run', '--rm', '--user', '1000:1000', '-e', 'CONDA_PREFIX=/opt/conda/env', '-v', `${dir}/env:/opt/conda/env:ro`, '-v', `${dir}/with-conda-env:/usr/local/bin/with-conda-env:ro`,
      '--entrypoint', '/usr/local/bin/with-conda-env', 'python:3.11-slim', 'python', '-c', code], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout.trim()).toBe('/opt/conda/env/bin/x86_64-conda-linux-gnu-cc /opt/conda/env/lib/esmf.mk');
    // Control: the same bash hook sourced by the image's /bin/sh (dash) fails, which is why the wrapper is bash.
    const sh = await run('docker', ['run', '--rm', '-e', 'CONDA_PREFIX=/opt/conda/env', '-v', `${dir}/env:/opt/conda/env:ro`, '--entrypoint', '/bin/sh', 'python:3.11-slim', '-c', '. /opt/conda/env/etc/conda/activate.d/activate-gcc_linux-64.sh; echo "CC=${CC:-unset}"'], { timeoutMs: 60_000 });
    expect(sh.stdout + sh.stderr).toMatch(/CC=unset|not found/);
  });
});
