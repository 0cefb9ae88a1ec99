import { posix } from 'node:path';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { ReadProjectFile } from '../passes/context.js';
import { parseRequirementSpec, type RequirementSpec } from './requirement-spec.js';

/** A requirement line of a requirements file, parsed, with where it stands (diagnostics point at it). */
export interface RequirementEntry extends RequirementSpec {
  at: { file: string; line: number; column: number };
  /** True when the line came from a `-c` constraints file (it pins, it does not install). */
  constraint: boolean;
}

/** What a pip requirements file tree needs in the builder. */
export interface RequirementTree {
  /** Every file reached (the roots and their -r/-c includes), manifest-relative, sorted. */
  files: string[];
  /** Normalised (PEP 503) names of the distributions required, sorted, for hints. */
  names: string[];
  /** True when any requirement line carries `--hash` (pip-tools `--generate-hashes` output). */
  hashes: boolean;
  /** Every requirement line reached, in visiting order (roots first, includes where they stand). */
  entries: RequirementEntry[];
}

const INCLUDE = /^(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)/;
const LOCAL = /^(?:-e|--editable)\s+(\S+)|^(\.{1,2}(?:\/\S*)?|\/\S+|file:\S+)(?:\s|$)/;

/**
 * Follows `-r`/`-c` includes from the given requirement files (paths relative to the manifest), as pip
 * does: an include is relative to the file that names it
 * (https://pip.pypa.io/en/stable/reference/requirements-file-format/). Missing includes and local
 * path requirements (which need the project source in the builder) are reported at their line.
 */
export function collectRequirements(roots: { path: string; at: (string | number)[] }[], readFile: ReadProjectFile, report: (p: DiagnosticInput) => void): RequirementTree {
  const seen = new Set<string>();
  const names = new Set<string>();
  const entries: RequirementEntry[] = [];
  let hashes = false;
  const visit = (path: string, from: DiagnosticInput['at'] | undefined, manifestPath: (string | number)[] | undefined, constraint: boolean) => {
    if (seen.has(path)) return;
    const text = readFile(path);
    if (text === undefined) {
      const constraints = manifestPath?.[manifestPath.length - 1] === 'constraints';
      report({
        code: from ? 'PYENV302' : 'PYENV301',
        message: from ? `"${path}", included from ${from.file}, does not exist` : `${constraints ? 'constraints' : 'requirement'} file "${path}" does not exist`,
        hint: from ? 'fix the -r/-c line, or add the file to the project' : constraints ? 'create it (pip freeze > constraints.txt pins what is installed now), or fix dependencies.pip.constraints' : 'create it (pip freeze > requirements.txt), or point dependencies.pip.requirements at the right file',
        ...(from ? { at: from } : { path: manifestPath }),
      });
      return;
    }
    seen.add(path);
    text.split(/\r?\n|\r/).forEach((raw, index) => {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line) return;
      const include = INCLUDE.exec(line);
      if (include) {
        const target = posix.normalize(posix.join(posix.dirname(path), include[1]!));
        const at = { file: path, line: index + 1, column: raw.indexOf(include[1]!) + 1 };
        if (target.startsWith('../') || posix.isAbsolute(include[1]!)) {
          report({ code: 'PYENV201', message: `"${include[1]}" is outside the build context`, hint: 'keep included requirement files inside the project', at });
          return;
        }
        visit(target, at, undefined, constraint || /^(?:-c|--constraint)/.test(line));
        return;
      }
      const local = LOCAL.exec(line);
      if (local) {
        report({
          code: 'PYENV309',
          message: `"${line}" installs from a local path, which is not in the builder when dependencies are installed`,
          hint: 'remove the line and set project.install: true to install the project itself after its dependencies',
          at: { file: path, line: index + 1, column: raw.search(/\S/) + 1 },
        });
        return;
      }
      if (/(^|\s)--hash[=\s]/.test(line)) hashes = true;
      if (line.startsWith('-')) return;
      const spec = parseRequirementSpec(line);
      if (!spec) return;
      entries.push({ ...spec, constraint, at: { file: path, line: index + 1, column: raw.search(/\S/) + 1 } });
      if (!constraint) names.add(spec.name);
    });
  };
  for (const root of roots) visit(root.path, undefined, root.at, root.at[root.at.length - 1] === 'constraints');
  return { files: [...seen].sort(), names: [...names].sort(), hashes, entries };
}
