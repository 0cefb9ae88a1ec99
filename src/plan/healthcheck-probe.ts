import type { HealthcheckPlan } from './types.js';

/**
 * The probe command of the image's HEALTHCHECK, shared with the Kubernetes exec probe so both run the
 * same check: the image's own Python with http.client, because slim images have no curl (case C36).
 * One GET to 127.0.0.1:<port><path>, redirects not followed; exit 0 when the status is 2xx, 3xx or
 * (for a preset's path) 4xx, i.e. below `failFrom`; a refused connection or a timeout raises, so the
 * exit status is 1 (unhealthy: https://docs.docker.com/reference/dockerfile/#healthcheck).
 * In: the plan's healthcheck and the environment folder (`/opt/venv`); out: exec-form argv.
 */
export function healthcheckProbe(check: HealthcheckPlan, environment: string): string[] {
  const code =
    "import sys, http.client as h; c = h.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=float(sys.argv[3])); c.request('GET', sys.argv[2]); s = c.getresponse().status; sys.exit(0 if 200 <= s < int(sys.argv[4]) else 1)";
  return [`${environment}/bin/python`, '-c', code, String(check.port), check.path, String(seconds(check.timeout)), String(check.failFrom)];
}

/** A Docker duration (`500ms`, `5s`, `1m`, `1h`) in seconds. */
export function seconds(duration: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(duration);
  if (!match) return 5;
  const n = Number(match[1]);
  return match[2] === 'ms' ? n / 1000 : match[2] === 's' ? n : match[2] === 'm' ? n * 60 : n * 3600;
}
