// Benchmark: `pyenvc compile --check` over 500 manifests in one call (issue 5 budget: under 2 s on
// the 2-core development machine). Writes 500 copies of fixtures/flask into a temporary folder,
// compiles them once, then times three --check runs and prints the best. Not a test: timing on
// a shared machine is too noisy to assert.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const count = Number(process.env.PYENVC_BENCH_COUNT ?? 500);
/** CPU seconds used by finished child processes (Linux /proc; undefined elsewhere), so a loaded machine does not hide the real cost. */
function childCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in USER_HZ (100 on Linux)
  } catch {
    return undefined;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'pyenvc-bench-'));
try {
  for (let i = 0; i < count; i++) {
    cpSync(join(root, 'fixtures', 'flask'), join(dir, `s${String(i).padStart(3, '0')}`), { recursive: true, filter: (src) => !src.includes('expected') });
  }
  execFileSync(process.execPath, [cli, 'compile', '*/pyenv.yaml'], { cwd: dir, stdio: 'ignore' });
  const times = [];
  const cpu = [];
  for (let run = 0; run < 3; run++) {
    const before = childCpu();
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, 'compile', '--check', '*/pyenv.yaml'], { cwd: dir, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    const after = childCpu();
    if (before !== undefined && after !== undefined) cpu.push(after - before);
    if (r.status !== 0) throw new Error(`--check exited ${r.status}: ${r.stderr}`);
    if (run === 0) process.stdout.write(r.stderr);
  }
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  const node = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(
    `compile --check over ${count} manifests: best ${Math.min(...times).toFixed(2)} s wall (runs: ${times.map((t) => t.toFixed(2)).join(', ')})` +
      `${cpu.length ? `, best ${Math.min(...cpu).toFixed(2)} s CPU` : ''}; node -e 0: ${node.toFixed(2)} s; load average ${loadavg()[0].toFixed(1)}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
