import { DEFAULT_PYTHON } from '../catalog/python-images.js';
import { SCHEMA_FILE_DEFAULT } from '../catalog/docker-file-names.js';
import type { InitPlan } from './detect.js';
import { outputNameList, renderOutputNames } from './existing-docker-files.js';

/** Default ports of the presets, shown as commented-out overrides. */
const PRESET_PORTS: Record<string, number | undefined> = { flask: 8000, fastapi: 8000, django: 8000, streamlit: 8501 };

/**
 * Writes the manifest `pyenvc init` proposes: valid YAML that validates against the schema, with a
 * comment for every detected value saying why, the notes the user must act on, and commented-out
 * examples of the fields people change next. Deterministic (no dates, no absolute paths).
 */
export function renderInitManifest(plan: InitPlan): string {
  const why = (field: string) => plan.findings.find((f) => f.field === field)?.because;
  const lines: string[] = [
    // init writes the schema there (pyenvc schema --write), so editors need no node_modules (issue 16).
    `# yaml-language-server: $schema=./${SCHEMA_FILE_DEFAULT}`,
    '#',
    '# Written by `pyenvc init` from what it found in this folder. Edit it freely, then run',
    `# \`npx pyenvc compile\` to write ${outputNameList(plan.dockerFiles).join(', ').replace(/, ([^,]*)$/, ' and $1')}`,
    '# (commit them with this file). `npx pyenvc explain` shows every resolved value and where it came',
    '# from; the README lists every field.',
  ];
  if (plan.notes.length) lines.push('#', '# To do:', ...plan.notes.map((n) => `#   - ${n}`));
  lines.push('', 'version: 1', `name: ${plan.name}${comment(why('name'))}`, `preset: ${plan.preset}${comment(why('preset'))}`, '');
  if (plan.omitPython) lines.push('# python.version: left out, the conda environment file decides (see the to-do list)', '');
  else lines.push('python:', `  version: ${JSON.stringify(plan.python ?? DEFAULT_PYTHON)}${comment(plan.python ? why('python.version') : 'the default; a quoted string ("3.10", not 3.10)')}`, '');
  lines.push(...dependencyLines(plan, why('dependencies')));
  const run = runLines(plan);
  if (run.length) lines.push('', ...run);
  if (plan.preset === 'jupyter') {
    lines.push('', 'jupyter:');
    if (plan.jupyterInterface) lines.push(`  interface: ${plan.jupyterInterface}${comment(why('jupyter.interface'))}`);
    // compose passes only JUPYTER_TOKEN_FILE, from the secret file ./secrets/jupyter_token, which must exist (finalize.ts composeSecrets).
    lines.push('  auth: token                   # before `docker compose up`: mkdir -p secrets && openssl rand -hex 16 > secrets/jupyter_token');
  }
  if (plan.installProject || plan.writable?.length) {
    lines.push('', 'project:');
    if (plan.installProject) lines.push(`  install: true${comment(why('project.install'))}`);
    if (plan.writable?.length) {
      const reasons = plan.writable.map((w) => (plan.writable!.length > 1 ? `${w}: ` : '') + (plan.findings.find((f) => f.field === 'project.writable' && f.value === w)?.because ?? ''));
      lines.push(`  writable: [${plan.writable.map(scalar).join(', ')}]${comment(`${reasons.join('; ')} (the rest of the code stays read-only to the app)`)}`);
    }
    lines.push('  # ignore: [data/]             # extra .dockerignore lines');
  }
  if (plan.env && Object.keys(plan.env).length) lines.push('', 'env:', ...Object.entries(plan.env).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}${comment(why(`env.${k}`))}`));
  const composeLines = plan.envFile ? [`  env_file: ${/^\.env$/.test(plan.envFile) ? plan.envFile : scalar(plan.envFile)}${comment(why('compose.env_file'))}`] : [];
  lines.push(...renderOutputNames(plan.dockerFiles, composeLines));
  const composeWritten = composeLines.length > 0 || plan.dockerFiles?.outputs.compose !== undefined;
  lines.push(
    '',
    '# More you may want (uncomment and edit):',
    '# system:',
    '#   packages: [libpq5]          # Debian packages the app needs at run time',
    '#   build_packages: [gcc]       # only for building wheels (builder stage)',
    '# env:',
    '#   TZ: UTC',
    ...(plan.installProject || plan.writable?.length ? [] : ['# project:', '#   ignore: [data/]             # extra .dockerignore lines']),
    composeWritten ? '# compose:                      # (in the compose: mapping above)' : '# compose:',
    '#   publish: 127.0.0.1          # host address of published ports (0.0.0.0 only when you mean it)',
  );
  return `${lines.join('\n')}\n`;
}

function dependencyLines(plan: InitPlan, because: string | undefined): string[] {
  const d = plan.dependencies;
  if (!d) return [`# dependencies:${comment(because)}`, '#   pip:', '#     requirements: [requirements.txt]'];
  const head = [`dependencies:${comment(because)}`];
  switch (d.manager) {
    case 'pip':
      if ('pyproject' in d) return [...head, '  pip:', '    pyproject: true             # [project] dependencies, installed before the code is copied', ...packageLines(plan)];
      return [...head, '  pip:', `    requirements: [${d.requirements.map(scalar).join(', ')}]`, ...packageLines(plan)];
    case 'conda':
      return [...head, '  conda:', `    file: ${scalar(d.file)}`];
    case 'poetry':
      return [...head, '  poetry:', '    groups: [main]'];
    case 'uv':
      return d.package ? [...head, '  uv:', `    package: ${scalar(d.package)}${comment(plan.findings.find((f) => f.field === 'dependencies.uv.package')?.because)}`] : [...head, '  uv: {}'];
    case 'pipenv':
      return [...head, '  pipenv: {}'];
  }
}

