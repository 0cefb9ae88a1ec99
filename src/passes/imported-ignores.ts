import { posix } from 'node:path';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import { readHeader } from '../emit/text.js';
import { dockerignoreMatcher } from '../manifest/dockerignore-matcher.js';
import { literalText } from '../project/gitignore.js';
import { translateGitignoreTree } from '../project/gitignore-tree.js';
import type { ImportedIgnoreLine } from '../plan/types.js';
import type { PassContext } from './context.js';

/** A path the Dockerfile copies by name (build-context relative) and what it is, for the messages. */
export interface NeededPath {
  path: string;
  what: string;
}

/** A file name no pattern names on purpose, to ask whether a folder's content is excluded as a whole. */
const PROBE = 'pyenvc-probe';

/**
 * The .dockerignore lines pyenvc carries over from the project (F1 of the trial), in this order:
 * 1. the build context's .gitignore files (project.gitignore), translated (src/project/gitignore.ts):
 *    the one at its root, and those in its folders that the folder listing shows (three levels);
 * 2. the project's own `<context>/.dockerignore` when pyenvc writes its file elsewhere
 *    (`pyenvc.Dockerfile.dockerignore` beside a hand-written Dockerfile): BuildKit then reads pyenvc's
 *    file instead of it (https://docs.docker.com/build/concepts/context/#filename-and-location), so
 *    its exclusions would be lost. Its lines are already Docker's and are carried as Docker reads
 *    them (comments and blank lines dropped, spaces trimmed). They are read at every compile rather
 *    than copied into the manifest once by `init`, so the two ignore files cannot drift apart;
 * 3. a `!` line for each file the build needs (`needed`) that 1 or 2 exclude, so the build never
 *    loses it (PYENV521): a warning for a .gitignore line (a fresh clone has no such file unless it
 *    was committed with --force), a note for the project's .dockerignore.
 * The generated file puts these lines before pyenvc's own, which have no `!` line, so nothing here
 * can bring back a file the baseline excludes (a credential file, a virtualenv).
 */
export function importedIgnores(ctx: PassContext, context: string, outputDockerignore: string, needed: readonly NeededPath[]): ImportedIgnoreLine[] {
  const inContext = (p: string) => (context === '.' ? p : posix.join(context, p));
  const lines = [...(ctx.manifest.project.gitignore ? gitignoreLines(ctx, context, inContext) : []), ...ownDockerignoreLines(ctx, inContext, outputDockerignore)];
  // A copied folder is lost as well when only its content is excluded (`data/` reads `**/data/**`):
  // a folder is one written with a trailing / or one the listing shows files in.
  const listed = ctx.project.files ?? [];
  const isFolder = (p: string) => p.endsWith('/') || listed.some((f) => f.startsWith(`${inContext(p)}/`));
  return [...lines, ...keptLines(lines, needed, isFolder, ctx.report)];
}

function gitignoreLines(ctx: PassContext, context: string, inContext: (p: string) => string): ImportedIgnoreLine[] {
  const root = inContext('.gitignore');
  const prefix = context === '.' ? '' : `${context}/`;
  const paths = [root, ...(ctx.project.files ?? []).filter((f) => f !== root && f.startsWith(prefix) && posix.basename(f) === '.gitignore')];
  const files = paths.flatMap((path) => {
    const text = ctx.readFile(path);
    return text === undefined ? [] : [{ path: path.slice(prefix.length), text }];
  });
  const { lines, skipped } = translateGitignoreTree(files);
  for (const s of skipped) {
    ctx.report({
      code: 'PYENV523',
      severity: 'warning',
      message: `.gitignore line "${s.text}" is not carried into the generated .dockerignore: ${s.reason}`,
      hint: s.text.startsWith('!')
        ? 'fix the .gitignore (https://git-scm.com/docs/gitignore#_pattern_format) so git can track the file; the generated .dockerignore follows it'
        : 'fix the line (https://git-scm.com/docs/gitignore#_pattern_format), or add a project.ignore line for what it was meant to keep out of the image',
      at: { file: `${prefix}${s.file}`, line: s.line, column: s.column },
    });
  }
  return lines.map((l) => ({ pattern: l.pattern, kind: 'gitignore', file: `${prefix}${l.file}`, line: l.line, text: l.text }));
}

/**
 * The project's own .dockerignore at the context root, as Docker reads it (moby's
 * dockerignore.ReadAll: a byte-order mark dropped, `#` lines skipped before trimming, white space
 * trimmed, blank lines skipped). A line that starts with `#` once trimmed is a pattern for Docker and
 * would be a comment here, so it is written `\#`. A line Docker cannot compile (its own build fails
 * on it) is left out with a warning. Not read when pyenvc writes that very file, or when pyenvc wrote it.
 */
function ownDockerignoreLines(ctx: PassContext, inContext: (p: string) => string, outputDockerignore: string): ImportedIgnoreLine[] {
  const path = inContext('.dockerignore');
  if (outputDockerignore === path) return [];
  const text = ctx.readFile(path);
  if (text === undefined || readHeader(text)) return [];
  const out: ImportedIgnoreLine[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    if (raw.startsWith('#')) return;
    const line = raw.trim();
    if (line === '') return;
    const pattern = line.startsWith('#') ? `\\${line}` : line;
    try {
      dockerignoreMatcher([pattern]).ignores('probe');
    } catch {
      ctx.report({
        code: 'PYENV523',
        severity: 'warning',
        message: `.dockerignore line "${line}" is not carried into pyenvc's ${outputDockerignore}: Docker cannot read it as a pattern (the build stops with "syntax error in pattern")`,
        hint: 'fix the line: a [ needs its ], and \\ escapes the next character',
        at: { file: path, line: index + 1, column: raw.indexOf(line) + 1 },
      });
      return;
    }
    out.push({ pattern, kind: 'dockerignore', file: path, line: index + 1, text: line });
  });
  return out;
}

