import { ALTERNATIVE_NAMES, COMPOSE_DEFAULT_FILES, COMPOSE_FILE_DEFAULT, COMPOSE_OVERRIDE_FILES, DOCKERFILE_DEFAULT, DOCKERIGNORE_DEFAULT, ENTRYPOINT_DEFAULT } from '../catalog/docker-file-names.js';
import { readHeader } from '../emit/text.js';
import type { Finding } from './detect.js';
import type { ReadFile as ReadFolderFile } from '../project/read-project.js';

/** Paths (relative to the manifest) of the four generated files; the manifest fields are output.* and compose.file. */
export interface OutputNames {
  dockerfile: string;
  dockerignore: string;
  entrypoint: string;
  compose: string;
}

/** Docker files at a project's root that pyenvc did not write, and the output names that leave them alone. */
export interface ExistingDockerFiles {
  /** The hand-written files found, sorted (empty: nothing in the way, defaults kept). */
  found: string[];
  /** The output names that differ from pyenvc's defaults (only those are written into the manifest). */
  outputs: Partial<OutputNames>;
  findings: Finding[];
  notes: string[];
}

/**
 * Chooses output names for `pyenvc init` that never take the place of a hand-written Docker file
 * (a file at the root without a pyenvc header; one pyenvc wrote may be replaced). Rules:
 * - Dockerfile taken → `pyenvc.Dockerfile` (then pyenvc2..., the first free name);
 * - .dockerignore: kept at the context root only when the Dockerfile keeps its name and neither
 *   `.dockerignore` nor `Dockerfile.dockerignore` is taken; otherwise `<Dockerfile>.dockerignore`,
 *   which BuildKit reads in preference to the root file when building that Dockerfile, so the user's
 *   own `docker build .` keeps its own ignore file
 *   (https://docs.docker.com/build/concepts/context/#filename-and-location);
 * - docker-entrypoint.sh taken → `pyenvc-entrypoint.sh`;
 * - any Compose default or override file taken → `compose.pyenvc.yaml`: Compose v2 prefers
 *   compose.yaml over docker-compose.yml and merges override files onto it, so writing compose.yaml
 *   would silently change what `docker compose up` runs
 *   (https://docs.docker.com/compose/intro/compose-application-model/#the-compose-file).
 * `read` gives a file's text (undefined when unreadable: treated as hand-written). Pure.
 */
export function findExistingDockerFiles(files: ReadonlySet<string>, read: ReadFolderFile): ExistingDockerFiles {
  const taken = (name: string) => files.has(name) && !readHeader(read(name) ?? '');
  const candidates = [DOCKERFILE_DEFAULT, ...numbered(ALTERNATIVE_NAMES.dockerfile)];
  let dockerfile = DOCKERFILE_DEFAULT;
  let dockerignore = DOCKERIGNORE_DEFAULT;
  for (const candidate of candidates) {
    if (taken(candidate)) continue;
    const rootIgnoreFree = candidate === DOCKERFILE_DEFAULT && !taken(DOCKERIGNORE_DEFAULT) && !taken(`${DOCKERFILE_DEFAULT}.dockerignore`);
    if (!rootIgnoreFree && taken(`${candidate}.dockerignore`)) continue;
    dockerfile = candidate;
    dockerignore = rootIgnoreFree ? DOCKERIGNORE_DEFAULT : `${candidate}.dockerignore`;
    break;
  }
  const entrypoint = firstFree([ENTRYPOINT_DEFAULT, ...numbered(ALTERNATIVE_NAMES.entrypoint)], taken);
  const userCompose = [...COMPOSE_DEFAULT_FILES, ...COMPOSE_OVERRIDE_FILES].filter(taken);
  const compose = userCompose.length ? firstFree(numbered(ALTERNATIVE_NAMES.compose), taken) : COMPOSE_FILE_DEFAULT;
  const found = [DOCKERFILE_DEFAULT, DOCKERIGNORE_DEFAULT, `${DOCKERFILE_DEFAULT}.dockerignore`, ENTRYPOINT_DEFAULT, ...userCompose].filter(taken).sort();
  const outputs: Partial<OutputNames> = {};
  const findings: Finding[] = [];
  if (dockerfile !== DOCKERFILE_DEFAULT) {
    outputs.dockerfile = dockerfile;
    findings.push({ field: 'output.dockerfile', value: dockerfile, because: `${DOCKERFILE_DEFAULT} exists and was not written by pyenvc` });
  }
  if (dockerignore !== DOCKERIGNORE_DEFAULT) {
    outputs.dockerignore = dockerignore;
    // compile carries the lines of a hand-written .dockerignore into pyenvc's (src/passes/imported-ignores.ts).
    const carried = taken(DOCKERIGNORE_DEFAULT) ? ', so yours is left to your Dockerfile and compile carries its lines into this one' : ', so yours is left to your Dockerfile';
    findings.push({ field: 'output.dockerignore', value: dockerignore, because: `BuildKit reads it instead of .dockerignore when building ${dockerfile}${carried}` });
  }
  if (entrypoint !== ENTRYPOINT_DEFAULT) {
    outputs.entrypoint = entrypoint;
    findings.push({ field: 'output.entrypoint', value: entrypoint, because: `${ENTRYPOINT_DEFAULT} exists and was not written by pyenvc` });
  }
  if (compose !== COMPOSE_FILE_DEFAULT) {
    outputs.compose = compose;
    findings.push({ field: 'compose.file', value: compose, because: `${userCompose.join(', ')} exists: a compose.yaml next to it would change what \`docker compose up\` runs` });
  }
  const notes = found.length
    ? [
        `hand-written Docker files found (${found.join(', ')}): pyenvc's are written as ${Object.values(outputs).join(', ')} (output/compose.file in the manifest) so yours keep working. To take over instead, delete those lines and run \`npx pyenvc compile --force\` (it keeps each of yours it replaces as <name>.orig)${userCompose.some((f) => f !== COMPOSE_FILE_DEFAULT) ? `, then move ${userCompose.filter((f) => f !== COMPOSE_FILE_DEFAULT).join(', ')} away so Compose finds only pyenvc's compose.yaml` : ''}`,
      ]
    : [];
  return { found, outputs, findings, notes };
}

