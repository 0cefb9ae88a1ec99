import type { DiagnosticInput } from '../../diagnostics/diagnostic.js';
import { omittedUnsafePackages, pinnedRequirement, requirementLines } from '../../project/requirement-lines.js';

/** The hash algorithms pip accepts in `--hash` (pip `cmdoptions._handle_merge_hash`: STRONG_HASHES) and their hex lengths. */
const STRONG_HASHES: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Includes and editables: pip would read another file or a folder, and only the tool lock is copied into the builder. */
const OUTSIDE_FILE = /^(?:-r|--requirement|-c|--constraint|-e|--editable)(?:\s*=\s*|\s+|$)|^(?:\.{1,2}(?:\/\S*)?|\/\S+|file:\S+)(?:\s|$)/;

/** What the checks found: the tool's own `==` pin, when there is one, and where it stands. */
export interface ToolPin {
  version: string;
  line: number;
  column: number;
}

/**
 * Checks a tool lock (`dependencies.<tool>.tool_lock`) against pip's hash-checking mode, which the
 * Dockerfile turns on with `--require-hashes` (https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode):
 * "Hashes are required for all requirements", "for all dependencies", and "Requirements must be
 * pinned (either to a URL, filesystem path or using `==`)". Every problem is reported at its line of
 * the file (`file` is manifest-relative), so it is fixed before a build fails on it:
 * - PYENV356: a requirement without `--hash`, with a hash pip refuses (only sha256, sha384, sha512:
 *   "Allowed hash algorithms for --hash are sha256, sha384, sha512"), or not pinned with `==`.
 * - PYENV357: the tool itself (`tool`, PEP 503 name) is not pinned with `==`: its version would be
 *   whatever the resolver picks, and pyenvc could not say which Poetry/Pipenv the image runs.
 * - PYENV359: a line that needs a file the builder does not have (`-r`/`-c` includes, `-e`, local
 *   paths; only the tool lock is copied), or a package pip-compile left as a comment because it ran
 *   without `--allow-unsafe` (pip-tools: "Pin packages considered unsafe: distribute, pip,
 *   setuptools"; Pipenv requires setuptools, pypa/pipenv pyproject.toml `dependencies`).
 * Returns the tool's pin, or undefined (then PYENV357 was reported).
 */
export function checkToolLock(text: string, file: string, tool: string, hint: string, report: (p: DiagnosticInput) => void): ToolPin | undefined {
  let pin: ToolPin | undefined;
  let toolLine: { line: number; column: number } | undefined;
  for (const entry of requirementLines(text)) {
    const at = { file, line: entry.line, column: entry.column };
    if (OUTSIDE_FILE.test(entry.text)) {
      report({ code: 'PYENV359', message: `"${entry.text.split(/\s+/).slice(0, 2).join(' ')}" needs another file or folder, and only ${file} is copied into the builder for the tool step`, hint: 'write one self-contained file with every package pinned and hashed (pip-compile and uv pip compile write no includes or paths)', at });
      continue;
    }
    if (entry.text.startsWith('-')) continue; // A global option such as --index-url or --only-binary: pip applies it.
    const requirement = pinnedRequirement(entry.text);
    const name = requirement.name ?? entry.text.split(/\s+/)[0]!;
    if (requirement.name === tool) {
      toolLine = { line: entry.line, column: entry.column };
      if (requirement.version) pin = { version: requirement.version, ...toolLine };
    } else if (!requirement.version && !requirement.direct) {
      report({ code: 'PYENV356', message: `${name} is not pinned with ==, and pip's hash-checking mode refuses an unpinned requirement`, hint, at });
    }
    const bad = requirement.hashes.find((h) => !strongHash(h));
    if (requirement.hashes.length === 0 && !requirement.urlHash) report({ code: 'PYENV356', message: `${name} has no --hash, and with --require-hashes pip refuses every requirement without one`, hint, at });
    else if (bad !== undefined) report({ code: 'PYENV356', message: `${name} has --hash=${bad}, which pip does not accept: only sha256, sha384 and sha512 hashes, written algorithm:hexdigest`, hint, at });
  }
  for (const omitted of omittedUnsafePackages(text)) {
    report({
      code: 'PYENV359',
      message: `${omitted.name} is only a comment (pip-compile ran without --allow-unsafe), so it is neither pinned nor hashed, and in hash-checking mode pip stops at a dependency the file does not list`,
      hint: `compile the file again with --allow-unsafe, which pins ${omitted.name} with its hashes`,
      at: { file, line: omitted.line, column: omitted.column },
    });
  }
  if (!pin) {
    report({
      code: 'PYENV357',
      message: toolLine ? `${tool} is not pinned with ==, so the image's ${tool} version would be whatever pip resolves` : `${file} does not list ${tool} itself, so the tool step would not install it`,
      hint,
      at: { file, line: toolLine?.line ?? 1, column: toolLine?.column ?? 1 },
    });
  }
  return pin;
}

/** `algorithm:hexdigest` with an algorithm pip accepts and a digest of that algorithm's length. */
function strongHash(value: string): boolean {
  const [algorithm, digest] = value.split(':', 2);
  const length = algorithm === undefined ? undefined : STRONG_HASHES[algorithm];
  return length !== undefined && digest !== undefined && new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digest);
}
