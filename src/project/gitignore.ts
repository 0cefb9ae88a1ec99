/**
 * Translates a .gitignore file into .dockerignore lines that exclude the same files (F1 of the trial:
 * files people keep out of git, such as `instance/config.py` with Flask's SECRET_KEY or Django's
 * `db.sqlite3`, reached the image). The two formats look alike and mean different things:
 *
 * | .gitignore (https://git-scm.com/docs/gitignore)            | .dockerignore (https://docs.docker.com/build/concepts/context/#dockerignore-files) |
 * | ---------------------------------------------------------- | ------------------------------------------------------------------ |
 * | no `/` except a trailing one: matches at any depth          | always relative to the context root: a leading `**` segment is written |
 * | a `/` at the start or in the middle: relative to the file's folder | the folder of a nested .gitignore is written in front        |
 * | trailing `/`: folders only                                  | cannot say "folder": written `x/**`, which excludes everything inside a folder x and never a file named x (the folder itself stays, empty) |
 * | `**` only as a whole segment; `a**b` is `a*b`               | `**` anywhere means any number of folders: written `*`               |
 * | `[!a]` negates a class, which never matches `/`             | Go's `[^a]`, read as a regular expression: written `[^\x2fa]`      |
 * | `\` escapes any character; trailing spaces are dropped unless escaped | `\` starts a regular-expression escape (`\d` is a digit): kept only before punctuation; spaces at either end are trimmed: written `[ ]` |
 * | `+ ( ) { } | ^` are ordinary characters                     | regular-expression operators in Docker 20.10: escaped with `\`     |
 * | `.`/`..` segments and `//` match nothing                    | normalised away (`./x` is `x`): such a line is left out, with a warning |
 *
 * Docker's matching is Go's filepath.Match plus `**`, turned into a regular expression by
 * moby/patternmatcher; @balena/dockerignore mirrors it and the tests check these rules with it
 * against `git ls-files --ignored` (test/gitignore.test.ts).
 * Negations keep their order. One difference cannot be written in Docker's format and is documented
 * (README "Files kept out of the image"): git cannot re-include a file whose parent folder is
 * excluded, Docker can. A `!` line whose files all lie in such a folder (`logs/` then
 * `!logs/.gitkeep`) is left out (gitignore-tree.ts); one that names no folder (`!.gitkeep` after `logs/`) can
 * still send such a file. Matching is case-sensitive, as git's is on Linux (core.ignorecase is false there).
 */

/** One translated line: the .dockerignore pattern and the .gitignore line it came from (1-based). */
export interface TranslatedLine {
  pattern: string;
  line: number;
  text: string;
  /** The .gitignore pattern ended in `/` (folders only): `pattern` ends in `/**`. */
  folderOnly: boolean;
}

/** A .gitignore line that is left out, with why (1-based line, column of the pattern). */
export interface UntranslatedLine {
  line: number;
  column: number;
  text: string;
  reason: string;
}

/**
 * Translates the text of one .gitignore. `base` is the folder of the file relative to the build
 * context (`''` at its root); its patterns are written relative to that folder. Pure.
 */
export function translateGitignore(text: string, base: string): { lines: TranslatedLine[]; skipped: UntranslatedLine[] } {
  const lines: TranslatedLine[] = [];
  const skipped: UntranslatedLine[] = [];
  // git skips a UTF-8 byte-order mark and drops the CR of CRLF line ends (dir.c, add_patterns_from_buffer).
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) return;
    const trimmed = trimTrailingSpaces(line);
    if (trimmed === '') return;
    const result = translatePattern(trimmed, base);
    if (result === undefined) return;
    if ('reason' in result) skipped.push({ line: index + 1, column: 1, text: trimmed, reason: result.reason });
    else lines.push({ pattern: result.pattern, line: index + 1, text: trimmed, folderOnly: result.folderOnly });
  });
  return { lines, skipped };
}

/** git's trim_trailing_spaces: drops the trailing run of spaces that no backslash escapes. */
function trimTrailingSpaces(line: string): string {
  let lastSpace = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === ' ') {
      if (lastSpace < 0) lastSpace = i;
    } else if (ch === '\\') {
      i++;
      if (i >= line.length) return line;
      lastSpace = -1;
    } else lastSpace = -1;
  }
  return lastSpace < 0 ? line : line.slice(0, lastSpace);
}

type Token = { kind: 'literal'; ch: string } | { kind: 'star'; count: number } | { kind: 'any' } | { kind: 'class'; text: string } | { kind: 'slash' };

/** One pattern (after the comment and space rules) to a .dockerignore line; undefined for a line that says nothing. */
function translatePattern(pattern: string, base: string): { pattern: string; folderOnly: boolean } | { reason: string } | undefined {
  let body = pattern;
  const negated = body.startsWith('!');
  if (negated) body = body.slice(1);
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.slice(0, -1);
  if (body === '') return undefined;
  const tokens = tokenize(body);
  if ('reason' in tokens) return tokens;
  // "If there is a separator at the beginning or middle (or both) of the pattern, then the pattern is
  // relative to the directory level of the particular .gitignore file itself."
  const anchored = tokens.some((t) => t.kind === 'slash');
  if (tokens[0]?.kind === 'slash') tokens.shift();
  const segments = splitSegments(tokens);
  if (segments.some((s) => s.length === 0 || isDotSegment(s))) return { reason: 'a "." or ".." segment or an empty one (//) matches nothing in git, which does not normalise paths (Docker would read ./x as x)' };
  const written = segments.map(renderSegment);
  // A trailing `**` of a folder-only pattern means "a folder at any depth below": its first level is
  // enough, since everything below an excluded folder is excluded.
  if (directoryOnly && written[written.length - 1] === '**') written[written.length - 1] = '*';
  let docker = written.join('/');
  if (!anchored && docker !== '**') docker = `**/${docker}`;
  if (base !== '') docker = `${base.split('/').map(literalText).join('/')}/${docker}`;
  if (directoryOnly) docker = `${docker}/**`;
  return { pattern: `${negated ? '!' : ''}${docker}`, folderOnly: directoryOnly };
}

