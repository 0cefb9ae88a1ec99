import type { BuildCommand, BuildStep, DependenciesPlan, RunMount } from '../plan/types.js';
import { copyArguments, dockerfileValue, shellWord } from './quote.js';

/** The continuation that starts every further line of a multi-line instruction. */
const NEXT = ' \\\n    ';

/**
 * The text of one RUN after the keyword: each mount on its own line, then the commands joined with
 * `&&`. A `NAME=value` secret is exported for this RUN only (`set -a` marks what the file assigns for
 * export) and only when BuildKit mounted it, since secrets are optional.
 */
export function runText(step: BuildStep): string {
  const commands = step.commands.map(commandText);
  if (step.secretEnvFile) commands.unshift(`if [ -f ${step.secretEnvFile} ]; then set -a && . ${step.secretEnvFile} && set +a; fi`);
  return [...step.mounts.map(mountText), commands.join(`${NEXT}&& `)].join(NEXT);
}

function mountText(mount: RunMount): string {
  return mount.type === 'cache' ? `--mount=type=cache,target=${mount.target}` : `--mount=type=secret,id=${mount.id},target=${mount.target}`;
}

function commandText(command: BuildCommand): string {
  if ('shell' in command) return command.shell;
  if ('writeFile' in command) return `printf '%s\\n' ${command.lines.map(shellWord).join(' ')} > ${shellWord(command.writeFile)}`;
  const env = (command.env ?? []).map(([k, v]) => `${k}=${shellWord(v)}`);
  return [...env, ...command.argv.map(shellWord)].join(' ');
}

/** ENV arguments, one `NAME=value` per line; a value is written bare when Docker reads it back unchanged, quoted otherwise. */
export function envText(pairs: readonly [string, string][]): string {
  return pairs.map(([k, v]) => `${k}=${/^[A-Za-z0-9_./:,+-]+$/.test(v) ? v : dockerfileValue(v)}`).join(NEXT);
}

/** `COPY --from=<image> <sources> <target>`: a tool binary taken from its own image. */
export function toolCopyText(copy: DependenciesPlan['toolCopies'][number]): string {
  return `--from=${copy.image} ${copyArguments([...copy.sources, copy.target])}`;
}

/** The header lines telling how to pass the index credentials secret, in the form the manager's tool reads. */
export function secretNotes(dependencies: DependenciesPlan): string[] {
  const { secret, manager } = dependencies;
  const compose = `With Compose v2: build: secrets: [${secret.id}], and a top-level secrets: ${secret.id}: file: <path>.`;
  if (secret.format === 'pip.conf') {
    return [`Private index or mirror: add --secret id=${secret.id},src=<your pip.conf> (optional; mounted`, 'only while installing, never stored in the image).', compose];
  }
  if (secret.format === 'condarc') {
    const pip = dependencies.install.some((s) => s.mounts.some((m) => m.type === 'secret' && m.target === '/etc/pip.conf'));
    return [
      `Channel credentials or mirrors: add --secret id=${secret.id},src=<your .condarc> (optional; mounted`,
      'only while installing, never stored in the image).',
      ...(pip ? ['The pip: packages of the environment read --secret id=pip_conf,src=<your pip.conf> the same way.'] : []),
      compose,
    ];
  }
  const examples: Record<string, string> = {
    uv: 'UV_INDEX_<NAME>_USERNAME=<user> and UV_INDEX_<NAME>_PASSWORD=<token> for an index named in pyproject.toml',
    poetry: 'POETRY_HTTP_BASIC_<SOURCE>_USERNAME=<user> and POETRY_HTTP_BASIC_<SOURCE>_PASSWORD=<token>',
    pipenv: 'PYPI_TOKEN=<token> for a Pipfile [[source]] whose url says ${PYPI_TOKEN}',
  };
  return [
    `Index credentials: add --secret id=${secret.id},src=<file of NAME=value lines> (optional; exported`,
    `only inside the install steps, never stored in the image), for example`,
    `${examples[manager] ?? 'the variables the tool reads'}.`,
    compose,
  ];
}

/**
 * The header lines telling how to give the project its version when the build backend reads it from
 * VCS metadata, which the build context does not contain (`.git` is in the .dockerignore baseline).
 */
export function versionNotes(dependencies: DependenciesPlan): string[] {
  const arg = dependencies.versionArg;
  if (!arg) return [];
  return [
    `Version: ${arg.backend} reads it from git, and .git is not sent to the builder; add`,
    `--build-arg ${arg.name}=$(git describe --tags --abbrev=0) (default ${arg.default}).`,
  ];
}
