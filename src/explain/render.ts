import type { ExplainedSection, ExplainedValue, ValueSource } from './explain.js';

/** Width of the value column; longer values wrap onto further lines. */
const VALUE_WIDTH = 44;

/**
 * Renders `pyenvc explain` for a person: one block per plan section (in pass order), one row per
 * value with a "from" column naming the manifest fields behind it and where each came from:
 * `pyenv.yaml:12:11` (written there), `preset flask`, `default`, `detected: <rule>`, or `pyenvc`
 * (fixed by pyenvc). Deterministic: no colours, no terminal width.
 */
export function renderExplanation(manifestFile: string, name: string, sections: readonly ExplainedSection[]): string {
  const width = Math.max(...sections.flatMap((s) => s.values.map((v) => v.field.length)), 5);
  const lines = [
    `${name}: the resolved plan of ${manifestFile}, and where each value came from`,
    `("from": ${manifestFile}:LINE:COLUMN = written there; preset NAME; default = schema default; detected (rule); pyenvc = fixed by pyenvc)`,
    '',
  ];
  for (const section of sections) {
    lines.push(section.section, `  ${'field'.padEnd(width)}  ${'value'.padEnd(VALUE_WIDTH)}  from`);
    for (const row of section.values) {
      const [first = '', ...rest] = wrap(valueTokens(row.value), VALUE_WIDTH);
      lines.push(`  ${row.field.padEnd(width)}  ${first.padEnd(VALUE_WIDTH)}  ${renderSources(row, manifestFile)}`);
      for (const more of rest) lines.push(`  ${''.padEnd(width)}  ${more}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').replace(/[ \t]+$/gm, '').trimEnd()}\n`;
}

/**
 * A value as words to lay out: strings split at spaces, lists item by item (comment lines of the
 * .dockerignore list are left out: --json has them), mappings as compact JSON.
 */
export function valueTokens(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? ['""'] : value.split(' ');
  if (Array.isArray(value)) {
    const items = value.filter((v) => !(typeof v === 'string' && v.startsWith('# ')));
    if (items.length === 0) return ['(none)'];
    return items.flatMap((v) => (typeof v === 'number' || (typeof v === 'string' && v !== '' && !/[\s"]/.test(v)) ? [String(v)] : jsonTokens(v)));
  }
  return typeof value === 'object' && value !== null ? jsonTokens(value) : [String(value)];
}

/** Compact JSON cut after each comma, so a long mapping (a build step with its mounts) can wrap. */
function jsonTokens(value: unknown): string[] {
  return JSON.stringify(value).split(/(?<=,)/);
}

/** Fills words into lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** The "from" column: `field origin` pieces; a row made only of defaults just says `default`. */
export function renderSources(row: ExplainedValue, manifestFile: string): string {
  if (row.from.every((s) => s.origin.kind === 'default')) return 'default';
  return row.from.map((s) => (s.path && s.path !== 'preset' ? `${s.path} ${renderOrigin(s, manifestFile)}` : renderOrigin(s, manifestFile))).join('; ');
}

function renderOrigin(source: ValueSource, manifestFile: string): string {
  const o = source.origin;
  switch (o.kind) {
    case 'manifest':
      return `${manifestFile}:${o.line}:${o.column}`;
    case 'preset':
      return `preset ${o.preset}`;
    case 'default':
      return 'default';
    case 'detection':
      return `detected (${o.rule})`;
    case 'derived':
      return `derived from ${o.from}`;
    case 'pyenvc':
      return 'pyenvc';
    case 'computed':
      return 'computed';
  }
}
