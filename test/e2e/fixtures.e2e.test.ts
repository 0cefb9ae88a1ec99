/**
 * Builds and runs every fixture that has an e2e.json (see README.md beside this file): compile a copy
 * with the built CLI, docker build with BuildKit, run with ports on 127.0.0.1, wait for the
 * HEALTHCHECK, probe, check uid / tini / `docker stop`, scan the image for secrets, edit one file and
 * rebuild from cache. Jupyter fixtures also get their authentication and bind-mount ownership checked.
 */
import { chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cacheProblems } from './lib/buildlog.js';
import { e2eContext } from './lib/context.js';
import {
  buildImage,
  exposedPorts,
  historyText,
  hostPort,
  imageContains,
  inspectJson,
  logs,
  processes,
  Resources,
  runDetached,
  stopTimed,
  waitExited,
  waitForLog,
  waitHealthy,
  type BuildResult,
} from './lib/docker.js';
import { LIST_PROCESSES, processProblems, type Proc } from './lib/procs.js';
import { check, run, secs } from './lib/exec.js';
import { e2eFixtures, editSource, FIXTURES, loadSpec, manifestFacts, prepareFixture, unavailable } from './lib/fixture.js';
import { CookieJar, request } from './lib/http.js';
import { report } from './lib/report.js';
import { makeCredentials, plantInContext, runSecretArgs, secretNeedles, type Credentials } from './lib/secrets.js';

/** The uid:gid a Jupyter container runs as to stand for a host user other than the image's 1000. */
const HOST_UID = 1001;
const HOST_GID = 1001;
const HEALTHY_WITHIN_MS = 90_000;
const STOP_WITHIN_MS = 3_000;

