// Section 1: how long `pyenvc compile` takes next to a bare `node -e 0`, interleaved so that machine
// noise hits every command alike. Each CLI entry (the tsc output, the bundle, and the ablation
// bundles) is measured with `--stdout` on the flask fixture and with `--check` on a compiled copy.
// Wall time is the goal's measure; CPU time (user + system, from bench/lib/spawn-timer.py) is
// reported next to it because it is much less disturbed by other work on a shared machine.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, timeCommand } from './stats.mjs';

/** Runs `commands` ({key: argv}) `runs` times, interleaved; returns {key: {wall: [], cpu: [] | null}}. */
function timeInterleaved(commands, runs, cwd) {
  const python = spawnSync('python3', ['-c', 'import os; os.wait4; os.posix_spawn'], { encoding: 'utf8' });
  if (python.status === 0) {
    const r = spawnSync('python3', [join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'spawn-timer.py')], {
      input: JSON.stringify({ rounds: runs, warmup: 1, cwd, commands }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`spawn-timer.py failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    for (const [key, v] of Object.entries(out)) {
      const bad = v.status.find((s) => s !== 0);
      if (bad !== undefined) throw new Error(`${commands[key].join(' ')} exited ${bad}`);
    }
    return out;
  }
  // No python3: wall time only, measured from Node.
  const keys = Object.keys(commands);
  const out = Object.fromEntries(keys.map((k) => [k, { wall: [], cpu: null }]));
  for (let round = -1; round < runs; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(i + round + 1) % keys.length];
      const [cmd, ...args] = commands[key];
      const { ms } = timeCommand(cmd, args, { cwd });
      if (round >= 0) out[key].wall.push(ms);
    }
  }
  return out;
}

/**
 * entries: [{ id, label, script }] — script is a path to a CLI entry file run with `node`.
 * Returns { runs, cpuMeasured, bareNode: {wallMs, cpuMs}, entries: [{ id, label, script, stdout: {...}, check: {...} }] }
 * where each {...} holds wallMs, cpuMs (medians) and their ratios to bare node.
 */
export function measureCompileLatency({ root, entries, runs }) {
  const fixture = join(root, 'fixtures/flask/pyenv.yaml');
  const work = mkdtempSync(join(tmpdir(), 'pyenvc-bench-latency-'));
  try {
    const copy = join(work, 'flask');
    cpSync(join(root, 'fixtures/flask'), copy, { recursive: true, filter: (src) => !src.includes('/expected') });
    const manifest = join(copy, 'pyenv.yaml');
    timeCommand(process.execPath, [join(root, 'dist/cli/main.js'), 'compile', manifest]);

    const commands = { node: [process.execPath, '-e', '0'] };
    for (const e of entries) {
      commands[`${e.id}:stdout`] = [process.execPath, e.script, 'compile', fixture, '--stdout'];
      commands[`${e.id}:check`] = [process.execPath, e.script, 'compile', manifest, '--check'];
    }
    const samples = timeInterleaved(commands, runs, root);
    const stat = (key) => ({ wallMs: median(samples[key].wall), cpuMs: samples[key].cpu ? median(samples[key].cpu) : null, wallSamples: samples[key].wall, cpuSamples: samples[key].cpu });
    const bareNode = stat('node');
    const withRatios = (s) => ({ ...s, wallRatio: s.wallMs / bareNode.wallMs, cpuRatio: s.cpuMs === null ? null : s.cpuMs / bareNode.cpuMs });
    return {
      runs,
      cpuMeasured: samples.node.cpu !== null,
      bareNode,
      entries: entries.map((e) => ({ ...e, script: e.script.replace(`${root}/`, ''), stdout: withRatios(stat(`${e.id}:stdout`)), check: withRatios(stat(`${e.id}:check`)) })),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
