/**
 * A model of BuildKit's word lexer (moby/buildkit frontend/dockerfile/shell/lex.go, Linux escape
 * character `\`) as it reads one ENV/ARG value or COPY word: quotes removed, escapes applied,
 * `$VAR`, `${VAR}` and `${VAR:-default}` replaced from `env` (unset: empty). Checked against the
 * values Docker 20.10 produced (test/vendor/buildkit-words.json). Throws on an unclosed quote, as
 * BuildKit fails the build.
 */
export function buildkitWord(word: string, env: Record<string, string> = {}): string {
  let out = '';
  let i = 0;
  const dollar = (): string => {
    // at word[i] === '$'
    const next = word[i + 1];
    if (next === '{') {
      const close = word.indexOf('}', i + 2);
      if (close < 0) throw new Error('missing }');
      const body = word.slice(i + 2, close);
      i = close + 1;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])(.*))?$/.exec(body);
      if (!m) throw new Error(`bad substitution \${${body}}`);
      const value = env[m[1]!];
      if (m[2] === '-') return value ? value : buildkitWord(m[3]!, env);
      if (m[2] === '+') return value ? buildkitWord(m[3]!, env) : '';
      return value ?? '';
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9]/.exec(word.slice(i + 1))?.[0];
    if (!name) {
      i += 1;
      return '$';
    }
    i += 1 + name.length;
    return env[name] ?? '';
  };
  while (i < word.length) {
    const c = word[i]!;
    if (c === "'") {
      const close = word.indexOf("'", i + 1);
      if (close < 0) throw new Error('unexpected end of statement while looking for matching single-quote');
      out += word.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      i += 1;
      for (;;) {
        if (i >= word.length) throw new Error('unexpected end of statement while looking for matching double-quote');
        const d = word[i]!;
        if (d === '"') {
          i += 1;
          break;
        }
        if (d === '$') {
          out += dollar();
          continue;
        }
        if (d === '\\') {
          const e = word[i + 1];
          if (e === undefined) {
            i += 1;
            continue;
          }
          if (e === '"' || e === '$' || e === '\\') {
            out += e;
            i += 2;
            continue;
          }
        }
        out += d;
        i += 1;
      }
    } else if (c === '$') {
      out += dollar();
    } else if (c === '\\') {
      if (i + 1 < word.length) out += word[i + 1];
      i += 2;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** What a COPY source pattern matches literally, after the lexer: `[x]` classes of one character read as that character. */
export function globLiteralValue(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '[') {
      const m = /^\[(\\.|[^\]\\])\]/.exec(pattern.slice(i));
      if (!m) throw new Error(`not a one-character class at ${i}: ${pattern}`);
      out += m[1]!.length === 2 ? m[1]![1] : m[1];
      i += m[0].length - 1;
    } else if (c === '*' || c === '?' || c === '\\') {
      throw new Error(`unescaped wildcard at ${i}: ${pattern}`);
    } else out += c;
  }
  return out;
}

/** The words of a COPY/ADD instruction's arguments after its flags: the JSON form decoded, or the plain form split on whitespace. */
export function copyWords(argumentText: string): string[] {
  const rest = argumentText.replace(/^(--\S+\s+)*/, '');
  if (rest.startsWith('[')) {
    const words: unknown = JSON.parse(rest);
    if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) throw new Error(`not a JSON array of strings: ${rest}`);
    return words;
  }
  return rest.split(/\s+/).filter(Boolean);
}