/**
 * The manifest lines for the chosen names: an `output:` section and `compose.file`, each value with
 * the reason as a comment, after a comment saying how to take over instead, and `composeLines` (other
 * compose fields init writes) in the same `compose:` mapping. Empty when the defaults stand and there
 * are no compose lines.
 */
export function renderOutputNames(existing: ExistingDockerFiles | undefined, composeLines: readonly string[] = []): string[] {
  if (!existing || Object.keys(existing.outputs).length === 0) return composeLines.length ? ['', 'compose:', ...composeLines] : [];
  const { outputs, findings } = existing;
  const why = (field: string) => findings.find((f) => f.field === field)?.because;
  const line = (key: string, value: string, field: string) => `  ${key}: ${value}   # ${why(field)}`;
  const lines = [
    '',
    `# Not pyenvc's: ${existing.found.join(', ')}. The names below keep them working; to take over`,
    '# instead, delete these lines and run `npx pyenvc compile --force` (each file it replaces is kept as',
    outputs.compose ? "# <name>.orig), then move your Compose files away so Compose finds only pyenvc's compose.yaml." : '# <name>.orig).',
  ];
  const output = [
    ...(outputs.dockerfile ? [line('dockerfile', outputs.dockerfile, 'output.dockerfile')] : []),
    ...(outputs.dockerignore ? [line('dockerignore', outputs.dockerignore, 'output.dockerignore')] : []),
    ...(outputs.entrypoint ? [line('entrypoint', outputs.entrypoint, 'output.entrypoint')] : []),
  ];
  if (output.length) lines.push('output:', ...output);
  if (outputs.compose) lines.push('compose:', line('file', outputs.compose, 'compose.file'), ...composeLines);
  else if (composeLines.length) lines.push('', 'compose:', ...composeLines);
  return lines;
}

/** All four output names in artifact order (the defaults where nothing is in the way), for the manifest's opening comment. */
export function outputNameList(existing: ExistingDockerFiles | undefined): string[] {
  const o = existing?.outputs ?? {};
  return [o.dockerfile ?? DOCKERFILE_DEFAULT, o.dockerignore ?? DOCKERIGNORE_DEFAULT, o.entrypoint ?? ENTRYPOINT_DEFAULT, o.compose ?? COMPOSE_FILE_DEFAULT];
}

/** `pattern` with `{n}` replaced by '', 2, 3, ... 99. */
function numbered(pattern: string): string[] {
  return Array.from({ length: 99 }, (_, i) => pattern.replace('{n}', i === 0 ? '' : String(i + 1)));
}

function firstFree(candidates: readonly string[], taken: (name: string) => boolean): string {
  return candidates.find((c) => !taken(c)) ?? candidates[candidates.length - 1]!;
}