function tokenize(body: string): Token[] | { reason: string } {
  const tokens: Token[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') {
      // A trailing backslash is an invalid pattern in git (wildmatch never matches it).
      if (i + 1 >= body.length) return { reason: 'a pattern that ends in a single backslash matches nothing in git' };
      const next = body[++i]!;
      tokens.push(next === '/' ? { kind: 'slash' } : { kind: 'literal', ch: next });
    } else if (ch === '*') {
      let count = 1;
      while (body[i + 1] === '*') {
        count++;
        i++;
      }
      tokens.push({ kind: 'star', count });
    } else if (ch === '?') tokens.push({ kind: 'any' });
    else if (ch === '/') tokens.push({ kind: 'slash' });
    else if (ch === '[') {
      const parsed = characterClass(body, i);
      if ('reason' in parsed) return parsed;
      tokens.push({ kind: 'class', text: parsed.text });
      i = parsed.end;
    } else tokens.push({ kind: 'literal', ch });
  }
  return tokens;
}

function splitSegments(tokens: readonly Token[]): Token[][] {
  const segments: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'slash') segments.push([]);
    else segments[segments.length - 1]!.push(t);
  }
  return segments;
}

function isDotSegment(segment: readonly Token[]): boolean {
  const text = segment.map((t) => (t.kind === 'literal' ? t.ch : '\u0000')).join('');
  return text === '.' || text === '..';
}

/** A segment in Docker's syntax: a whole-segment run of stars is `**`; any other run is one `*`. */
function renderSegment(segment: readonly Token[]): string {
  if (segment.length === 1 && segment[0]!.kind === 'star' && segment[0]!.count >= 2) return '**';
  return segment
    .map((t) => {
      switch (t.kind) {
        case 'literal':
          return literal(t.ch);
        case 'star':
          return '*';
        case 'any':
          return '?';
        case 'class':
          return t.text;
        case 'slash':
          return '/';
      }
    })
    .join('');
}

/**
 * One literal character as Docker reads it. Docker's conversion keeps `\` + the next character as a
 * regular-expression escape, which Go's RE2 accepts only before punctuation; it reads `+ ( ) { } | ^`
 * and, at a line's start, `!` and `#` as syntax; it trims white space at a line's ends.
 */
function literal(ch: string): string {
  if (ch === ' ' || ch === '\t') return `[${ch}]`;
  return /^[!-/:-@[-`{-~]$/.test(ch) && !/^[-_.$%&'",;:<>=@~`/]$/.test(ch) ? `\\${ch}` : ch;
}

/** A literal path (a folder name, a file the build needs) as a pattern that matches exactly it. */
export function literalText(path: string): string {
  return [...path].map((ch) => (ch === '/' ? '/' : literal(ch))).join('');
}

/**
 * wildmatch's POSIX classes as explicit ASCII ranges, which Go's RE2 and JavaScript read alike (RE2
 * knows `[[:alpha:]]`, JavaScript does not, and the tests match with JavaScript).
 */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  blank: '\\x20\\x09',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e',
  space: '\\x09-\\x0d\\x20',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
};

/**
 * A bracket expression as git's wildmatch reads it (`[!...]` or `[^...]` negates; a `]` right after
 * the opening bracket is a member; `\` escapes; `a-z` ranges; `[:alpha:]` classes), rewritten for
 * Go's RE2: members other than letters and digits escaped, and a negated class that never matches
 * `/` (wildmatch with WM_PATHNAME never lets a class match it). `end` is the index of the closing `]`.
 */
function characterClass(body: string, start: number): { text: string; end: number } | { reason: string } {
  let i = start + 1;
  const negated = body[i] === '!' || body[i] === '^';
  if (negated) i++;
  let out = negated ? '[^\\x2f' : '[';
  let first = true;
  // After a range, a `-` is an ordinary member again (wildmatch resets its previous character).
  let canStartRange = false;
  for (; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === ']' && !first) return { text: `${out}]`, end: i };
    first = false;
    const rangeStart = canStartRange;
    canStartRange = true;
    if (ch === '\\') {
      if (i + 1 >= body.length) break;
      out += member(body[++i]!);
    } else if (ch === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2);
      const name = close < 0 ? '' : body.slice(i + 2, close);
      if (close >= 0 && /^[a-z]+$/.test(name)) {
        const members = POSIX_CLASSES[name];
        if (members === undefined) return { reason: `[:${name}:] is not a character class git knows, so the pattern matches nothing in git` };
        out += members;
        i = close + 1;
        canStartRange = false;
      } else out += member(ch);
    } else if (ch === '-' && rangeStart && body[i + 1] !== undefined && body[i + 1] !== ']') {
      const end = body[++i] === '\\' ? body[++i] : body[i];
      if (end === undefined) break;
      out += `-${member(end)}`;
      canStartRange = false;
    } else out += member(ch);
  }
  return { reason: 'a "[" without its closing "]" makes the pattern match nothing in git' };
}

/** A member of a bracket expression: punctuation escaped for RE2, everything else as it is. */
function member(ch: string): string {
  return /^[!-/:-@[-`{-~]$/.test(ch) ? `\\${ch}` : ch;
}
