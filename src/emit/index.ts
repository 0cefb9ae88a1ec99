import type { ResolvedPlan } from '../plan/types.js';
import { renderCompose } from './compose.js';
import { renderDevcontainer } from './devcontainer.js';
import { renderSwarmStack } from './swarm-stack.js';
import { renderDockerfile } from './dockerfile.js';
import { renderDockerignore } from './dockerignore.js';
import { renderEntrypoint } from './entrypoint.js';
import { renderKubernetes } from './kubernetes/index.js';

/** One generated file: its path relative to the manifest's folder, its text and its file mode. */
export interface Artifact {
  path: string;
  contents: string;
  /** Unix permission bits: 0o755 for the entrypoint script, 0o644 otherwise. */
  mode: number;
  /** The manifest field that names this file's path (output.dockerfile, ..., compose.file, kubernetes.dir, swarm.file), for messages. */
  field?: string;
}

/** Renders every artifact of a plan, in a fixed order: the four Docker files, the Kubernetes base when the manifest asks for it, then .devcontainer/devcontainer.json with `devcontainer: true`, then the Swarm stack file with a `swarm` block. */
export function emitArtifacts(plan: ResolvedPlan): Artifact[] {
  const { outputs } = plan.finalize;
  const devcontainer = renderDevcontainer(plan);
  return [
    { path: outputs.dockerfile, contents: renderDockerfile(plan), mode: 0o644, field: 'output.dockerfile' },
    { path: outputs.dockerignore, contents: renderDockerignore(plan), mode: 0o644, field: 'output.dockerignore' },
    { path: outputs.entrypoint, contents: renderEntrypoint(plan), mode: 0o755, field: 'output.entrypoint' },
    { path: outputs.compose, contents: renderCompose(plan), mode: 0o644, field: 'compose.file' },
    ...renderKubernetes(plan),
    ...(devcontainer && plan.devcontainer ? [{ path: plan.devcontainer.file, contents: devcontainer, mode: 0o644, field: 'devcontainer' }] : []),
    ...(plan.swarm ? [{ path: plan.swarm.file, contents: renderSwarmStack(plan, plan.swarm), mode: 0o644, field: 'swarm.file' }] : []),
  ];
}