/** dependencies.pip.packages: the server init pinned (see requireServer in detect.ts). */
function packageLines(plan: InitPlan): string[] {
  if (!plan.packages?.length) return [];
  return [`    packages: [${plan.packages.map((p) => JSON.stringify(p)).join(', ')}]${comment(plan.findings.find((f) => f.field === 'dependencies.pip.packages')?.because)}`];
}

function runLines(plan: InitPlan): string[] {
  const port = plan.preset === 'jupyter' ? undefined : PRESET_PORTS[plan.preset];
  const set: string[] = [];
  if (plan.run.app) set.push(`  app: ${JSON.stringify(plan.run.app)}${comment(plan.findings.find((f) => f.field === 'run.app')?.because)}`);
  if (plan.run.command) set.push(`  command: [${plan.run.command.map((w) => JSON.stringify(w)).join(', ')}]${comment(plan.findings.find((f) => f.field === 'run.command')?.because ?? 'no main.py: runs app.py')}`);
  const examples = port
    ? [`ports: [${port}]`, 'healthcheck:', '  http: /healthz             # a path that answers 200 when the app is up']
    : plan.preset === 'script' && !plan.run.command
      ? ['command: ["python", "main.py"]   # a list runs without a shell']
      : [];
  const intro = `The preset sets the command${port ? ', port and healthcheck' : ''}; to override:`;
  if (set.length) return ['run:', ...set, ...(examples.length ? [`  # ${intro}`, ...examples.map((e) => `  # ${e}`)] : [])];
  if (examples.length) return [`# ${intro}`, '# run:', ...examples.map((e) => `#   ${e}`)];
  return [];
}

/** A YAML plain scalar when safe, else a JSON (double-quoted YAML) string. */
function scalar(value: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~|[0-9.]+)$/i.test(value) ? value : JSON.stringify(value);
}

function comment(text: string | undefined): string {
  return text ? `   # ${text}` : '';
}
