// Section 2: a pre-commit hook over a monorepo. 500 manifests (variations of the fixtures: other
// names, ports and env) are compiled once, then checked with ONE `pyenvc compile '<dir>/*/pyenv.yaml' --check`.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { median, timeCommand } from './stats.mjs';

/** Fixtures that compile without diagnostics, and how to change the port each one listens on. */
const SOURCES = [
  { fixture: 'flask', port: (doc, p) => doc.setIn(['run', 'ports'], [p]) },
  { fixture: 'fastapi', port: (doc, p) => doc.setIn(['run', 'ports'], [p]) },
  { fixture: 'worker', port: () => {} },
  { fixture: 'jupyter-token', port: (doc, p) => doc.setIn(['jupyter', 'port'], p) },
  { fixture: 'tutorial-pip-server', port: (doc, p) => doc.setIn(['run', 'ports'], [p]) },
];

/** Writes `count` manifests with their project files into `dir`, one folder each. */
export function generateManifests(root, dir, count) {
  for (let i = 0; i < count; i++) {
    const source = SOURCES[i % SOURCES.length];
    const folder = join(dir, `${String(i).padStart(3, '0')}-${source.fixture}`);
    cpSync(join(root, 'fixtures', source.fixture), folder, { recursive: true, filter: (src) => !src.includes('/expected') });
    const doc = parseDocument(readFileSync(join(folder, 'pyenv.yaml'), 'utf8'));
    doc.set('name', `bench-${source.fixture}-${i}`);
    source.port(doc, 8000 + (i % 1000));
    doc.setIn(['env', 'BENCH_ID'], String(i));
    doc.setIn(['env', 'BENCH_LOG_LEVEL'], ['debug', 'info', 'warning'][i % 3]);
    writeFileSync(join(folder, 'pyenv.yaml'), doc.toString());
  }
}

/** Returns { count, compileMs, checkMs (median), perManifestMs, samples }. */
export function measureBatchCheck({ root, script, count, runs }) {
  const dir = mkdtempSync(join(tmpdir(), 'pyenvc-bench-batch-'));
  try {
    generateManifests(root, dir, count);
    const pattern = `${dir}/*/pyenv.yaml`;
    const compile = timeCommand(process.execPath, [script, 'compile', pattern]);
    if (/error PYENV/.test(compile.stderr)) throw new Error(`batch manifests have errors:\n${compile.stderr.slice(0, 2000)}`);
    const samples = [];
    for (let r = 0; r < runs; r++) {
      const check = timeCommand(process.execPath, [script, 'compile', pattern, '--check']);
      if (!new RegExp(`checked ${count} manifests \\(\\d+ files\\): all up to date`).test(check.stderr)) throw new Error(`unexpected --check output: ${check.stderr.slice(-500)}`);
      samples.push(check.ms);
    }
    const checkMs = median(samples);
    return { count, compileMs: compile.ms, checkMs, perManifestMs: checkMs / count, samples };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
