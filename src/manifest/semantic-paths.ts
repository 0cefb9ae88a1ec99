import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { CheckProjectPath } from '../passes/context.js';
import { symlinkEscape } from './path-escapes.js';
import { normalizeRelative, relativeToContext } from './paths.js';
import type { Manifest } from './types.js';
import { dockerignoreMatcher } from './dockerignore-matcher.js';

type Report = (p: DiagnosticInput) => void;

/**
 * Every path the manifest names must stay inside the folder it is relative to: lexically (no `..`,
 * not absolute) and on disk (not through a symbolic link that leads out, which Docker would not
 * follow: https://docs.docker.com/build/concepts/context/). Generated files must have distinct paths.
 */
export function checkPaths(manifest: Manifest, raw: Record<string, unknown>, report: Report, checkPath: CheckProjectPath): void {
  const context = normalizeRelative(manifest.project.context);
  if (context === undefined) {
    report({ code: 'PYENV201', message: `project.context "${manifest.project.context}" is outside the manifest's folder`, hint: 'use a folder at or below the folder of pyenv.yaml, such as "."', path: ['project', 'context'] });
    return;
  }
  const linked = (value: string, path: (string | number)[], what: string) => {
    const normal = normalizeRelative(value);
    const cause = normal === undefined ? undefined : checkPath(normal);
    if (cause) report({ ...symlinkEscape(what, value, cause), path });
    return Boolean(cause);
  };
  if (context !== '.' && linked(manifest.project.context, ['project', 'context'], 'project.context')) return;
  const insideContext = (value: string, path: (string | number)[], what: string) => {
    const normal = normalizeRelative(value);
    if (normal === undefined || relativeToContext(normal, context) === undefined) {
      report({
        code: 'PYENV201',
        message: `${what} "${value}" is outside the build context (${context === '.' ? "the manifest's folder" : context})`,
        hint: 'Docker can only copy files inside the build context: move the file into the project, or use a relative path without ".." or a leading "/"',
        path,
      });
      return;
    }
    linked(value, path, what);
  };
  const pip = manifest.dependencies.pip;
  pip?.requirements.forEach((r, i) => insideContext(r, ['dependencies', 'pip', 'requirements', i], 'requirement file'));
  if (pip?.constraints) insideContext(pip.constraints, ['dependencies', 'pip', 'constraints'], 'constraints file');
  if (manifest.dependencies.conda) insideContext(manifest.dependencies.conda.file, ['dependencies', 'conda', 'file'], 'environment file');
  for (const tool of ['poetry', 'pipenv'] as const) {
    const lock = manifest.dependencies[tool]?.tool_lock;
    if (lock !== undefined) insideContext(lock, ['dependencies', tool, 'tool_lock'], 'tool lock file');
  }
  manifest.project.copy?.forEach((c, i) =>
    typeof c === 'string' ? insideContext(c, ['project', 'copy', i], 'copied path') : insideContext(c.from, ['project', 'copy', i, 'from'], 'copied path'),
  );
  insideContext(manifest.output.entrypoint, ['output', 'entrypoint'], 'the entrypoint script (it is copied into the image)');
  checkOutputs(manifest, report);
  if (manifest.compose.env_file && normalizeRelative(manifest.compose.env_file) === undefined) {
    report({ code: 'PYENV201', message: `compose.env_file "${manifest.compose.env_file}" is outside the manifest's folder`, hint: 'keep the env file inside the project, for example .env', path: ['compose', 'env_file'] });
  }
  checkVolumes(manifest, raw, report, checkPath);
  checkIgnoreLines(manifest, report);
}

/**
 * Each project.ignore line must be a pattern Docker can compile: it turns a line into a regular
 * expression (moby/patternmatcher), and an unclosed or reversed [ ] class stops every build with
 * "syntax error in pattern". @balena/dockerignore does the same conversion, so a line it cannot
 * compile is one Docker cannot either.
 */
function checkIgnoreLines(manifest: Manifest, report: Report): void {
  manifest.project.ignore.forEach((line, i) => {
    try {
      dockerignoreMatcher([line]).ignores('probe');
    } catch {
      report({
        code: 'PYENV209',
        message: `project.ignore line "${line}" is not a pattern Docker can read: the build would stop with "syntax error in pattern"`,
        hint: 'close each [ with ] (ranges low to high, like [a-z]), or write \\[ for a literal [',
        path: ['project', 'ignore', i],
      });
    }
  });
}

/** Generated files stay at or below the manifest's folder, and no two of them share a path (one would overwrite the other). */
function checkOutputs(manifest: Manifest, report: Report): void {
  const outputs: [string, (string | number)[]][] = [
    [manifest.output.dockerfile, ['output', 'dockerfile']],
    [manifest.output.dockerignore, ['output', 'dockerignore']],
    [manifest.output.entrypoint, ['output', 'entrypoint']],
    [manifest.compose.file, ['compose', 'file']],
  ];
  const seen = new Map<string, string>();
  for (const [value, path] of outputs) {
    const normal = normalizeRelative(value);
    const name = path.join('.');
    if (normal === undefined) {
      if (name === 'output.entrypoint') continue; // reported as outside the build context already
      report({ code: 'PYENV501', message: `${name} "${value}" is outside the manifest's folder`, hint: 'write generated files at or below the folder of pyenv.yaml', path });
      continue;
    }
    const other = seen.get(normal);
    if (other) report({ code: 'PYENV504', message: `${name} and ${other} both name "${normal}", so one generated file would overwrite the other`, hint: `give ${name} its own path`, path });
    else seen.set(normal, name);
  }
}

/** A bind mount's host side is the project's: lexically inside it and not a link out of it (case C10). */
function checkVolumes(manifest: Manifest, raw: Record<string, unknown>, report: Report, checkPath: CheckProjectPath): void {
  const rawVolumes = ((raw.compose as Record<string, unknown> | undefined)?.volumes ?? []) as unknown[];
  manifest.compose.volumes.forEach((volume, i) => {
    const host = volume.split(':')[0]!;
    const path = i < rawVolumes.length ? ['compose', 'volumes', i] : ['compose'];
    const normal = normalizeRelative(host);
    if (normal === undefined) {
      report({
        code: 'PYENV204',
        message: `bind mount "${volume}" mounts "${host}", which is outside the project folder`,
        hint: 'mount a folder inside the project, for example "./notebooks:/home/app/work"',
        path,
      });
      return;
    }
    const cause = checkPath(normal);
    if (cause) {
      report({
        code: 'PYENV204',
        message: `bind mount "${volume}" mounts "${host}", which leaves the project folder through a symbolic link (${cause})`,
        hint: 'Docker follows the link and would mount the folder it points to: mount a real folder inside the project',
        path,
      });
    }
  });
}
