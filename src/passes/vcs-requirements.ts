import type { BasePlan, SourceBuildPlan } from '../plan/types.js';
import type { ManagerName } from '../manifest/types.js';
import type { PassContext } from './context.js';

/**
 * A dependency taken from a git repository, in each form the dependency files the Dockerfile copies
 * can hold it: a `git+https://…` URL (requirements files, PEP 508 direct references in pyproject.toml,
 * a conda file's `pip:` list, Pipfile.lock's `"git": …`), and a TOML inline table with `git = "…"`
 * (Pipfile, uv's `[tool.uv.sources]` and uv.lock's `source = { git = … }`).
 */
const VCS_FORMS: readonly RegExp[] = [/\bgit\+(?:https?|ssh|git|file):\/\//, /[{,]\s*git\s*=\s*["']/, /"git"\s*:\s*"/];

/**
 * Managers that clone a git dependency with the `git` command: pip ("Cannot find command 'git'",
 * https://pip.pypa.io/en/stable/topics/vcs-support/), Pipenv (through pip) and uv
 * (https://docs.astral.sh/uv/concepts/projects/dependencies/#git: "uv requires git").
 * Poetry clones with Dulwich, a Python library, unless its system-git-client setting is on
 * (https://python-poetry.org/docs/configuration/#systemgitclient), so it is left out.
 */
const NEEDS_GIT_COMMAND: ReadonlySet<ManagerName> = new Set(['pip', 'pipenv', 'uv', 'conda']);

/**
 * Adds `git` to the builder stage when a dependency file the Dockerfile copies installs a package
 * from a git repository and the manager runs the git command (trial 3: postmanlabs/httpbin's Pipfile
 * `{git = …}` and a requirements.txt `pkg @ git+https://…` failed with "Cannot find command 'git'").
 * The runtime stage gets nothing: the package is installed into the environment the builder makes.
 * PYENV360 (note) says so at the first such line; with system.auto off, on Alpine (the Debian package
 * name may differ in apk, and pyenvc does not install apk packages by itself) or with conda (whose
 * builder image pyenvc does not run apt in) PYENV361 (warning) names the missing package instead.
 * In: the dependency files (paths relative to the manifest folder). Out: the builder packages added, as
 * a source-build row named `git`, or undefined.
 */
export function resolveVcsRequirements(ctx: PassContext, base: BasePlan, manager: ManagerName, files: readonly string[]): SourceBuildPlan | undefined {
  if (!NEEDS_GIT_COMMAND.has(manager)) return undefined;
  if (ctx.manifest.system.build_packages.some((p) => p.split('=')[0] === 'git')) return undefined;
  // A conda environment that installs git itself (`- git`) has it on PATH when its pip runs.
  if (manager === 'conda' && files.some((f) => /\.ya?ml$/.test(f) && ctx.project.condaNames(f).includes('git'))) return undefined;
  const at = firstVcsLine(ctx, files);
  if (!at) return undefined;
  const where = { at: { file: at.file, line: at.line, column: at.column } };
  if (ctx.manifest.system.auto && base.family !== 'alpine' && manager !== 'conda') {
    ctx.report({ code: 'PYENV360', severity: 'note', message: 'this dependency is installed from a git repository, which needs the git command: added git to the builder stage (the runtime stage gets none)', hint: 'depend on a released version from the index instead to build without git, or set system.auto: false and list system packages yourself', ...where });
    return { name: 'git', declaredIn: `${at.file}:${at.line}`, build: ['git'], runtime: [] };
  }
  const why = manager === 'conda' ? 'the conda builder image has no git and pyenvc installs none there' : base.family === 'alpine' ? 'pyenvc adds no Alpine packages by itself' : 'system.auto is false';
  ctx.report({ code: 'PYENV361', severity: 'warning', message: `this dependency is installed from a git repository, which needs the git command, and ${why}: the build stops with "Cannot find command 'git'"`, hint: manager === 'conda' ? 'add git to the conda file\'s dependencies (- git), or depend on a released version instead' : 'add git to system.build_packages, or depend on a released version instead', ...where });
  return undefined;
}

function firstVcsLine(ctx: PassContext, files: readonly string[]): { file: string; line: number; column: number } | undefined {
  for (const file of files) {
    const lines = (ctx.readFile(file) ?? '').split(/\r?\n|\r/);
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      if (/^\s*#/.test(text)) continue;
      for (const form of VCS_FORMS) {
        const m = form.exec(text);
        if (m) return { file, line: i + 1, column: m.index + 1 };
      }
    }
  }
  return undefined;
}
