import type { FinalizePlan } from '../plan/types.js';
import type { PassContext } from './context.js';

/**
 * PYENV512: the stack file may not be the manifest, another generated file (Dockerfile, compose file,
 * …, or a file of the Kubernetes folder), nor lie in .git/. In: the normalised swarm.file. Out: false
 * when it was refused (reported at swarm.file).
 */
export function checkSwarmOutput(ctx: PassContext, manifestFile: string, file: string, finalize: FinalizePlan): boolean {
  const others = new Map<string, string>([[manifestFile, 'the manifest itself'], ...Object.entries(finalize.outputs).map(([k, v]) => [v, `the generated ${k} file`] as [string, string])]);
  const k8s = ctx.manifest.kubernetes?.dir;
  const clash = file.split('/').includes('.git')
    ? "inside .git/, Git's own data"
    : others.get(file) ?? (k8s !== undefined && (file === k8s || file.startsWith(`${k8s.replace(/\/+$/, '')}/`)) ? `inside kubernetes.dir (${k8s}), the Kubernetes base` : undefined);
  if (!clash) return true;
  ctx.report({ code: 'PYENV512', message: `swarm.file puts "${file}" at ${clash}`, hint: 'set swarm.file to a file of its own, such as "stack.yaml"', path: ['swarm', 'file'] });
  return false;
}
