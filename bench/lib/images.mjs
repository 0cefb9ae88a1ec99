// Section 3: the images. For each app (the flask and jupyter-token fixtures) three Dockerfiles are
// built from the same files and the same base (python:3.11-slim of the offline harness):
//   (a) pyenvc's output, (b) bench/reference/naive.Dockerfile, (c) bench/reference/docker-init.Dockerfile.
// Measured: cold build, rebuild after a one-file edit, rebuild after adding a dependency, image size
// and layers, `docker run` to ready (HTTP) and to healthy (HEALTHCHECK), `docker stop`.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, now, timeCommand } from './stats.mjs';

export const VARIANTS = [
  { id: 'pyenvc', label: '(a) pyenvc' },
  { id: 'naive', label: '(b) naive' },
  { id: 'docker-init', label: '(c) docker init' },
];

/**
 * The apps. `cmd` is what a user types when `docker init` asks "What is the command to run your app?"
 * (shell form, as docker init writes it); the naive jupyter command needs --allow-root because that
 * image runs as root. `edit` changes one source file the way a developer would; the stamp is unique
 * to the run and the edit, because BuildKit's cache is content-addressed: an edit that repeats one
 * of an earlier benchmark run would be a cache hit, not a rebuild.
 */
export const APPS = [
  {
    fixture: 'flask',
    port: 8000,
    readyPath: '/healthz',
    cmd: { naive: 'gunicorn --bind 0.0.0.0:8000 app:app', 'docker-init': "gunicorn 'app:app' --bind=0.0.0.0:8000" },
    edit: (dir, stamp) => appendFileSync(join(dir, 'app.py'), `# edited by the benchmark (${stamp})\n`),
  },
  {
    fixture: 'jupyter-token',
    port: 8888,
    readyPath: '/api',
    cmd: {
      naive: 'jupyter notebook --ip=0.0.0.0 --port=8888 --no-browser --allow-root',
      'docker-init': 'jupyter notebook --ip=0.0.0.0 --port=8888 --no-browser',
    },
    // docker init's user has HOME=/nonexistent, where Jupyter cannot create its runtime folder
    // (PermissionError at start): the benchmark gives (c) a writable HOME at `docker run`, the least
    // change a user would make, and leaves its Dockerfile as generated.
    runEnv: { 'docker-init': ['HOME=/tmp'] },
    edit: (dir, stamp) => {
      const path = join(dir, 'notebooks/demo.ipynb');
      const notebook = JSON.parse(readFileSync(path, 'utf8'));
      notebook.metadata = { ...notebook.metadata, bench_edit: stamp };
      writeFileSync(path, JSON.stringify(notebook));
    },
  },
];

/** The dependency added for the "add one dependency" rebuild (served by the offline index). */
export const ADDED_DEPENDENCY = 'requests==2.28.1';

