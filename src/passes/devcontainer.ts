import { posix } from 'node:path';
import { RUNTIME_STAGE, TERMINAL_SHELL } from '../catalog/images.js';
import type { BasePlan, DependenciesPlan, DevcontainerPlan, EntrypointPlan, FinalizePlan, PortsPlan, ShellPlan } from '../plan/types.js';
import type { PassContext } from './context.js';

/** Where the Dev Containers tools look first (https://containers.dev/implementors/spec/#devcontainerjson). */
export const DEVCONTAINER_FILE = '.devcontainer/devcontainer.json';

/** Where the Jupyter preset's project appears in the dev container, apart from the server's root_dir (issue 16). */
const JUPYTER_WORKSPACE = '/workspace';

/**
 * The `${...}` variables the Dev Containers tools substitute in devcontainer.json; any other `${...}`
 * is left as written (https://containers.dev/implementors/json_reference/#variables-in-devcontainerjson,
 * devcontainers/cli src/spec-common/variableSubstitution.ts).
 */
const DEVCONTAINER_VARIABLE = /\$\{(localEnv:|containerEnv:|env:|localWorkspaceFolder|containerWorkspaceFolder|devcontainerId)/;

/** The plan sections the dev container reads: it resolves nothing of its own that another artifact shares (architecture rule 9). */
export interface DevcontainerInputs {
  base: BasePlan;
  dependencies: DependenciesPlan;
  shell: ShellPlan;
  ports: PortsPlan;
  entrypoint: EntrypointPlan;
  finalize: FinalizePlan;
}

/**
 * Resolves `.devcontainer/devcontainer.json` when the manifest says `devcontainer: true`; undefined
 * otherwise. Rules, each checked with @devcontainers/cli on Docker 20.10 (issue 16):
 * - build from the generated Dockerfile's runtime stage, context = project.context;
 * - `overrideCommand: false` so the init, the entrypoint (`*_FILE` secrets, HOME folders, Jupyter auth)
 *   and CMD run; a one-shot script (preset script without ports) would stop the container at once,
 *   so there the CLI's keep-alive command is kept (`true`) and the script is run from a terminal;
 * - the user by name with updateRemoteUserUID, which remaps it to the host's uid
 *   (https://containers.dev/implementors/json_reference/#general-properties);
 * - the workspace bind-mounted on the workdir (live code over the COPY); for Jupyter on /workspace,
 *   with compose.volumes (the default mounts the project on root_dir) as further mounts;
 * - the private-index secret only when dependencies.index is declared (a missing `src` fails the build).
 * Reports PYENV240 (warning) when project.copy renames paths, PYENV241 (error) for a mount path holding
 * a variable the tools would substitute, PYENV242 (warning) for SELinux flags a `--mount` cannot express.
 */
export function resolveDevcontainer(ctx: PassContext, inputs: DevcontainerInputs): DevcontainerPlan | undefined {
  if (!ctx.manifest.devcontainer) return undefined;
  const { base, dependencies, shell, ports, entrypoint, finalize } = inputs;
  const folder = posix.dirname(DEVCONTAINER_FILE);
  const fromFolder = (p: string) => posix.relative(folder, p === '.' ? '' : p) || '.';
  const jupyter = entrypoint.jupyter !== undefined;
  const oneShot = finalize.compose.restart === 'no';
  const workspace = { source: finalize.context, target: jupyter ? JUPYTER_WORKSPACE : finalize.workdir };
  const mounts: DevcontainerPlan['mounts'] = finalize.compose.volumes.map((v) => ({ source: v.source.replace(/^\.\/?/, '') || '.', target: v.target, readOnly: v.readOnly }));
  finalize.compose.volumes.forEach((v, i) => {
    if (v.selinux) ctx.report({ code: 'PYENV242', severity: 'warning', message: `compose.volumes[${i}] has the SELinux flag :${v.selinux}, which a dev container mount cannot carry: devcontainer.json mounts it without relabelling`, hint: 'on an SELinux host relabel the folder once (chcon -Rt container_file_t <folder>), or drop devcontainer: true', path: ['compose', 'volumes', i] });
  });
  // Not the token secret: its file may not exist on the host (a missing bind source fails `devcontainer up`),
  // and without it Jupyter generates a token and prints the login URL in the container log.
  for (const secret of finalize.compose.secrets.filter((s) => s.name !== 'jupyter_token')) mounts.push({ source: secret.file.replace(/^\.\//, ''), target: secret.target, readOnly: true });
  for (const m of [workspace, ...mounts]) {
    const variable = DEVCONTAINER_VARIABLE.exec(m.source);
    if (variable) {
      ctx.report({ code: 'PYENV241', message: `the folder "${m.source}" cannot be mounted by a dev container: the tools replace "${variable[0]}" in devcontainer.json with their own value, and there is no escape for it`, hint: 'rename the folder, or drop devcontainer: true', path: m === workspace ? ['project', 'context'] : ['compose', 'volumes'] });
    }
  }
  if (ctx.manifest.project.copy?.some((c) => typeof c !== 'string' && c.from.replace(/\/+$/, '') !== c.to.replace(/\/+$/, ''))) {
    ctx.report({ code: 'PYENV240', severity: 'warning', message: `project.copy puts files under other names in the image, but the dev container mounts the whole build context on ${workspace.target}: code there has the layout of your folder, not the image's`, hint: 'copy paths under their own names (project.copy: [src/]) so both layouts agree, or set run.command for the folder layout', path: ['project', 'copy'] });
  }
  const containerEnv: [string, string][] = finalize.compose.environment.filter(([key]) => key !== 'JUPYTER_TOKEN' && key !== 'JUPYTER_TOKEN_FILE');
  const plan: DevcontainerPlan = {
    file: DEVCONTAINER_FILE,
    dockerfile: fromFolder(finalize.outputs.dockerfile),
    context: fromFolder(finalize.context),
    target: RUNTIME_STAGE,
    overrideCommand: oneShot,
    user: shell.userName,
    workspace,
    mounts,
    forwardPorts: [...ports.container],
    containerEnv,
    terminalShell: TERMINAL_SHELL[base.family],
    gpu: finalize.compose.gpu,
    notes: [],
  };
  if (ctx.manifest.dependencies.index) plan.buildSecret = { id: dependencies.secret.id, env: `PYENVC_SECRET_${dependencies.secret.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}` };
  if (finalize.compose.envFile) plan.envFile = finalize.compose.envFile;
  plan.notes = devcontainerNotes(oneShot, entrypoint, shell, plan.buildSecret);
  return plan;
}

function devcontainerNotes(oneShot: boolean, entrypoint: EntrypointPlan, shell: ShellPlan, buildSecret: DevcontainerPlan['buildSecret']): string[] {
  const notes = ['Open: VS Code "Dev Containers: Reopen in Container", or `devcontainer up --workspace-folder .` then `devcontainer exec --workspace-folder . bash`.'];
  if (buildSecret) notes.push(`Build secret ${buildSecret.id}: set ${buildSecret.env} to the path of its file on your machine before opening (the build fails without it).`);
  if (oneShot) {
    notes.push(`The container idles (overrideCommand: true); run the script in a terminal through the entrypoint (it reads *_FILE secrets first): ${[entrypoint.scriptPath, ...entrypoint.command].join(' ')}`);
    return notes;
  }
  notes.push(`The server is the container's main process (overrideCommand: false, ${shell.init ? shell.init.name : 'the server'} as PID 1): the container lives and dies with it.`);
  // gunicorn reloads its workers (re-importing the app) on SIGHUP (https://docs.gunicorn.org/en/stable/signals.html); tini and dumb-init --single-child forward it to that one child (https://github.com/krallin/tini, https://github.com/Yelp/dumb-init).
  if (entrypoint.command[0] === 'gunicorn') notes.push('The code is bind-mounted: after an edit run `kill -HUP 1` in a terminal and gunicorn reloads its workers.');
  else if (entrypoint.jupyter) notes.push('The project is bind-mounted: notebooks and files are live; restart a kernel to re-import edited modules.');
  else notes.push('The code is bind-mounted: after an edit run "Dev Containers: Rebuild Container" (or docker restart) to restart the server.');
  if (entrypoint.jupyter?.auth === 'token') notes.push('Jupyter token: the login URL is in the container log ("Dev Containers: Show Container Log"); JUPYTER_TOKEN is never written here.');
  return notes;
}
