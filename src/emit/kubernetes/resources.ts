import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { PersistentVolumeClaim, Service } from 'kubernetes-types/core/v1.js';
import type { KubernetesPlan, ResolvedPlan } from '../../plan/types.js';
import { labelsOf, podTemplate } from './pod.js';

/**
 * The long-running workload. No `replicas` (default 1; the overlay or an autoscaler owns it). With
 * claims the strategy is Recreate: a ReadWriteOnce claim attaches to one node, so a rolling update's
 * new pod could wait forever for the old pod's volume
 * (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment).
 */
export function deploymentOf(plan: ResolvedPlan, k8s: KubernetesPlan): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: k8s.name, labels: labelsOf(k8s) },
    spec: {
      selector: { matchLabels: labelsOf(k8s) },
      ...(k8s.claims.length ? { strategy: { type: 'Recreate' } } : {}),
      template: podTemplate(k8s, plan.resources),
    },
  };
}

/**
 * The one-shot script (compose `restart: "no"`): a Job that runs once and is not retried
 * (backoffLimit 0, restartPolicy Never), as compose does not restart it. The Job controller writes
 * its own selector (https://kubernetes.io/docs/concepts/workloads/controllers/job/#specifying-your-own-pod-selector).
 */
export function jobOf(plan: ResolvedPlan, k8s: KubernetesPlan): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: k8s.name, labels: labelsOf(k8s) },
    spec: { backoffLimit: 0, template: podTemplate(k8s, plan.resources, 'Never') },
  };
}

/** ClusterIP Service over the named container ports (targetPort by name, so the overlay may renumber). */
export function serviceOf(k8s: KubernetesPlan): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: k8s.name, labels: labelsOf(k8s) },
    spec: {
      type: 'ClusterIP',
      selector: labelsOf(k8s),
      ports: k8s.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: 'TCP' })),
    },
  };
}

/** One ReadWriteOnce claim per compose volume, without storageClassName (the cluster's default class, or the overlay's). */
export function claimsOf(k8s: KubernetesPlan): PersistentVolumeClaim[] {
  return k8s.claims.map((c) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: c.name, labels: labelsOf(k8s) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: c.storage } } },
  }));
}
