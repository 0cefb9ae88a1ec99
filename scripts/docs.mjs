// Generates the README's manifest reference from schema/pyenv.schema.json (and the preset values
// from presets/*.yaml), between the markers below. `npm run docs` rewrites README.md;
// test/docs.test.ts fails when the README is stale. Deterministic: schema order, sorted presets.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const START = '<!-- manifest-reference:start -->';
export const END = '<!-- manifest-reference:end -->';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Reads the schema and the presets from the repository. */
export function loadSources(root = ROOT) {
  const schema = JSON.parse(readFileSync(join(root, 'schema/pyenv.schema.json'), 'utf8'));
  const presets = Object.fromEntries(
    readdirSync(join(root, 'presets'))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => [f.slice(0, -5), parse(readFileSync(join(root, 'presets', f), 'utf8')) ?? {}]),
  );
  return { schema, presets };
}

/** The markdown table: one row per field (blocks too), in schema order. */
export function renderReference({ schema, presets }) {
  const rows = [];
  const walk = (node, path, required) => {
    for (const [key, child] of Object.entries(propertiesOf(node))) {
      const field = path ? `${path}.${key}` : key;
      rows.push(`| \`${field}\` | ${typeOf(child)}${required.includes(key) ? ', **required**' : ''} | ${defaultOf(child, field, presets)} | ${cell(child.description ?? '')} |`);
      walk(objectBranch(child), field, objectBranch(child).required ?? []);
    }
  };
  walk(schema, '', schema.required ?? []);
  return [
    START,
    '<!-- Generated from schema/pyenv.schema.json and presets/*.yaml by `npm run docs`: edit those, not this table. -->',
    '',
    '| field | type | default | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    END,
  ].join('\n');
}

/** The README with its reference replaced; throws when the markers are missing. */
export function updateReadme(readme, reference) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers`);
  return `${readme.slice(0, start)}${reference}${readme.slice(end + END.length)}`;
}

function propertiesOf(node) {
  return objectBranch(node).properties ?? {};
}

/** The mapping form of a field that may also be something else (`run.healthcheck`: mapping or false). */
function objectBranch(node) {
  if (node.properties) return node;
  return (node.oneOf ?? []).find((o) => o.properties) ?? {};
}

function typeOf(node) {
  if (node.enum) return node.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.oneOf) return node.oneOf.map(typeOf).join(' or ');
  switch (node.type) {
    case 'array':
      return `list of ${node.items ? plural(typeOf(node.items)) : 'values'}`;
    case 'object':
      return node.properties ? (node.required?.length ? `mapping {${node.required.join(', ')}}` : 'mapping') : `mapping of ${plural(typeOf(node.additionalProperties ?? {}))}`;
    default:
      return node.type ?? 'any';
  }
}

function plural(type) {
  return type.includes(' or ') ? `(${type})` : type.replace(/^(string|integer|boolean|mapping)/, '$1s');
}

function defaultOf(node, field, presets) {
  const base = node.default !== undefined ? `\`${yamlish(node.default)}\`` : '—';
  const byValue = new Map();
  for (const [name, layer] of Object.entries(presets)) {
    const value = field.split('.').reduce((v, k) => (v && typeof v === 'object' && !Array.isArray(v) ? v[k] : undefined), layer);
    if (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))) continue;
    const key = yamlish(value);
    if (node.default !== undefined && key === yamlish(node.default)) continue; // same as the default: nothing to add
    byValue.set(key, [...(byValue.get(key) ?? []), name]);
  }
  if (byValue.size === 0) return base;
  const presetText = [...byValue].map(([value, names]) => `${names.join(', ')}: \`${value}\``).join('; ');
  return `${base}; preset ${presetText}`;
}

/** A value as it would be written in pyenv.yaml (flow style). */
function yamlish(value) {
  if (Array.isArray(value)) return `[${value.map(yamlish).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${yamlish(v)}`).join(', ')}}`;
  if (typeof value === 'string') return /^[0-9.]+$|^(true|false|null)$|^$|[:#{}[\],]/.test(value) ? JSON.stringify(value) : value;
  return String(value);
}

function cell(text) {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = join(ROOT, 'README.md');
  const before = readFileSync(path, 'utf8');
  const after = updateReadme(before, renderReference(loadSources()));
  if (after !== before) writeFileSync(path, after);
  process.stdout.write(after === before ? 'README.md: manifest reference up to date\n' : 'README.md: manifest reference regenerated\n');
}