/** A `!` line for each needed path the carried lines exclude, reported at the line that excludes it (the last one matching it). */
function keptLines(lines: readonly ImportedIgnoreLine[], needed: readonly NeededPath[], isFolder: (path: string) => boolean, report: (p: DiagnosticInput) => void): ImportedIgnoreLine[] {
  if (lines.length === 0) return [];
  const matcher = dockerignoreMatcher(lines.map((l) => l.pattern));
  const kept: ImportedIgnoreLine[] = [];
  const seen = new Set<string>();
  for (const item of needed) {
    const path = item.path.replace(/\/+$/, '');
    if (path === '' || path === '.' || seen.has(path)) continue;
    const probe = [path, ...(isFolder(item.path) ? [`${path}/${PROBE}`] : [])].find((p) => matcher.ignores(p));
    if (probe === undefined) continue;
    seen.add(path);
    const by = [...lines].reverse().find((l) => !l.pattern.startsWith('!') && dockerignoreMatcher([l.pattern]).ignores(probe))!;
    const pattern = `!${literalText(path)}`;
    kept.push({ pattern, kind: 'kept', file: by.file, line: by.line, text: by.text });
    const fromGit = by.kind === 'gitignore';
    report({
      code: 'PYENV521',
      severity: fromGit ? 'warning' : 'note',
      message: fromGit
        ? `${item.what} "${path}" is excluded by this .gitignore line, and the build needs it: pyenvc keeps it in the build context ("${pattern}" in the generated .dockerignore)`
        : `${item.what} "${path}" is excluded by your own .dockerignore, and pyenvc's Dockerfile needs it: the generated .dockerignore keeps it ("${pattern}")`,
      hint: fromGit
        ? `git does not track an ignored file unless it was added with --force, so a fresh clone (a CI build) has no ${path}: commit it (\`git add --force ${path}\`) or narrow the .gitignore line`
        : 'nothing to do for pyenvc; to keep a file out of its image, add it to project.ignore',
      at: { file: by.file, line: by.line, column: 1 },
    });
  }
  return kept;
}

/**
 * The generated file's section of carried lines: a comment before each file's lines saying where
 * they come from and how to turn them off, then the `!` lines that keep what the build needs.
 */
export function importedSection(lines: readonly ImportedIgnoreLine[], dockerfile: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const l of lines) {
    const key = `${l.kind}:${l.kind === 'kept' ? '' : l.file}`;
    if (key !== current) {
      current = key;
      if (l.kind === 'gitignore') out.push(`# From ${l.file}: git's patterns rewritten for Docker (project.gitignore: false leaves them out)`);
      else if (l.kind === 'dockerignore') out.push(`# From ${l.file}: your own, which Docker does not read when it builds ${dockerfile}`);
      else out.push('# Kept although a line above excludes it: the build needs it');
    }
    out.push(l.pattern);
  }
  return out;
}

/**
 * Warns (PYENV522) for files git tracks that the carried .gitignore lines alone leave out of the
 * image: git ignores only untracked files ("Files already tracked by Git are not affected",
 * https://git-scm.com/docs/gitignore), so a file committed with `git add --force` (a `lib/`
 * package under GitHub's Python.gitignore, compiled translations) is in every clone, and the app may
 * import it. One warning per .gitignore line, at it. The generated file does not depend on the
 * index (it would then differ between a clone and a copy without .git); a project.ignore `!` line
 * brings the files back. Needs the tracked list (the CLI reads the index).
 */
export function warnTrackedIgnored(ctx: PassContext, context: string, imported: readonly ImportedIgnoreLine[], rest: readonly string[], ignore: readonly string[]): void {
  const tracked = ctx.project.tracked;
  const git = imported.filter((l) => l.kind === 'gitignore');
  if (!tracked?.length || git.length === 0) return;
  const prefix = context === '.' ? '' : `${context}/`;
  const fromGit = dockerignoreMatcher(git.map((l) => l.pattern));
  const others = dockerignoreMatcher(rest);
  const all = dockerignoreMatcher(ignore);
  const byLine = new Map<ImportedIgnoreLine, string[]>();
  for (const file of tracked) {
    if (!file.startsWith(prefix)) continue;
    const path = file.slice(prefix.length);
    if (!fromGit.ignores(path) || others.ignores(path) || !all.ignores(path)) continue;
    const by = [...git].reverse().find((l) => !l.pattern.startsWith('!') && dockerignoreMatcher([l.pattern]).ignores(path))!;
    byLine.set(by, [...(byLine.get(by) ?? []), path]);
  }
  for (const [line, paths] of byLine) {
    const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : '');
    ctx.report({
      code: 'PYENV522',
      severity: 'warning',
      message: `git tracks ${paths.length === 1 ? 'a file' : `${paths.length} files`} this .gitignore line matches (git ignores only untracked files), and the generated .dockerignore leaves ${paths.length === 1 ? 'it' : 'them'} out of the image: ${shown}`,
      hint: `if the image needs ${paths.length === 1 ? 'it' : 'them'}, add "!${literalText(paths[0]!)}" (or its folder) to project.ignore; if not, nothing to do`,
      at: { file: line.file, line: line.line, column: 1 },
    });
  }
}