/** Reads the harness's env file (`source /tmp/pyenvc-e2e/env`) into an environment object. */
export function harnessEnv(envFile = `${process.env.PYENVC_E2E_TMP ?? '/tmp/pyenvc-e2e'}/env`) {
  const r = spawnSync('bash', ['-c', 'set -e; source "$1"; env -0', '_', envFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot source ${envFile}: run \`bash ../shared/e2e/up.sh\` first\n${r.stderr}`);
  const env = Object.fromEntries(r.stdout.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  for (const key of ['PYENVC_E2E_PIP_CONF', 'PIP_INDEX_URL']) if (!env[key]) throw new Error(`${envFile} does not set ${key}: run \`bash ../shared/e2e/up.sh\``);
  return env;
}

function docker(env, args, options = {}) {
  return timeCommand('docker', args, { env, ...options });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(port, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `docker <args>` asynchronously (so HTTP polling can go on meanwhile); resolves with stdout. */
function dockerAsync(env, args) {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`docker ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/**
 * Prepares the build context of one variant in `dir`: the fixture's files (not expected/), plus
 * (a) pyenvc's artifacts compiled by `script`, or (b)/(c) the reference Dockerfile with the app's port
 * and command filled in (and docker init's .dockerignore for (c)).
 */
function prepareContext({ root, script, app, variant, dir }) {
  cpSync(join(root, 'fixtures', app.fixture), dir, { recursive: true, filter: (src) => !src.includes('/expected') });
  if (variant === 'pyenvc') {
    timeCommand(process.execPath, [script, 'compile', join(dir, 'pyenv.yaml')]);
    return;
  }
  const template = readFileSync(join(root, 'bench/reference', `${variant}.Dockerfile`), 'utf8');
  writeFileSync(join(dir, 'Dockerfile'), template.replaceAll('@PORT@', String(app.port)).replaceAll('@CMD@', app.cmd[variant]));
  if (variant === 'docker-init') cpSync(join(root, 'bench/reference/docker-init.dockerignore'), join(dir, '.dockerignore'));
}

/**
 * Gives the pip cache mounts of the Dockerfile an id of the benchmark's own (the default id, the
 * target path, is shared by every build on the daemon, other projects' included), so that
 * emptyCacheMount can empty it before each cold build: a cold build then starts with an EMPTY pip
 * cache, while the rebuilds after it reuse what that build cached, as on a developer's machine.
 * The ids are fixed per app and variant, so repeated benchmark runs reuse a few records instead of
 * leaving new ones behind. (Do not run two benchmarks at once on one daemon.)
 */
function isolatePipCache(dir, id) {
  const path = join(dir, 'Dockerfile');
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace(/--mount=type=cache,target=/g, `--mount=type=cache,id=${id},target=`));
}

/**
 * Empties the BuildKit cache mount `id` with a throw-away build that mounts it and deletes its
 * contents. Only this benchmark uses these ids, so nothing else on the daemon is touched (no
 * `docker builder prune`, which cannot select a cache mount by id). Exports one empty file to a
 * temporary folder, so no image is created.
 */
function emptyCacheMount(env, id, work) {
  const dir = mkdtempSync(join(work, 'empty-cache-'));
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM python:3.11-slim AS empty\nRUN --mount=type=cache,id=${id},target=/pyenvc-bench-cache find /pyenvc-bench-cache -mindepth 1 -delete && touch /emptied\nFROM scratch\nCOPY --from=empty /emptied /emptied\n`,
  );
  docker(env, ['build', '--no-cache', '--output', `type=local,dest=${join(dir, 'out')}`, dir]);
  rmSync(dir, { recursive: true, force: true });
}

function buildArgs(env, tag, dir, cold) {
  return [
    'build', '--network=host',
    '--secret', `id=pip_conf,src=${env.PYENVC_E2E_PIP_CONF}`,
    '--build-arg', `PIP_INDEX_URL=${env.PIP_INDEX_URL}`,
    ...(cold ? ['--no-cache'] : []),
    '--progress=plain', '-t', tag, dir,
  ];
}

async function measureRun(env, { image, app, variant, name, waitHealthy, log }) {
  const hostPort = await freePort();
  const extraEnv = (app.runEnv?.[variant] ?? []).flatMap((e) => ['-e', e]);
  const start = now();
  await dockerAsync(env, ['run', '-d', '--name', name, '-p', `127.0.0.1:${hostPort}:${app.port}`, '-e', 'JUPYTER_TOKEN=bench-token', ...extraEnv, image]);
  const started = now() - start;
  let readyMs = null;
  while (now() - start < 120_000) {
    const status = await httpStatus(hostPort, app.readyPath);
    if (status >= 200 && status < 500) {
      readyMs = now() - start;
      break;
    }
    const state = spawnSync('docker', ['inspect', '-f', '{{.State.Running}}', name], { env, encoding: 'utf8' }).stdout.trim();
    if (state !== 'true') break;
    await sleep(50);
  }
  if (readyMs === null) {
    const logs = spawnSync('docker', ['logs', '--tail', '30', name], { env, encoding: 'utf8' });
    log(`  ! ${name} never answered on ${app.readyPath}:\n${logs.stdout}${logs.stderr}`);
  }
  let healthyMs = null;
  if (waitHealthy && readyMs !== null) {
    while (now() - start < 180_000) {
      const health = spawnSync('docker', ['inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{end}}', name], { env, encoding: 'utf8' }).stdout.trim();
      if (health === 'healthy') {
        healthyMs = now() - start;
        break;
      }
      if (health === '' || health === 'unhealthy') break;
      await sleep(200);
    }
  }
  const stopMs = docker(env, ['stop', name]).ms;
  docker(env, ['rm', '-f', name]);
  return { dockerRunMs: started, readyMs, healthyMs, stopMs };
}

/**
 * Measures every variant of one app. Each measurement is taken in rounds, and every round visits
 * all variants (in a rotating order), so that load from other work on a shared machine hits the
 * variants alike, as in the compile-latency section. `tagBase` is unique to this benchmark run, so
 * nothing here touches another user's images; the caller removes everything created.
 */
async function measureApp({ root, script, env, app, variants, work, tagBase, imageIds, cacheIds, coldRuns, editRuns, dependencyRuns, runRuns, log }) {
  const base = JSON.parse(docker(env, ['image', 'inspect', 'python:3.11-slim']).stdout)[0];
  const all = variants.map((variant) => {
    const dir = join(work, `${app.fixture}-${variant}`);
    prepareContext({ root, script, app, variant, dir });
    const v = { variant, dir, tag: `${tagBase}-${app.fixture}-${variant}`, buildLog: join(work, `${app.fixture}-${variant}.build.log`), cold: [], runs: [], edit: [], dependency: [] };
    if (readFileSync(join(dir, 'Dockerfile'), 'utf8').includes('--mount=type=cache')) {
      v.cacheId = `pyenvc-bench-pip-${app.fixture}-${variant}`;
      isolatePipCache(dir, v.cacheId);
      cacheIds.add(v.cacheId);
    }
    return v;
  });
  const build = (v, cold) => {
    const r = docker(env, buildArgs(env, v.tag, v.dir, cold));
    appendFileSync(v.buildLog, r.stderr);
    imageIds.add(docker(env, ['image', 'inspect', '-f', '{{.Id}}', v.tag]).stdout.trim());
    return r.ms;
  };
  const rounds = (count, each) => {
    for (let round = 0; round < count; round++) for (let i = 0; i < all.length; i++) each(all[(i + round) % all.length], round);
  };
  const say = (v, what, list) => log(`  ${app.fixture} ${v.variant}: ${what}: ${list.map(fmt).join(', ')}`);

  rounds(coldRuns, (v) => {
    if (v.cacheId) emptyCacheMount(env, v.cacheId, work);
    v.cold.push(build(v, true));
  });
  for (const v of all) {
    say(v, 'cold builds', v.cold);
    v.inspect = JSON.parse(docker(env, ['image', 'inspect', v.tag]).stdout)[0];
    v.history = docker(env, ['history', '--no-trunc', '--format', '{{.Size}}\t{{.CreatedBy}}', v.tag]).stdout.trim().split('\n');
  }

  for (let round = 0; round < runRuns; round++) {
    for (let i = 0; i < all.length; i++) {
      const v = all[(i + round) % all.length];
      v.runs.push(await measureRun(env, { image: v.tag, app, variant: v.variant, name: `${v.tag}-run${round}`, waitHealthy: round === 0 && Boolean(v.inspect.Config.Healthcheck), log }));
    }
  }
  for (const v of all) log(`  ${app.fixture} ${v.variant}: runs: ready ${v.runs.map((r) => fmt(r.readyMs)).join(', ')}; healthy ${fmt(v.runs[0]?.healthyMs)}; stop ${v.runs.map((r) => fmt(r.stopMs)).join(', ')}`);

  for (const v of all) build(v, false); // warm cache, unchanged context: a no-op build, not measured
  rounds(editRuns, (v, round) => {
    app.edit(v.dir, `${tagBase} ${round + 1}`);
    v.edit.push(build(v, false));
  });
  for (const v of all) say(v, 'rebuilds after a one-file edit', v.edit);

  for (const v of all) v.requirements = readFileSync(join(v.dir, 'requirements.txt'), 'utf8');
  rounds(dependencyRuns, (v, round) => {
    // A different comment each time (and each benchmark run), so every run is a real change of
    // requirements.txt (adding the same line twice would hit the layer cache of the previous run).
    writeFileSync(join(v.dir, 'requirements.txt'), `${v.requirements}${ADDED_DEPENDENCY}  # added by the benchmark (${tagBase} ${round + 1})\n`);
    v.dependency.push(build(v, false));
  });
  for (const v of all) {
    writeFileSync(join(v.dir, 'requirements.txt'), v.requirements);
    say(v, `rebuilds after adding ${ADDED_DEPENDENCY}`, v.dependency);
  }

  return all.map((v) => {
    const ready = v.runs.map((r) => r.readyMs).filter((x) => x !== null);
    return {
      fixture: app.fixture,
      variant: v.variant,
      coldBuildMs: median(v.cold),
      coldBuildSamples: v.cold,
      editRebuildMs: median(v.edit),
      editRebuildSamples: v.edit,
      dependencyRebuildMs: median(v.dependency),
      dependencyRebuildSamples: v.dependency,
      sizeBytes: v.inspect.Size,
      addedBytes: v.inspect.Size - base.Size,
      layers: v.inspect.RootFS.Layers.length,
      addedLayers: v.inspect.RootFS.Layers.length - base.RootFS.Layers.length,
      readyMs: ready.length === v.runs.length ? median(ready) : null,
      readySamples: v.runs.map((r) => r.readyMs),
      healthyMs: v.runs[0]?.healthyMs ?? null,
      healthcheck: v.inspect.Config.Healthcheck ?? null,
      stopMs: median(v.runs.map((r) => r.stopMs)),
      stopSamples: v.runs.map((r) => r.stopMs),
      history: v.history,
    };
  });
}

function fmt(ms) {
  return ms === null || ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Runs the image section. Removes its containers and images whatever happens (also on Ctrl-C), and
 * empties the pip cache mounts of its own ids.
 */
export async function measureImages({ root, script, coldRuns, editRuns, dependencyRuns, runRuns, apps, variants, log }) {
  const env = harnessEnv();
  const nonce = `${process.pid}-${Date.now().toString(36)}`;
  const tagBase = `pyenvc-bench-${nonce}`;
  const work = mkdtempSync(join(tmpdir(), 'pyenvc-bench-images-'));
  const imageIds = new Set();
  const cacheIds = new Set();
  const results = [];
  const cleanup = () => {
    const containers = spawnSync('docker', ['ps', '-aq', '--filter', `name=${tagBase}`], { env, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    if (containers.length) spawnSync('docker', ['rm', '-f', ...containers], { env });
    const images = spawnSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${tagBase}-*`], { env, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    if (images.length) spawnSync('docker', ['rmi', '-f', ...images], { env });
    // Every rebuild under the same tag leaves the previous image dangling: remove each id we built.
    for (const id of imageIds) spawnSync('docker', ['rmi', '-f', id], { env });
    // The pip caches filled by the builds: emptied, not pruned (see emptyCacheMount).
    for (const id of cacheIds) {
      try {
        emptyCacheMount(env, id, work);
      } catch (error) {
        log(`  could not empty the cache mount ${id}: ${error.message.split('\n')[0]}`);
      }
    }
    if (process.env.PYENVC_BENCH_KEEP_TMP) log(`  kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  };
  // Ctrl-C or a kill in the middle of a build must not leave containers and images behind.
  const interrupted = (signal) => {
    log(`images: ${signal}, cleaning up`);
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const chosen = VARIANTS.filter((v) => !variants || variants.includes(v.id)).map((v) => v.id);
    for (const app of APPS.filter((a) => !apps || apps.includes(a.fixture))) {
      results.push(...(await measureApp({ root, script, env, app, variants: chosen, work, tagBase, imageIds, cacheIds, coldRuns, editRuns, dependencyRuns, runRuns, log })));
    }
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    cleanup();
  }
  return results;
}