for (const name of e2eFixtures()) {
  describe(name, () => {
    const spec = loadSpec(name);
    const facts = manifestFacts(name);
    const resources = new Resources();
    const ctx = e2eContext();
    let skipReason: string | undefined = spec.skip;
    let dir = '';
    let creds: Credentials;
    let build: BuildResult;
    let ports: number[] = [];
    /** The image's ENTRYPOINT[0]: the init that must be PID 1 (tini, or dumb-init from the venv: issue 14). */
    let initPath = '';
    const tag = (n: number) => `pyenvc-e2e-${name}:${ctx.runId}-${n}`;
    const containerName = (what: string) => `pyenvc-e2e-${name}-${ctx.runId}-${what}`;
    const skipIfNeeded = (t: TestContext) => {
      if (skipReason) t.skip(skipReason);
    };

    beforeAll(async () => {
      if (skipReason) {
        report(name, 'skipped', skipReason);
        return;
      }
      dir = resources.dir(await prepareFixture(name));
      creds = makeCredentials(ctx.runId);
      resources.dir(creds.hostDir);
      plantInContext(dir, creds);
      const missing = await unavailable(spec, readFileSync(join(dir, 'Dockerfile'), 'utf8'), ctx.indexUrl);
      if (missing) {
        if (ctx.strict) throw new Error(`PYENVC_E2E_STRICT=1 and ${name} cannot be built offline: ${missing}`);
        skipReason = missing;
        report(name, 'skipped', missing);
        return;
      }
      resources.image(tag(1));
      build = await buildImage(dir, tag(1), `${name}-build1`, { noCache: ctx.noCache, secretId: spec.index_secret, ...(spec.context ? { context: spec.context } : {}) });
      report(name, ctx.noCache ? 'build 1 (no cache)' : 'build 1', secs(build.ms));
      ports = await exposedPorts(tag(1));
      initPath = (await inspectJson(tag(1))).Config.Entrypoint?.[0] ?? '';
    });

    afterAll(async () => {
      await resources.cleanup();
    });

    it(`builds with BuildKit (pip reads the index from the pip_conf secret); the image user is ${facts.uid}:${facts.gid}`, async (t) => {
      skipIfNeeded(t);
      // Without the secret pip would look for PyPI, which is unreachable here, and the build would fail.
      for (const step of build.steps.filter((s) => /pip install/.test(s.instruction) && !s.cached)) {
        expect(step.instruction).toContain(`--mount=type=secret,id=${spec.index_secret ?? 'pip_conf'},target=/etc/pip.conf`);
        expect(build.log).toContain(`Looking in indexes: ${ctx.indexUrl}`);
      }
      const image = await inspectJson(tag(1));
      expect(image.Config.User).toBe(`${facts.uid}:${facts.gid}`);
      expect(facts.uid).toBeGreaterThan(0);
      // Issue 14: a pip environment on an official Debian image brings dumb-init; everything else installs tini.
      const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      expect(image.Config.Entrypoint?.[0]).toBe(/--without-pip --system-site-packages/.test(dockerfile) && /dumb-init/.test(dockerfile) ? '/opt/venv/bin/dumb-init' : 'tini');
    });

    it('issue 14: a runtime stage without system packages runs no package manager; a lean venv has no pip of its own, yet python -m pip works', async (t) => {
      skipIfNeeded(t);
      const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      const runtimeRuns = build.steps.filter((s) => s.stage === 'runtime' && /^RUN /.test(s.instruction)).map((s) => s.instruction);
      // The reviewed plan says what the runtime stage installs (system.packages, source-build libraries, tini).
      const plan = JSON.parse(readFileSync(join(FIXTURES, name, 'expected', 'plan.json'), 'utf8')) as { shell: { runtimePackages: string[] } };
      // pyenvc adds tini only when tini is the init; a manifest may still list it in system.packages (case C28 does).
      const declared = (parseYaml(readFileSync(join(FIXTURES, name, 'pyenv.yaml'), 'utf8')) as { system?: { packages?: string[] } }).system?.packages ?? [];
      if (initPath !== 'tini' && !declared.includes('tini')) expect(plan.shell.runtimePackages).not.toContain('tini');
      if (plan.shell.runtimePackages.length === 0) expect(runtimeRuns.filter((r) => /apt-get|apk /.test(r))).toEqual([]);
      else expect(runtimeRuns.filter((r) => /apt-get|apk /.test(r))).toHaveLength(1);
      if (!/--without-pip/.test(dockerfile)) return;
      const probe = [
        'import importlib.util, os, sys',
        'venv = "/opt/venv"',
        'site = [p for p in sys.path if p.startswith(venv) and p.endswith("site-packages")][0]',
        'print("prefix", sys.prefix)',
        'print("own-pip", os.path.exists(os.path.join(venv, "bin", "pip")) or os.path.isdir(os.path.join(site, "pip")))',
        'print("pip-from", os.path.dirname(os.path.dirname(importlib.util.find_spec("pip").origin)))',
      ].join('\n');
      const r = await check('docker', ['run', '--rm', '--label', `org.pyenvc.e2e.run=${ctx.runId}`, '--entrypoint', '/opt/venv/bin/python', tag(1), '-c', probe], { timeoutMs: 60_000 });
      expect(r.stdout).toContain('prefix /opt/venv');
      expect(r.stdout).toContain('own-pip False');
      expect(r.stdout).not.toMatch(/pip-from \/opt\/venv/);
      const version = await check('docker', ['run', '--rm', '--label', `org.pyenvc.e2e.run=${ctx.runId}`, '--entrypoint', '/opt/venv/bin/python', tag(1), '-m', 'pip', '--version'], { timeoutMs: 60_000 });
      expect(version.stdout).toMatch(/^pip \d+/);
    });

    it('the app user cannot write its code, the environment or any system folder; nothing is world-writable but /tmp and /var/tmp (issue 13 items 5, 6)', async (t) => {
      skipIfNeeded(t);
      // Walks the image's file system as the image user (a one-off command: the entrypoint runs it as is).
      const allowed = [facts.home, '/tmp', '/var/tmp', ...(facts.jupyter ? [facts.jupyter.rootDir] : []), ...facts.writable];
      const walk = [
        'import os, stat, sys',
        'allowed = sys.argv[1:]',
        'inside = lambda p: any(p == a or p.startswith(a + "/") for a in allowed)',
        'for root, dirs, files in os.walk("/"):',
        '    dirs[:] = [d for d in dirs if os.path.join(root, d) not in ("/proc", "/sys", "/dev")]',
        '    for name in [""] + files:',
        '        path = os.path.join(root, name) if name else root',
        '        try: mode = os.lstat(path).st_mode',
        '        except OSError: continue',
        '        if stat.S_ISLNK(mode): continue',
        '        if mode & stat.S_IWOTH and path not in ("/tmp", "/var/tmp"): print("WORLD", path)',
        '        if not inside(path) and os.access(path, os.W_OK): print("WRITABLE", path)',
      ].join('\n');
      const r = await check('docker', ['run', '--rm', '--label', `org.pyenvc.e2e.run=${ctx.runId}`, tag(1), 'python', '-c', walk, ...allowed], { timeoutMs: 180_000 });
      expect(r.stdout.trim().split('\n').filter(Boolean).slice(0, 20)).toEqual([]);
      const probe = await check('docker', ['run', '--rm', '--label', `org.pyenvc.e2e.run=${ctx.runId}`, tag(1), 'sh', '-c', 'touch "$PWD/.probe" 2>/dev/null && echo code-writable; touch "${VIRTUAL_ENV:-${CONDA_PREFIX:-/opt/venv}}/bin/python" 2>/dev/null && echo env-writable; echo checked'], { timeoutMs: 120_000 });
      expect(probe.stdout.trim()).toBe(facts.jupyter ? 'code-writable\nchecked' : 'checked');
      // pyenvc's own files stay out of the image (trial 3): the manifest and the .dockerignore.
      const own = await check('docker', ['run', '--rm', '--label', `org.pyenvc.e2e.run=${ctx.runId}`, tag(1), 'sh', '-c', 'for f in pyenv.yaml .dockerignore; do [ -e "$PWD/$f" ] && echo "$f"; done; echo checked'], { timeoutMs: 120_000 });
      expect(own.stdout.trim()).toBe('checked');
    });

    /** Arguments that give a container its secrets the way the README says (a *_FILE): Jupyter's credential and the fixture's run_secrets. */
    const credentialArgs = (): string[] => [...jupyterCredentialArgs(), ...runSecretArgs(creds.hostDir, spec.run_secrets)];
    const jupyterCredentialArgs = (): string[] => {
      if (!facts.jupyter || facts.jupyter.auth === 'none') return [];
      const file = facts.jupyter.auth === 'token' ? 'jupyter_token' : 'jupyter_password';
      const variable = facts.jupyter.auth === 'token' ? 'JUPYTER_TOKEN_FILE' : 'JUPYTER_PASSWORD_FILE';
      return ['-v', `${join(creds.hostDir, file)}:/run/secrets/${file}:ro`, '-e', `${variable}=/run/secrets/${file}`];
    };
    const publishArgs = () => ports.flatMap((p) => ['-p', `127.0.0.1::${p}`]);
    // The image's HEALTHCHECK command, timeout, start period and retries are kept; only the interval
    // is shortened (5 s default) so the suite does not wait several seconds per container.
    const healthArgs = ['--health-interval=1s'];

    if (spec.kind === 'web' || spec.kind === 'jupyter') {
      let container = '';
      const published = new Map<number, number>();

      it('C04 C12 C35 C36 starts with its ports published on 127.0.0.1 only and becomes healthy', async (t) => {
        skipIfNeeded(t);
        expect(ports.length, 'the image EXPOSEs no port').toBeGreaterThan(0);
        container = await runDetached(resources, containerName('app'), [...healthArgs, ...publishArgs(), ...credentialArgs()], tag(1));
        const ms = await waitHealthy(container, HEALTHY_WITHIN_MS);
        report(name, 'healthy after', secs(ms));
        const bindings = (await inspectJson(container)).NetworkSettings.Ports as Record<string, { HostIp: string }[] | null>;
        for (const [port, list] of Object.entries(bindings)) {
          for (const b of list ?? []) expect(b.HostIp, `${port} published on ${b.HostIp}`).toBe('127.0.0.1');
        }
        for (const p of ports) published.set(p, await hostPort(container, p));
      });

      it('issue 14: with the image\'s own HEALTHCHECK timing, healthy within its first interval + timeout', async (t) => {
        skipIfNeeded(t);
        const health = (await inspectJson(tag(1))).Config.Healthcheck as { Interval: number; Timeout: number };
        const limitMs = (health.Interval + health.Timeout) / 1e6; // nanoseconds in docker inspect
        const own = await runDetached(resources, containerName('own-health'), [...publishArgs(), ...credentialArgs()], tag(1));
        const ms = await waitHealthy(own, HEALTHY_WITHIN_MS);
        report(name, 'healthy (image\'s own interval) after', secs(ms));
        expect(ms, `healthy after ${secs(ms)}, first interval + timeout is ${secs(limitMs)}`).toBeLessThanOrEqual(limitMs);
      });

      it('issue 14: the init at PID 1 adopts an orphaned process and reaps it (no zombie left); sleep as PID 1 leaves one (control)', async (t) => {
        skipIfNeeded(t);
        // The shell exits at once; its background sleep is re-parented to PID 1, which must wait() for it when it ends.
        const orphanState = async (target: string) => {
          const started = await check('docker', ['exec', target, 'sh', '-c', 'sleep 1 >/dev/null 2>&1 & echo $!'], { timeoutMs: 30_000 });
          const pid = started.stdout.trim();
          expect(pid).toMatch(/^\d+$/);
          const parent = await check('docker', ['exec', target, 'sh', '-c', `grep '^PPid:' /proc/${pid}/status | tr -dc 0-9`], { timeoutMs: 30_000 });
          expect(parent.stdout.trim(), 'the orphan is re-parented to PID 1').toBe('1');
          await new Promise((r) => setTimeout(r, 2500));
          const after = await check('docker', ['exec', target, 'sh', '-c', `if [ -e /proc/${pid} ]; then grep '^State:' /proc/${pid}/status; else echo gone; fi`], { timeoutMs: 30_000 });
          return after.stdout.trim();
        };
        expect(await orphanState(container)).toBe('gone');
        // Negative control: a PID 1 that never calls wait() keeps the ended orphan as a zombie, so the check above can fail.
        const control = await runDetached(resources, containerName('no-init'), ['--entrypoint', 'sleep'], tag(1), ['60']);
        expect(await orphanState(control)).toMatch(/^State:\s+Z/);
      });

      it('answers the probes of e2e.json', async (t) => {
        skipIfNeeded(t);
        for (const probe of spec.probes ?? []) {
          const port = published.get(probe.port ?? ports[0]!);
          expect(port, `container port ${probe.port} is not published`).toBeDefined();
          const res = await request(port!, probe.path);
          expect(res.status, `GET ${probe.path}: ${res.body.slice(0, 300)}`).toBe(probe.status);
          if (probe.body !== undefined) expect(res.body).toContain(probe.body);
        }
      });

      it('answers under --read-only --cap-drop ALL --security-opt no-new-privileges --user 12345:12345, with no tmpfs (issue 13 item 8)', async (t) => {
        skipIfNeeded(t);
        const hardened = await runDetached(resources, containerName('hardened'), ['--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--user', '12345:12345', ...healthArgs, ...publishArgs(), ...credentialArgs()], tag(1));
        const ms = await waitHealthy(hardened, HEALTHY_WITHIN_MS);
        report(name, 'hardened docker run: healthy after', secs(ms));
        const port = await hostPort(hardened, ports[0]!);
        if (spec.kind === 'jupyter') {
          expect((await request(port, '/api/status')).status).toBe(403);
        } else {
          // A probe that writes into project.writable needs a volume there, which this run does not give.
          for (const probe of (spec.probes ?? []).filter((p) => (p.port === undefined || p.port === ports[0]) && !p.writes)) {
            const res = await request(port, probe.path);
            expect(res.status, `GET ${probe.path}: ${res.body.slice(0, 300)}`).toBe(probe.status);
          }
        }
        // Where a folder could not be written, the entrypoint said which and where it went instead.
        const text = await logs(hardened);
        expect(text).not.toMatch(/Traceback \(most recent call last\)/);
        if (spec.kind === 'jupyter') expect(text).toMatch(/JUPYTER_RUNTIME_DIR\) is not writable by uid 12345; using \/dev\/shm\/pyenvc-home\./);
      });

      it(`C07 C11 C16 runs as uid ${facts.uid} (the manifest's), with the image's init as PID 1 and the command exec'd`, async (t) => {
        skipIfNeeded(t);
        const procs = await processes(container);
        expect(processProblems(procs, facts.uid, facts.gid, initPath), JSON.stringify(procs)).toEqual([]);
        for (const e of spec.exec ?? []) {
          const r = await check('docker', ['exec', container, ...e.command], { timeoutMs: 60_000 });
          expect(r.stdout).toContain(e.stdout);
        }
      });

      it(`C15 docker stop returns in under ${STOP_WITHIN_MS / 1000} s`, async (t) => {
        skipIfNeeded(t);
        const ms = await stopTimed(container);
        report(name, 'docker stop', secs(ms));
        expect(ms).toBeLessThan(STOP_WITHIN_MS);
      });
    }

    if (spec.kind === 'jupyter') {
      const jupyter = facts.jupyter!;
      let container = '';
      let port = 0;
      let hostFolder = '';
      const auth = (): Record<string, string> => (jupyter.auth === 'token' ? { Authorization: `token ${creds.token}` } : {});
      const jar = new CookieJar();

      it(`C10 C37 jupyter: runs as a host user (--user ${HOST_UID}:${HOST_GID}) with a host folder bind-mounted at ${jupyter.rootDir}`, async (t) => {
        skipIfNeeded(t);
        // The fixture's notebooks/ stands for the user's folder; it belongs to the host user, as
        // match_host_user expects, and is not writable by the image's uid 1000.
        hostFolder = join(dir, 'notebooks');
        chownSync(hostFolder, HOST_UID, HOST_GID);
        container = await runDetached(
          resources,
          containerName('hostuser'),
          [...healthArgs, ...publishArgs(), ...credentialArgs(), '--user', `${HOST_UID}:${HOST_GID}`, '-v', `${hostFolder}:${jupyter.rootDir}`],
          tag(1),
        );
        await waitHealthy(container, HEALTHY_WITHIN_MS);
        port = await hostPort(container, ports[0]!);
        const procs = await processes(container);
        expect(processProblems(procs, HOST_UID, HOST_GID, initPath), JSON.stringify(procs)).toEqual([]);
      });

      it('C05 jupyter: without credentials the API answers 403 and pages redirect to the login', async (t) => {
        skipIfNeeded(t);
        const api = await request(port, '/api/status');
        expect(api.status).toBe(403);
        const tree = await request(port, '/tree');
        expect(tree.status).toBe(302);
        expect(tree.location).toMatch(/\/login\b/);
        const contents = await request(port, '/api/contents');
        expect(contents.status).toBe(403);
      });

      if (jupyter.auth === 'token') {
        it('C05 jupyter: the token from JUPYTER_TOKEN_FILE opens the API (header and ?token=); a wrong one does not', async (t) => {
          skipIfNeeded(t);
          expect((await request(port, '/api/status', { headers: auth() })).status).toBe(200);
          expect((await request(port, `/api/status?token=${encodeURIComponent(creds.token)}`)).status).toBe(200);
          expect((await request(port, '/api/status', { headers: { Authorization: 'token wrong' } })).status).toBe(403);
        });
      }

      if (jupyter.auth === 'password') {
        it('C05 jupyter: the password from JUPYTER_PASSWORD_FILE logs in (GET /login, POST /login with _xsrf -> 302, /api/status 200); a wrong one does not', async (t) => {
          skipIfNeeded(t);
          const login = async (password: string) => {
            const page = await request(port, '/login');
            expect(page.status).toBe(200);
            jar.take(page.setCookies);
            const xsrf = jar.get('_xsrf');
            expect(xsrf, 'no _xsrf cookie from GET /login').toBeDefined();
            const res = await request(port, '/login', {
              method: 'POST',
              headers: { ...jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ _xsrf: xsrf!, password }).toString(),
            });
            jar.take(res.setCookies);
            return res;
          };
          const wrong = await login('not the password');
          expect(wrong.status, 'a wrong password must not redirect into the server').not.toBe(302);
          expect((await request(port, '/api/status', { headers: jar.header() })).status).toBe(403);
          const right = await login(creds.password);
          expect(right.status, right.body.slice(0, 300)).toBe(302);
          expect((await request(port, '/api/status', { headers: jar.header() })).status).toBe(200);
        });
      }

      const authed = () => (jupyter.auth === 'token' ? auth() : jar.header());

      it(`C08 jupyter: /api/contents lists a file put in the host folder`, async (t) => {
        skipIfNeeded(t);
        const file = `from-host-${ctx.runId}.txt`;
        writeFileSync(join(hostFolder, file), 'written on the host\n');
        const res = await request(port, '/api/contents', { headers: authed() });
        expect(res.status, res.body.slice(0, 300)).toBe(200);
        const names = (JSON.parse(res.body).content as { name: string }[]).map((c) => c.name);
        expect(names).toContain(file);
      });

      it(`C10 jupyter: a file created through the API is owned by the host user ${HOST_UID}:${HOST_GID} on the host`, async (t) => {
        skipIfNeeded(t);
        const file = `from-api-${ctx.runId}.txt`;
        const headers: Record<string, string> = { ...authed(), 'Content-Type': 'application/json' };
        if (jupyter.auth === 'password') headers['X-XSRFToken'] = jar.get('_xsrf')!;
        const res = await request(port, `/api/contents/${file}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ type: 'file', format: 'text', content: 'written through the API\n' }),
        });
        expect(res.status, res.body.slice(0, 300)).toBe(201);
        const st = statSync(join(hostFolder, file));
        expect([st.uid, st.gid]).toEqual([HOST_UID, HOST_GID]);
      });

      it(`C05 jupyter: the ${jupyter.auth} never appears in docker logs or docker inspect`, async (t) => {
        skipIfNeeded(t);
        const secret = jupyter.auth === 'token' ? creds.token : creds.password;
        const inspect = (await check('docker', ['inspect', container])).stdout;
        const text = await logs(container);
        expect(text, 'the logs name where the credential came from').toMatch(/pyenvc: Jupyter auth/);
        expect(text.includes(secret), `the ${jupyter.auth} is in docker logs:\n${text}`).toBe(false);
        expect(inspect.includes(secret), `the ${jupyter.auth} is in docker inspect`).toBe(false);
        // The same holds for the first container, run as the image's user.
        const first = containerName('app');
        expect((await logs(first)).includes(secret)).toBe(false);
        expect((await check('docker', ['inspect', first])).stdout.includes(secret)).toBe(false);
      });

      if (jupyter.auth === 'password') {
        it('jupyter: without a password the container stops with a clear message (no default password)', async (t) => {
          skipIfNeeded(t);
          const bare = await runDetached(resources, containerName('nopassword'), [], tag(1));
          const code = await waitExited(bare, 60_000);
          expect(code).not.toBe(0);
          expect(await logs(bare)).toMatch(/no password was given/);
        });
      }
    }

    if (spec.kind === 'oneshot') {
      it(`runs to completion: prints "${spec.output?.stdout}" and exits ${spec.output?.exit_code}`, async (t) => {
        skipIfNeeded(t);
        const r = await run('docker', ['run', '--name', containerName('run'), '--label', `org.pyenvc.e2e.run=${ctx.runId}`, tag(1)], { timeoutMs: 120_000 });
        resources.container(containerName('run'));
        expect(r.code, r.stdout + r.stderr).toBe(spec.output!.exit_code);
        expect(r.stdout).toContain(spec.output!.stdout);
        report(name, 'docker run (to exit)', secs(r.ms));
      });

      it(`C07 C11 C16 runs as uid ${facts.uid} (the manifest's), with the image's init as PID 1 and the command exec'd`, async (t) => {
        skipIfNeeded(t);
        const r = await check('docker', ['run', '--rm', '--label', `org.pyenvc.e2e.run=${ctx.runId}`, tag(1), 'python', '-c', LIST_PROCESSES], { timeoutMs: 120_000 });
        const procs = JSON.parse(r.stdout) as Proc[];
        expect(processProblems(procs, facts.uid, facts.gid, initPath), JSON.stringify(procs)).toEqual([]);
        for (const e of spec.exec ?? []) {
          const out = await check('docker', ['run', '--rm', '--label', `org.pyenvc.e2e.run=${ctx.runId}`, tag(1), ...e.command], { timeoutMs: 120_000 });
          expect(out.stdout).toContain(e.stdout);
        }
      });
    }

    if (spec.kind === 'worker') {
      let container = '';
      it(`C18 "${spec.logs?.started}" reaches docker logs within ${spec.logs?.within_s} s (unbuffered output)`, async (t) => {
        skipIfNeeded(t);
        const started = performance.now(); // the clock includes creating and starting the container
        container = await runDetached(resources, containerName('worker'), [], tag(1));
        const ms = await waitForLog(container, spec.logs!.started, spec.logs!.within_s * 1000, started);
        report(name, 'first log line after', secs(ms));
      });

      it('starts under --read-only --cap-drop ALL --security-opt no-new-privileges --user 12345:12345, with no tmpfs, or says which folder it cannot write (issue 13 item 8)', async (t) => {
        skipIfNeeded(t);
        const hardened = await runDetached(resources, containerName('hardened'), ['--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--user', '12345:12345'], tag(1));
        const started = spec.logs!.started.replace(/\b1000\b/g, '12345');
        const deadline = performance.now() + spec.logs!.within_s * 1000 + 10_000;
        let text = '';
        while (performance.now() < deadline && !text.includes(started) && !/Traceback|exited/.test(text)) {
          text = await logs(hardened);
          await new Promise((r) => setTimeout(r, 250));
        }
        // A worker that writes HOME itself (case C37) cannot run on a read-only HOME: the entrypoint names it first.
        if (!text.includes(started)) expect(text).toContain(`pyenvc: warning: HOME (${facts.home}) is not writable by uid 12345`);
        report(name, 'hardened docker run', text.includes(started) ? 'started' : 'HOME not writable (named by the entrypoint)');
      });

      it(`C07 C11 C16 runs as uid ${facts.uid} (the manifest's), with the image's init as PID 1 and the command exec'd`, async (t) => {
        skipIfNeeded(t);
        const procs = await processes(container);
        expect(processProblems(procs, facts.uid, facts.gid, initPath), JSON.stringify(procs)).toEqual([]);
        for (const e of spec.exec ?? []) {
          const r = await check('docker', ['exec', container, ...e.command], { timeoutMs: 60_000 });
          expect(r.stdout).toContain(e.stdout);
        }
      });

      it(`C15 docker stop returns in under ${STOP_WITHIN_MS / 1000} s, the worker sees SIGTERM and exits 0`, async (t) => {
        skipIfNeeded(t);
        const ms = await stopTimed(container);
        report(name, 'docker stop', secs(ms));
        expect(ms).toBeLessThan(STOP_WITHIN_MS);
        expect(await logs(container)).toContain(spec.logs!.on_stop);
        expect((await inspectJson(container)).State.ExitCode).toBe(0);
      });
    }

    it('C29 C31 no secret (index pip.conf, Jupyter token or password kept in .env/secrets/) in docker history --no-trunc or docker save', async (t) => {
      skipIfNeeded(t);
      const needles = { ...secretNeedles(ctx.pipConf, ctx.indexUrl, creds), ...Object.fromEntries(Object.entries(spec.run_secrets ?? {}).map(([k, v]) => [`run secret ${k}`, v])) };
      const history = await historyText(tag(1));
      expect(history, 'positive control: the history shows the runtime steps').toContain('useradd');
      for (const [what, needle] of Object.entries(needles)) expect(history.includes(needle), `${what} in docker history`).toBe(false);
      // Positive control: the entrypoint's checksum line is in a layer, so the scan does see file contents.
      const control = /pyenvc-checksum: sha256:[0-9a-f]{64}/.exec(readFileSync(join(dir, spec.context ?? '', 'docker-entrypoint.sh'), 'utf8'))![0];
      const found = await imageContains(tag(1), [...Object.values(needles), control]);
      expect(found.has(control), 'positive control: the scan must find the entrypoint checksum').toBe(true);
      for (const [what, needle] of Object.entries(needles)) expect(found.has(needle), `${what} found in docker save output`).toBe(false);
    });

    it(`C30 rebuild after editing ${spec.edit}: every step before the project COPY is CACHED`, async (t) => {
      skipIfNeeded(t);
      // The fixture's name goes into the edit too: two fixtures with the same code (flask and k8s-web, now
      // that pyenv.yaml stays out of the image) would otherwise share the edited COPY layer in the cache.
      editSource(join(dir, spec.edit), `${ctx.runId}-${name}`);
      resources.image(tag(2));
      const again = await buildImage(dir, tag(2), `${name}-build2`, { secretId: spec.index_secret, ...(spec.context ? { context: spec.context } : {}) });
      report(name, 'build 2 (after edit)', `${secs(again.ms)} (build 1: ${secs(build.ms)})`);
      const problems = cacheProblems(again.steps);
      if (problems.length === 0) return;
      // The BuildKit cache belongs to the whole daemon: another build that prunes it or evicts entries
      // between our two builds (possible on a shared development machine, not in CI) makes steps run
      // again. One more edit-and-rebuild right after tells that apart from a Dockerfile that does not
      // cache; both attempts are reported.
      report(name, 'cache check, attempt 1', `${problems.length} step(s) not cached (see ${again.logFile}); retrying once`);
      editSource(join(dir, spec.edit), `${ctx.runId}-${name}-retry`);
      resources.image(tag(3));
      const third = await buildImage(dir, tag(3), `${name}-build3`, { secretId: spec.index_secret, ...(spec.context ? { context: spec.context } : {}) });
      report(name, 'build 3 (after a second edit)', secs(third.ms));
      expect(cacheProblems(third.steps), `see ${again.logFile} and ${third.logFile}`).toEqual([]);
    });
  });
}
