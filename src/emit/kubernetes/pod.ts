import type { Container, PodSpec, PodTemplateSpec, Probe, Volume, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { KubernetesPlan, KubernetesProbePlan, ResourcesPlan } from '../../plan/types.js';
import { boundedLabel } from '../../passes/kubernetes-name.js';
import { kubernetesLiteral } from '../quote.js';

/** The label every object carries and the selector matches: the name alone, never a version (a Deployment's selector is immutable). */
export function labelsOf(k8s: KubernetesPlan): Record<string, string> {
  return { 'app.kubernetes.io/name': k8s.name };
}

/**
 * The pod template shared by the Deployment and the Job. It passes the Pod Security "restricted"
 * profile (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted): runAsNonRoot
 * with the image's uid/gid, seccomp RuntimeDefault, no privilege escalation, capabilities drop ALL; plus
 * a read-only root filesystem with emptyDir volumes where tools write. No command/args: the image's
 * ENTRYPOINT (the init, then the entrypoint's *_FILE handling) and CMD stay in charge. enableServiceLinks is
 * off, because a Service named like a tool (jupyter) would inject `JUPYTER_PORT=tcp://...`, which
 * Jupyter reads (https://kubernetes.io/docs/tutorials/services/connect-applications-service/#environment-variables).
 * The service account token is not mounted: the app does not talk to the API server.
 */
export function podTemplate(k8s: KubernetesPlan, resources: ResourcesPlan | undefined, restartPolicy?: 'Never'): PodTemplateSpec {
  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];
  for (const path of k8s.writable) {
    // /tmp → tmp, /home/app/.cache → home-app-cache: unique because the paths are.
    const name = boundedLabel(path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '')) || 'root';
    volumes.push({ name, emptyDir: {} });
    mounts.push({ name, mountPath: path });
  }
  for (const claim of k8s.claims) {
    volumes.push({ name: claim.name, persistentVolumeClaim: { claimName: claim.name, ...(claim.readOnly ? { readOnly: true } : {}) } });
    mounts.push({ name: claim.name, mountPath: claim.mountPath, ...(claim.readOnly ? { readOnly: true } : {}) });
  }
  if (k8s.secret) {
    // 0440 with fsGroup: readable by the app's group, as compose's secret files are by the app.
    volumes.push({ name: 'secrets', secret: { secretName: k8s.secret.name, defaultMode: 0o440, items: k8s.secret.keys.map((key) => ({ key, path: key })) } });
    mounts.push({ name: 'secrets', mountPath: k8s.secret.mountPath, readOnly: true });
  }
  const container: Container = {
    name: k8s.name,
    image: k8s.image,
    ...(k8s.ports.length ? { ports: k8s.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })) } : {}),
    ...(k8s.env.length ? { env: k8s.env.map(([name, value]) => ({ name, value: kubernetesLiteral(value) })) } : {}),
    ...containerResources(k8s, resources),
    ...(k8s.probe ? probes(k8s.probe) : {}),
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    },
    volumeMounts: mounts,
  };
  const spec: PodSpec = {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    ...(restartPolicy ? { restartPolicy } : {}),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: k8s.uid,
      runAsGroup: k8s.gid,
      // Volumes (claims, the secret) become group-owned by the app's gid; OnRootMismatch skips the
      // recursive chown of a large claim when it is already right.
      fsGroup: k8s.gid,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    },
    terminationGracePeriodSeconds: k8s.terminationGracePeriodSeconds,
    containers: [container],
    volumes,
  };
  return { metadata: { labels: labelsOf(k8s) }, spec };
}

/** Requests and limits as strings (quantities); the GPU is an extended resource, which Kubernetes takes in limits (https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/). */
function containerResources(k8s: KubernetesPlan, resources: ResourcesPlan | undefined): Partial<Pick<Container, 'resources'>> {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (resources?.requests.cpu) requests.cpu = resources.requests.cpu.kubernetes;
  if (resources?.requests.memory) requests.memory = resources.requests.memory.kubernetes;
  if (resources?.limits.cpu) limits.cpu = resources.limits.cpu.kubernetes;
  if (resources?.limits.memory) limits.memory = resources.limits.memory.kubernetes;
  if (k8s.gpu) limits['nvidia.com/gpu'] = '1';
  if (!Object.keys(requests).length && !Object.keys(limits).length) return {};
  return { resources: { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) } };
}

/** Startup holds readiness and liveness back until the app answers; then readiness gates traffic and liveness restarts a hung server. */
function probes(plan: KubernetesProbePlan): Pick<Container, 'startupProbe' | 'readinessProbe' | 'livenessProbe'> {
  const handler: Probe = 'exec' in plan.handler
    ? { exec: { command: plan.handler.exec.map(kubernetesLiteral) } }
    : { httpGet: { path: plan.handler.httpGet.path, port: plan.handler.httpGet.port, httpHeaders: [{ name: 'Host', value: plan.handler.httpGet.host }] } };
  const timing = { periodSeconds: plan.periodSeconds, timeoutSeconds: plan.timeoutSeconds };
  return {
    startupProbe: { ...handler, ...timing, failureThreshold: plan.startupFailureThreshold },
    readinessProbe: { ...handler, ...timing, failureThreshold: plan.failureThreshold },
    livenessProbe: { ...handler, ...timing, failureThreshold: plan.failureThreshold },
  };
}
