import { runtimePackagesFor, SOURCE_BUILDS, type DebianRelease, type SourceBuild } from '../catalog/source-builds.js';
import type { LocatedRequirement } from '../project/locate-requirement.js';
import type { BasePlan, SourceBuildPlan } from '../plan/types.js';
import type { PassContext } from './context.js';

/**
 * Applies the source-build table (src/catalog/source-builds.ts) to the distributions the project
 * declares (issue 11, item 5). On a Debian-family image, with `system.auto` on (the default), each
 * declared package the table knows gets its build packages in the builder stage and its runtime
 * libraries in the final stage, minus what `system.build_packages` / `system.packages` already list;
 * a note (PYENV325) at the requirement's own line says what was added and names the binary
 * alternative. With `system.auto: false` nothing is added and PYENV308 says what is missing. On
 * Alpine the Debian names do not apply and musl often has no wheel: PYENV326 leaves the choice to the
 * user. A distribution image (debian:bookworm, ubuntu) has no Python headers, so a compiled package
 * also gets python3-dev there (https://www.psycopg.org/docs/install.html#build-prerequisites:
 * "The Python header files"). Returns what was added, in requirement order, or [] when nothing was.
 */
export function resolveSourceBuilds(ctx: PassContext, base: BasePlan, requirements: readonly LocatedRequirement[]): SourceBuildPlan[] {
  const declared = new Map<string, LocatedRequirement>();
  for (const r of requirements) if (SOURCE_BUILDS[r.name] && !declared.get(r.name)?.at) declared.set(r.name, r);
  if (base.family === 'alpine') {
    for (const r of declared.values()) warnAlpine(ctx, r, SOURCE_BUILDS[r.name]!);
    return [];
  }
  const names = (list: string[]) => new Set(list.map((p) => p.split('=')[0]!));
  const haveBuild = names(ctx.manifest.system.build_packages);
  const haveRuntime = names(ctx.manifest.system.packages);
  const release = debianRelease(base);
  const applied: SourceBuildPlan[] = [];
  for (const requirement of declared.values()) {
    const row = SOURCE_BUILDS[requirement.name]!;
    const build = row.glibc === 'sdist' ? [...row.build, ...(base.distroPython ? ['python3-dev'] : [])] : [];
    let runtime = runtimePackagesFor(row, release);
    if (!runtime) {
      const choices = Object.entries(row.runtime as Record<DebianRelease, string[]>).map(([r, p]) => `${p.join(', ')} on ${r}`).join('; ');
      ctx.report({ code: 'PYENV327', severity: 'warning', message: `${requirement.name} needs run-time libraries whose Debian names depend on the release, and pyenvc cannot tell which release base.image "${base.runtimeImage}" is`, hint: `list them in system.packages: ${choices}`, ...where(requirement) });
      runtime = [];
    }
    const missingBuild = build.filter((p) => !haveBuild.has(p));
    const missingRuntime = runtime.filter((p) => !haveRuntime.has(p));
    if (!missingBuild.length && !missingRuntime.length) continue;
    if (ctx.manifest.system.auto) {
      ctx.report({ code: 'PYENV325', severity: 'note', message: `${requirement.name} ${why(row)}: added ${added(missingBuild, missingRuntime)}`, hint: `${row.alternative ? `depend on ${row.alternative} instead to need none of them, or ` : ''}set system.auto: false and list system packages yourself`, ...where(requirement) });
      applied.push({ name: requirement.name, ...(requirement.at ? { declaredIn: `${requirement.at.file}:${requirement.at.line}` } : {}), build: missingBuild, runtime: missingRuntime });
    } else {
      const misplaced = missingRuntime.filter((p) => haveBuild.has(p));
      ctx.report({
        code: 'PYENV308',
        severity: 'warning',
        message: `${requirement.name} ${why(row)}, and system.auto is false: the manifest lacks ${[missingBuild.length ? `${missingBuild.join(', ')} in system.build_packages` : '', missingRuntime.length ? `${missingRuntime.join(', ')} in system.packages` : ''].filter(Boolean).join(' and ')}${misplaced.length ? ` (${misplaced.join(', ')} ${misplaced.length > 1 ? 'are' : 'is'} under system.build_packages, which only the builder stage gets)` : ''}`,
        hint: `add ${[missingBuild.length ? `${missingBuild.join(', ')} to system.build_packages` : '', missingRuntime.length ? `${missingRuntime.join(', ')} to system.packages` : ''].filter(Boolean).join(' and ')}${row.alternative ? `, or depend on ${row.alternative} instead` : ''}`,
        ...where(requirement),
      });
    }
  }
  return applied;
}

/**
 * The Debian release of the runtime image, from its tag (`-bookworm`, `-trixie`, `debian:bookworm-slim`).
 * An official python image without a codename (`python:3.12-slim`) is trixie, the release its
 * unqualified tags have followed since August 2025 (https://hub.docker.com/_/python; noted by users in
 * https://github.com/mozilla-releng/balrog/pull/3532: "python:3.13-slim image is now based on debian 13 (trixie)").
 * Undefined for other images (ubuntu, a private base), whose release pyenvc cannot know.
 */
export function debianRelease(base: BasePlan): DebianRelease | undefined {
  const image = base.runtimeImage;
  if (/bookworm/.test(image)) return 'bookworm';
  if (/trixie/.test(image)) return 'trixie';
  return base.distroPython ? undefined : /^(docker\.io\/(library\/)?)?python:/.test(image) ? 'trixie' : undefined;
}

function why(row: SourceBuild): string {
  return row.glibc === 'sdist' ? 'has no Linux wheel on PyPI and is compiled when installed' : "has a wheel that links against system libraries the slim images lack";
}

function added(build: string[], runtime: string[]): string {
  return [build.length ? `${build.join(', ')} to the builder stage` : '', runtime.length ? `${runtime.join(', ')} to the runtime stage` : ''].filter(Boolean).join(' and ');
}

/** The requirement's own line when known, else the manifest's dependencies block. */
function where(requirement: LocatedRequirement): { at: NonNullable<LocatedRequirement['at']> } | { path: string[]; key: boolean } {
  return requirement.at ? { at: requirement.at } : { path: ['dependencies'], key: true };
}

/** PYENV326: on musl the Debian names do not apply, and these packages often compile there. */
function warnAlpine(ctx: PassContext, requirement: LocatedRequirement, row: SourceBuild): void {
  if (row.glibc !== 'sdist' && !row.muslSource) return;
  const compiles = row.glibc === 'sdist' ? 'has no wheel on PyPI for Linux and is compiled when installed' : 'may have no musl wheel for this Python and then compiles from source (slow, needs compilers)';
  ctx.report({
    code: 'PYENV326',
    severity: 'warning',
    message: `${requirement.name} ${compiles}; on Alpine pyenvc adds no system packages (the table holds Debian names)`,
    hint: `use the default slim variant${row.alternative ? `, or depend on ${row.alternative}` : ''}; if you keep alpine, list ${row.build.length ? `the Alpine packages matching Debian's ${[...row.build, ...(runtimePackagesFor(row, 'trixie') ?? [])].join(', ')}` : 'a compiler and headers (build-base, and the -dev packages it needs)'} in system.build_packages / system.packages`,
    ...where(requirement),
  });
}
