import type { ResolvedPlan } from '../../plan/types.js';
import type { Artifact } from '../index.js';
import { plainYaml } from '../quote.js';
import { withHeader } from '../text.js';
import { claimsOf, deploymentOf, jobOf, serviceOf } from './resources.js';

/**
 * Renders the kustomize base (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/)
 * when the plan has a kubernetes section: kustomization.yaml lists the resources only; namespace,
 * images (registry, tag), replicas, Ingress, storage class and the Secret's content belong to the
 * user's overlays. Each file carries pyenvc's header and checksum, like every other output.
 */
export function renderKubernetes(plan: ResolvedPlan): Artifact[] {
  const k8s = plan.kubernetes;
  if (!k8s) return [];
  const field = 'kubernetes.dir';
  const file = (path: string, notes: string[], documents: unknown[]): Artifact => ({
    path,
    contents: withHeader([...notes.map((n) => `# ${n}`), documents.map((d) => plainYaml(d)).join('---\n')].join('\n'), plan.manifest),
    mode: 0o644,
    field,
  });
  const local = (path: string) => (k8s.dir === '.' ? path : path.slice(k8s.dir.length + 1));
  const resources = [k8s.files.workload, k8s.files.service, k8s.files.pvc].filter((p): p is string => p !== undefined).map(local);
  const artifacts: Artifact[] = [
    file(k8s.files.kustomization, kustomizationNotes(plan), [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }]),
    k8s.workload === 'Job' ? file(k8s.files.workload, [`One run of the script; delete the Job to run it again (kubectl delete job ${k8s.name}).`], [jobOf(plan, k8s)]) : file(k8s.files.workload, [], [deploymentOf(plan, k8s)]),
  ];
  if (k8s.files.service) artifacts.push(file(k8s.files.service, [`In the cluster only; reach it with: kubectl port-forward service/${k8s.name} ${k8s.ports[0]!.port}:${k8s.ports[0]!.name}`], [serviceOf(k8s)]));
  if (k8s.files.pvc) artifacts.push(file(k8s.files.pvc, ['The claims start EMPTY: the host folders of compose.volumes are not copied into the cluster.'], claimsOf(k8s)));
  return artifacts;
}

function kustomizationNotes(plan: ResolvedPlan): string[] {
  const k8s = plan.kubernetes!;
  const notes = [
    `Kustomize base: apply an overlay that sets namespace, images (newName/newTag for ${plan.name}) and replicas:`,
    `kubectl apply -k <overlay>  (README: "Beyond one machine"). Build the image first: pods run ${k8s.image} as uid ${k8s.uid}.`,
  ];
  if (k8s.secret) notes.push(`The pod needs the Secret ${k8s.secret.name} with key(s) ${k8s.secret.keys.join(', ')}: create it in the overlay (secretGenerator), never in this base.`);
  return notes;
}
