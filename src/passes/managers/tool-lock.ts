import { TOOL_ENVIRONMENTS, TOOL_LOCK_TARGETS, TOOLS } from '../../catalog/images.js';
import { normalizeRelative } from '../../manifest/paths.js';
import type { Manifest } from '../../manifest/types.js';
import type { BuildStep, ToolLockPlan } from '../../plan/types.js';
import { pinnedRequirement, requirementLines } from '../../project/requirement-lines.js';
import { compareReleases } from '../../project/release-order.js';
import type { ReadProjectFile } from '../context.js';
import { checkToolLock } from './tool-lock-checks.js';
import type { ManagerInput } from './types.js';
import { installTool } from './venv.js';

/** The tools that run from a tool environment installed with pip, and so can be locked. */
export type LockedTool = keyof typeof TOOL_LOCK_TARGETS;

/**
 * The documented way to write a tool lock, on a machine that reaches the index: pip-compile with
 * `--generate-hashes` ("Generate pip 8 style hashes in the resulting requirements file") and
 * `--allow-unsafe` ("Pin packages considered unsafe: distribute, pip, setuptools"; without it they
 * stay comments and hash-checking refuses them), pip-tools `piptools/scripts/options.py`.
 */
export function toolLockCommand(tool: LockedTool, file: string, version: string = TOOLS[tool]): string {
  return `echo '${tool}==${version}' > ${tool}.in && pip-compile --generate-hashes --allow-unsafe -o ${file} ${tool}.in`;
}

/** The manifest-relative path of the tool lock, when the manifest names one. */
export function toolLockPath(manifest: Manifest, tool: LockedTool): string | undefined {
  const written = manifest.dependencies[tool]?.tool_lock;
  return written === undefined ? undefined : (normalizeRelative(written) ?? written);
}

/**
 * The version of the tool the Dockerfile installs: the tool lock's `tool==X` line when there is one
 * (the lock wins, see resolveToolInstall), else pyenvc's pin. Reads quietly, for the checks that
 * depend on the version (the Python floor, PYENV333; the poetry.lock writer, PYENV341/342).
 */
export function installedToolVersion(manifest: Manifest, readFile: ReadProjectFile, tool: LockedTool): { version: string; lockFile?: string } {
  const path = toolLockPath(manifest, tool);
  const text = path === undefined ? undefined : readFile(path);
  const line = text === undefined ? undefined : requirementLines(text).map((l) => pinnedRequirement(l.text)).find((r) => r.name === tool && r.version);
  return line?.version ? { version: line.version, lockFile: path! } : { version: TOOLS[tool] };
}

/**
 * The builder step that installs Poetry or Pipenv into its tool environment (C24), and the tool lock
 * that pins it, if any.
 * - Without `tool_lock`: `pip install <tool>==<pin>`; the tool's own dependencies resolve afresh on a
 *   cold build (within its version ranges). `pyenvc explain` and the README say how to lock them.
 * - With `tool_lock`: the file is copied alone, just before this step (so only a change to it reruns
 *   the step), and installed with `pip install --require-hashes -r` (https://pip.pypa.io/en/stable/topics/secure-installs/).
 *   `--no-deps` is not passed: in hash-checking mode pip still resolves the dependencies and stops
 *   at any that the file does not list with a hash ("Hashes are required for all dependencies. If
 *   there is a dependency that is not spelled out and hashed in the requirements file, it will
 *   result in an error"), so an incomplete lock fails the build instead of installing a tool that
 *   breaks when it first imports the missing package.
 * The lock's `tool==X` line decides the version. When X is not pyenvc's pin that is a warning
 * (PYENV358), not an error: the lock is what the user resolved and checked, its hashes are for X,
 * and pyenvc can verify neither; replacing X would break the hashes, and refusing would force a
 * relock on every pyenvc upgrade. The warning says which version the image gets and how to move to
 * the pin. Problems in the file are errors at their line (tool-lock-checks.ts); a missing file is
 * PYENV355 at the manifest field.
 */
export function resolveToolInstall(input: ManagerInput, tool: LockedTool): { step: BuildStep; version: string; toolLock?: ToolLockPlan } {
  const { ctx } = input;
  const environment = TOOL_ENVIRONMENTS[tool];
  const path = toolLockPath(ctx.manifest, tool);
  const unlocked = { step: installTool(environment, [`${tool}==${TOOLS[tool]}`], input.secret), version: TOOLS[tool] };
  if (path === undefined) return unlocked;
  const field = ['dependencies', tool, 'tool_lock'];
  const hint = `on a machine that reaches the index, run \`${toolLockCommand(tool, path)}\` and commit ${path}`;
  const text = ctx.readFile(path);
  if (text === undefined) {
    ctx.report({ code: 'PYENV355', message: `dependencies.${tool}.tool_lock: ${path} does not exist`, hint, path: field });
    return unlocked;
  }
  const pin = checkToolLock(text, path, tool, hint, ctx.report);
  if (!pin) return unlocked;
  if (compareReleases(pin.version, TOOLS[tool]) !== 0) {
    ctx.report({
      code: 'PYENV358',
      severity: 'warning',
      message: `${path} pins ${tool} ${pin.version} and pyenvc's pin is ${TOOLS[tool]}: the Dockerfile installs ${pin.version}, the version the lock's hashes are for`,
      hint: `keep it if ${pin.version} is the one you mean; to move to ${TOOLS[tool]}, run \`${toolLockCommand(tool, path)}\``,
      at: { file: path, line: pin.line, column: pin.column },
    });
  }
  const target = TOOL_LOCK_TARGETS[tool];
  return {
    step: installTool(environment, ['--require-hashes', '-r', target], input.secret),
    version: pin.version,
    toolLock: { tool, version: pin.version, source: input.inContext(path), target },
  };
}
