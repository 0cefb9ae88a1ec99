import type { ResolvedPlan } from '../plan/types.js';
import { withHeader } from './text.js';

/** The devcontainer.json variable for the folder the tools opened: the manifest's folder (https://containers.dev/implementors/json_reference/#variables-in-devcontainerjson). */
const WORKSPACE = '${localWorkspaceFolder}';

/**
 * Renders `.devcontainer/devcontainer.json` from the plan's `devcontainer` section: a JSON object
 * (JSON.stringify, two-space indent, keys in a fixed order) under the pyenvc header as `//` comments,
 * which the format allows (devcontainer.json is JSONC: https://containers.dev/implementors/json_reference/),
 * so `pyenvc compile` detects hand edits and `--check` stale files as for every other output.
 * Valid against devcontainers/spec `schemas/devContainer.base.schema.json` (test/vendor/). Throws
 * nothing; returns undefined when the plan has no dev container.
 */
export function renderDevcontainer(plan: ResolvedPlan): string | undefined {
  const dc = plan.devcontainer;
  if (!dc) return undefined;
  const build: Record<string, unknown> = { dockerfile: dc.dockerfile, context: dc.context, target: dc.target };
  // `${localEnv:NAME}` is read on the host when the CLI builds (https://containers.dev/implementors/json_reference/#variables-in-devcontainerjson).
  if (dc.buildSecret) build.options = ['--secret', `id=${dc.buildSecret.id},src=\${localEnv:${dc.buildSecret.env}}`];
  const document: Record<string, unknown> = {
    name: plan.name,
    build,
    overrideCommand: dc.overrideCommand,
    containerUser: dc.user,
    remoteUser: dc.user,
    updateRemoteUserUID: true,
    // The user's shell is /usr/sbin/nologin: the CLI's default login-shell probe fails ("This account is currently not available").
    userEnvProbe: 'none',
    workspaceMount: mountString(dc.workspace.source, dc.workspace.target, false),
    workspaceFolder: dc.workspace.target,
  };
  if (dc.mounts.length) document.mounts = dc.mounts.map((m) => mountString(m.source, m.target, m.readOnly));
  if (dc.forwardPorts.length) document.forwardPorts = dc.forwardPorts;
  if (dc.containerEnv.length) document.containerEnv = Object.fromEntries(dc.containerEnv);
  const runArgs = [...(dc.envFile ? ['--env-file', workspacePath(dc.envFile)] : []), ...(dc.gpu ? ['--gpus', 'all'] : [])];
  if (runArgs.length) document.runArgs = runArgs;
  document.customizations = {
    vscode: {
      settings: {
        'terminal.integrated.defaultProfile.linux': 'pyenvc',
        'terminal.integrated.profiles.linux': { pyenvc: { path: dc.terminalShell } },
      },
    },
  };
  const body = [...dc.notes.map((n) => `// ${n}`), JSON.stringify(document, null, 2)].join('\n');
  return withHeader(body, plan.manifest, '//');
}

/** A host path under the workspace folder, as the devcontainer tools substitute it. */
function workspacePath(source: string): string {
  return source === '.' ? WORKSPACE : `${WORKSPACE}/${source}`;
}

/**
 * A `docker run --mount` value (https://docs.docker.com/engine/storage/bind-mounts/#options-for---mount).
 * Docker reads it as one CSV record (docker/cli opts/mount.go, Go encoding/csv): a field holding a
 * comma or a double quote is written in double quotes with `"` doubled, which reads back exactly.
 */
export function mountString(source: string, target: string, readOnly: boolean): string {
  const field = (text: string) => (/[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [field(`source=${workspacePath(source)}`), field(`target=${target}`), 'type=bind', ...(readOnly ? ['readonly'] : [])].join(',');
}


