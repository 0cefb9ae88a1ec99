import { normalizeName, parseRequirementSpec } from './requirement-spec.js';

/** One logical line of a requirements file, as pip reads it, with where it starts. */
export interface RequirementLine {
  /** 1-based line of the line's first physical line (pip numbers a continued line by its first line). */
  line: number;
  /** 1-based column of its first non-blank character. */
  column: number;
  /** The logical line: continuation lines joined, the comment removed, trimmed. */
  text: string;
}

/** A line pip-compile left out as "unsafe" (written as a comment, so pip never installs or hashes it). */
export interface OmittedUnsafe {
  name: string;
  line: number;
  column: number;
}

/** pip's comment rule: `#` at the start of a line or after whitespace (pip `req_file.py` COMMENT_RE `(^|\s+)#.*$`). */
const COMMENT = /(^|\s+)#.*$/;

/**
 * The logical lines of a requirements file, read the way pip reads one
 * (https://pip.pypa.io/en/stable/reference/requirements-file-format/; pip `src/pip/_internal/req/req_file.py`
 * `join_lines` then `ignore_comments`): a line ending in `\` is joined with the next one unless it is
 * a comment line, which ends the continuation; comments are stripped; blank lines are dropped.
 */
export function requirementLines(text: string): RequirementLine[] {
  const out: RequirementLine[] = [];
  let pending: string[] = [];
  let first = 0;
  const emit = (line: number, joined: string) => {
    const stripped = joined.replace(COMMENT, '').trim();
    if (stripped) out.push({ line, column: Math.max(joined.search(/\S/), 0) + 1, text: stripped });
  };
  // pip decodes the file with auto_decode, which drops a byte-order mark (pip `utils/encoding.py`).
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((raw, index) => {
    const comment = /^\s*#/.test(raw);
    if (!raw.endsWith('\\') || comment) {
      const line = comment ? ` ${raw}` : raw;
      if (pending.length) {
        emit(first, [...pending, line].join(''));
        pending = [];
      } else emit(index + 1, raw);
      return;
    }
    if (!pending.length) first = index + 1;
    pending.push(raw.replace(/^\\+|\\+$/g, ''));
  });
  if (pending.length) emit(first, pending.join(''));
  return out;
}

/** The footer pip-compile writes before the "unsafe" packages (pip-tools `piptools/writer.py`). */
const UNSAFE_FOOTER = /^#\s*The following packages are (?:commented out because they are )?considered to be unsafe in a requirements file/i;

/**
 * Packages pip-compile wrote only as comments below its "unsafe" footer: without `--allow-unsafe`,
 * pip, setuptools and distribute are listed as `# setuptools` instead of being pinned
 * (pip-tools `--allow-unsafe`: "Pin packages considered unsafe: distribute, pip, setuptools",
 * `piptools/scripts/options.py`). With `--allow-unsafe` they are ordinary hashed lines and nothing is returned.
 */
export function omittedUnsafePackages(text: string): OmittedUnsafe[] {
  const lines = text.split(/\r\n|\r|\n/);
  const footer = lines.findIndex((l) => UNSAFE_FOOTER.test(l));
  if (footer < 0) return [];
  const out: OmittedUnsafe[] = [];
  lines.slice(footer + 1).forEach((raw, i) => {
    const m = /^#\s?([A-Za-z0-9][A-Za-z0-9._-]*)(?:\s*[=<>~!].*)?\s*$/.exec(raw);
    if (m && m[1]!.toLowerCase() !== 'via') out.push({ name: normalizeName(m[1]!), line: footer + i + 2, column: 1 });
  });
  return out;
}

/** What a requirement line pins, for pip's hash-checking rules. */
export interface PinnedRequirement {
  /** Normalised (PEP 503) name; undefined for a line that does not start with one (a bare URL or path). */
  name?: string;
  /** The exact version when the line pins one with `==`/`===` (and no wildcard), as pip's `is_pinned` requires. */
  version?: string;
  /** True for `name @ URL` or a bare URL: pip counts a direct reference as pinned. */
  direct: boolean;
  /** The values of its `--hash` options, as written (`sha256:…`). */
  hashes: string[];
  /** True for a direct URL with a `#<algorithm>=<digest>` fragment, which pip's hash-checking mode also accepts. */
  urlHash: boolean;
}

/**
 * Splits a requirement line into the requirement and its per-requirement options, as pip does
 * (`break_args_options`: the requirement ends at the first word starting with `-`), and reads the pin
 * and the `--hash=` / `--hash ` values. pip's "pinned" is one `==` or `===` specifier without `.*`
 * (pip `InstallRequirement.is_pinned`), or a direct URL; a URL's `#sha256=…` fragment counts as its hash
 * ("hashes embedded in URL-style requirements via the #md5=... syntax suffice",
 * https://pip.pypa.io/en/stable/topics/secure-installs/#additional-restrictions).
 */
export function pinnedRequirement(text: string): PinnedRequirement {
  const words = text.split(/\s+/);
  const cut = words.findIndex((w) => w.startsWith('-'));
  const requirement = (cut < 0 ? words : words.slice(0, cut)).join(' ');
  const options = cut < 0 ? [] : words.slice(cut);
  const hashes: string[] = [];
  options.forEach((w, i) => {
    if (w.startsWith('--hash=')) hashes.push(w.slice('--hash='.length));
    else if (w === '--hash' && options[i + 1]) hashes.push(options[i + 1]!);
  });
  const spec = parseRequirementSpec(requirement);
  const direct = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*@/.test(requirement) || /^[a-z][a-z0-9+.-]*:\/\//i.test(requirement);
  const exact = spec ? /^={2,3}([^,;=<>!~*\s]+)$/.exec(spec.specifier) : null;
  const urlHash = direct && /#(?:md5|sha1|sha224|sha256|sha384|sha512)=[0-9a-fA-F]+/.test(requirement);
  return { ...(spec ? { name: spec.name } : {}), ...(exact ? { version: exact[1]! } : {}), direct, hashes, urlHash };
}
