import type { HealthcheckPlan, PortsPlan } from '../plan/types.js';
import { isUserSet, type PassContext } from './context.js';

/**
 * Resolves container ports, the host address they are published on, and the HTTP healthcheck.
 * For the jupyter preset the port is jupyter.port unless run.ports is written. The healthcheck probes
 * 127.0.0.1 on the first port from inside the container, where the server listens on all interfaces.
 */
export function resolvePorts(ctx: PassContext): PortsPlan {
  const { manifest } = ctx;
  const ordered = manifest.preset === 'jupyter' && !isUserSet(ctx, 'run.ports') ? [manifest.jupyter.port] : manifest.run.ports ?? [];
  if (manifest.preset === 'jupyter' && isUserSet(ctx, 'run.ports') && isUserSet(ctx, 'jupyter.port') && ordered.length > 0 && ordered[0] !== manifest.jupyter.port) {
    ctx.report({
      code: 'PYENV410',
      message: `jupyter.port ${manifest.jupyter.port} and the first of run.ports (${ordered[0]}) disagree: the server would listen on one and the healthcheck and compose would point at the other`,
      hint: `write the port once: keep jupyter.port ${manifest.jupyter.port} and delete run.ports, or make run.ports start with ${manifest.jupyter.port}`,
      path: ['run', 'ports'],
    });
  }
  const plan: PortsPlan = { container: [...ordered].sort((a, b) => a - b), publish: manifest.compose.publish };
  if (ordered.length > 0) plan.primary = ordered[0];
  const check = manifest.run.healthcheck;
  if (check && check.http === undefined) {
    // No preset gives a path: a probe without one would be an invalid HEALTHCHECK line.
    ctx.report({ code: 'PYENV416', message: 'run.healthcheck has no http path to probe, and no preset gives one', hint: 'add `http: /healthz` (a path your server answers with 2xx or 3xx) under run.healthcheck, or set run.healthcheck: false', path: ['run', 'healthcheck'], key: true });
  } else if (check && plan.primary !== undefined) {
    plan.healthcheck = healthcheck(check, plan.primary, isUserSet(ctx, 'run.healthcheck.http'));
  } else if (check && isUserSet(ctx, 'run.healthcheck')) {
    ctx.report({ code: 'PYENV402', message: 'run.healthcheck needs a port to probe, and run.ports is empty', hint: 'add the port your server listens on to run.ports, or set run.healthcheck: false', path: ['run', 'healthcheck'], key: true });
  }
  return plan;
}

/**
 * A path the user did not choose (the preset's `/`, `/docs`, `/api`) may legitimately answer 4xx on a
 * working app, so only 5xx or no answer is unhealthy there; a path the user wrote must answer 2xx/3xx.
 */
function healthcheck(check: Exclude<NonNullable<PassContextManifestRun['healthcheck']>, false>, port: number, userPath: boolean): HealthcheckPlan {
  return { url: `http://127.0.0.1:${port}${check.http}`, port, path: check.http, failFrom: userPath ? 400 : 500, interval: check.interval, timeout: check.timeout, startPeriod: check.start_period, retries: check.retries };
}

type PassContextManifestRun = PassContext['manifest']['run'];
