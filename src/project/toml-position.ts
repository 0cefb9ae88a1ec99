/** A 1-based line and column inside a text file. */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Where `key = …` stands inside the `[table]` of a TOML text (`table` dotted as in its header, e.g.
 * `tool.poetry.dependencies`), read line by line: smol-toml gives values without positions. Quoted
 * keys and headers are unquoted; array-of-table headers (`[[package]]`) end a table. Undefined when the
 * key is not found that way (a dotted key or an inline table): callers then point at line 1.
 */
export function locateTomlKey(text: string, table: string, key: string): TextPosition | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^\s*\[(\[)?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (header) {
      current = header[1] ? '' : header[2]!.split('.').map((p) => p.trim().replace(/^(["'])(.*)\1$/, '$2')).join('.');
      continue;
    }
    if (current !== table) continue;
    const m = /^(\s*)(["']?)([A-Za-z0-9_.-]+)\2\s*=/.exec(line);
    if (m && m[3] === key) return { line: i + 1, column: m[1]!.length + 1 };
  }
  return undefined;
}
