import type { ResourceAmounts } from '../manifest/types.js';
import type { ResourceQuantity, ResourcesPlan } from '../plan/types.js';
import type { PassContext } from './context.js';

/**
 * Resolves run.resources into the two spellings the outputs need (undefined when it is absent).
 * Kubernetes quantities (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/):
 * CPU `500m` = 0.5 cores, memory `Mi` = 2^20 bytes. Compose `cpus` is a decimal number of CPUs and
 * memory uses Docker's byte units, which are binary (`m` = MiB: https://docs.docker.com/reference/compose-file/deploy/#resources,
 * https://docs.docker.com/engine/containers/resource_constraints/#limit-a-containers-access-to-memory).
 * A request above its limit is PYENV246: Kubernetes rejects such a pod ("must be less than or equal to
 * cpu limit": https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits).
 */
export function resolveResources(ctx: PassContext): ResourcesPlan | undefined {
  const written = ctx.manifest.run.resources;
  if (!written) return undefined;
  const plan: ResourcesPlan = { requests: amounts(written.requests), limits: amounts(written.limits) };
  for (const key of ['cpu', 'memory'] as const) {
    const request = written.requests?.[key];
    const limit = written.limits?.[key];
    if (request === undefined || limit === undefined) continue;
    const scale = key === 'cpu' ? millicores : bytes;
    if (scale(request) > scale(limit)) {
      ctx.report({
        code: 'PYENV246',
        message: `run.resources.requests.${key} "${request}" is more than run.resources.limits.${key} "${limit}": Kubernetes rejects the pod and Compose the container`,
        hint: `lower the request to at most ${limit}, or raise the limit`,
        path: ['run', 'resources', 'requests', key],
      });
    }
  }
  return plan;
}

function amounts(written: ResourceAmounts | undefined): ResourcesPlan['requests'] {
  const out: ResourcesPlan['requests'] = {};
  if (written?.cpu !== undefined) out.cpu = cpuQuantity(written.cpu);
  if (written?.memory !== undefined) out.memory = memoryQuantity(written.memory);
  return out;
}

/** `500m` → 500; `1.5` → 1500 (the schema allows at most three decimals, i.e. whole millicores). */
export function millicores(cpu: string): number {
  return cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Math.round(Number(cpu) * 1000);
}

/** `512Mi` → 536870912 (the schema allows Ki, Mi and Gi only). */
export function bytes(memory: string): number {
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[memory.slice(-2) as 'Ki' | 'Mi' | 'Gi'];
  return Number(memory.slice(0, -2)) * unit;
}

function cpuQuantity(cpu: string): ResourceQuantity {
  const m = millicores(cpu);
  return { kubernetes: cpu, compose: String(m / 1000) };
}

function memoryQuantity(memory: string): ResourceQuantity {
  const docker = { Ki: 'k', Mi: 'm', Gi: 'g' }[memory.slice(-2) as 'Ki' | 'Mi' | 'Gi'];
  return { kubernetes: memory, compose: `${memory.slice(0, -2)}${docker}` };
}
