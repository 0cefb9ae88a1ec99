/**
 * Compose interpolation as the Compose Specification defines it
 * (https://github.com/compose-spec/compose-spec/blob/main/interpolation.md; compose-go
 * template.go): `$$` is a literal `$`; `$VAR` and `${VAR}` are replaced; `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}` take their forms; any other
 * `$` is an "invalid interpolation format" error, which this throws.
 */
export function interpolate(text: string, env: Record<string, string> = {}): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    const named = /^[_A-Za-z][_A-Za-z0-9]*/.exec(text.slice(i + 1))?.[0];
    if (named) {
      out += env[named] ?? '';
      i += 1 + named.length;
      continue;
    }
    if (next === '{') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        j++;
      }
      if (depth > 0) throw new Error(`invalid interpolation format: ${text}`);
      const body = text.slice(i + 2, j - 1);
      const m = /^([_A-Za-z][_A-Za-z0-9]*)(?:(:?[-?+])(.*))?$/s.exec(body);
      if (!m) throw new Error(`invalid interpolation format: \${${body}}`);
      const value = env[m[1]!];
      const set = m[2]?.startsWith(':') ? Boolean(value) : value !== undefined;
      const op = m[2]?.replace(':', '');
      if (op === '-') out += set ? value! : interpolate(m[3]!, env);
      else if (op === '+') out += set ? interpolate(m[3]!, env) : '';
      else if (op === '?') {
        if (!set) throw new Error(`required variable ${m[1]} is missing a value: ${m[3]}`);
        out += value;
      } else out += value ?? '';
      i = j;
      continue;
    }
    throw new Error(`invalid interpolation format: ${text}`);
  }
  return out;
}

/** Interpolates every string value of a parsed compose document (keys are not interpolated). */
export function interpolateDocument(value: unknown, env: Record<string, string> = {}): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateDocument(v, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDocument(v, env)]));
  return value;
}
