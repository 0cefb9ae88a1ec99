/**
 * Which manifest fields each value of the resolved plan is computed from, for `pyenvc explain`.
 * Keys are dotted plan paths (`ports.container`); `*` stands for the name in a `[name, value]` pair
 * list (`finalize.env.*` → `env.*`). An empty list means the value is fixed by pyenvc itself.
 * A plan value missing from this table is shown as "computed" (no origin recorded), so a new plan
 * field never breaks `explain`; add it here to name its sources. `preset` counts only when the first
 * listed field has no origin but a default (the preset's code computes the value, e.g. the command);
 * a `jupyter:` prefix keeps a source only under the jupyter preset.
 */
export const PLAN_SOURCES: Readonly<Record<string, readonly string[]>> = {
  'base.builderImage': ['base.image', 'python.version', 'base.variant'],
  'base.runtimeImage': ['base.image', 'python.version', 'base.variant', 'base.digest'],
  'base.platform': ['base.platform'],
  'base.family': ['base.image', 'base.variant'],
  'base.pythonVersion': ['python.version'],
  'base.distroPython': ['base.image'],
  'dependencies.manager': ['dependencies'],
  'dependencies.chosenBy': ['dependencies'],
  'dependencies.files': ['dependencies'],
  'dependencies.installArgs': ['dependencies'],
  'dependencies.environment': [],
  'dependencies.indexSecret': ['dependencies.index.secret'],
  'dependencies.indexUrl': ['dependencies.index.url'],
  'dependencies.installProject': ['project.install'],
  'dependencies.buildPackages': ['system.build_packages', 'base.image'],
  'shell.runtimePackages': ['system.packages', 'run.init'],
  'shell.createUser': ['user'],
  'shell.tini': ['run.init'],
  'shell.home': ['user.name'],
  'shell.uid': ['user.uid'],
  'shell.gid': ['user.gid'],
  'shell.userName': ['user.name'],
  'shell.buildSteps': ['build.run'],
  'shell.buildArgs.*': ['build.args.*'],
  'ports.container': ['run.ports', 'jupyter:jupyter.port'],
  'ports.primary': ['run.ports', 'jupyter:jupyter.port'],
  'ports.publish': ['compose.publish'],
  'ports.healthcheck.url': ['run.healthcheck.http', 'run.ports', 'jupyter:jupyter.port'],
  'ports.healthcheck.interval': ['run.healthcheck.interval'],
  'ports.healthcheck.timeout': ['run.healthcheck.timeout'],
  'ports.healthcheck.startPeriod': ['run.healthcheck.start_period'],
  'ports.healthcheck.retries': ['run.healthcheck.retries'],
  'entrypoint.scriptPath': [],
  'entrypoint.sourcePath': ['output.entrypoint'],
  'entrypoint.entrypoint': ['run.init'],
  'entrypoint.command': ['run.command', 'run.app', 'preset'],
  'entrypoint.jupyter.interface': ['jupyter.interface'],
  'entrypoint.jupyter.auth': ['jupyter.auth'],
  'entrypoint.jupyter.rootDir': ['jupyter.root_dir'],
  'finalize.workdir': ['project.workdir', 'jupyter:preset', 'jupyter:jupyter.root_dir'],
  'finalize.env.*': ['env.*'],
  'finalize.copy': ['project.copy', 'project.context'],
  'finalize.ignore': ['project.ignore'],
  'finalize.compose.file': ['compose.file'],
  'finalize.compose.service': ['name'],
  'finalize.compose.ports': ['compose.publish', 'run.ports', 'jupyter:jupyter.port'],
  'finalize.compose.volumes': ['compose.volumes', 'jupyter:preset'],
  'finalize.compose.envFile': ['compose.env_file'],
  'finalize.compose.user': ['compose.match_host_user', 'user.uid', 'user.gid'],
  'finalize.compose.gpu': ['compose.gpu'],
  'finalize.compose.environment.*': ['jupyter.auth'],
  'finalize.compose.secrets': ['jupyter.auth'],
  'finalize.outputs.dockerfile': ['output.dockerfile'],
  'finalize.outputs.dockerignore': ['output.dockerignore'],
  'finalize.outputs.entrypoint': ['output.entrypoint'],
  'finalize.outputs.compose': ['compose.file'],
};

/** The plan sections in pass order (architecture rule 1); `explain` shows them in this order. */
export const PLAN_SECTIONS = ['base', 'dependencies', 'shell', 'ports', 'entrypoint', 'finalize'] as const;
