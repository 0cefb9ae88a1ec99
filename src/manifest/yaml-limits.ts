import { isAlias, isMap, isScalar, isSeq, visit, type CST, type Document, type Node } from 'yaml';

/** Deepest nesting of mappings and lists accepted; a real manifest nests 4 levels. */
export const MAX_DEPTH = 32;

/** Most values the manifest may stand for once `*alias` references are expanded. */
export const MAX_EXPANDED_NODES = 10_000;

/** Most `*alias` references in one manifest (each may be followed by the converter, recursively). */
export const MAX_ALIASES = 100;

/**
 * Offset of the first collection nested deeper than MAX_DEPTH in the parser's concrete syntax tree,
 * or -1. Walks with an explicit stack: the YAML composer recurses once per level, and a few thousand
 * levels (`- - - - …` or `[[[[…`) would exhaust the call stack — in V8 that can abort the process
 * instead of throwing, so deep input must be refused before it is composed.
 */
export function tooDeepOffset(tokens: readonly CST.Token[]): number {
  const stack: { token: CST.Token | null | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > MAX_DEPTH) return token.offset;
    for (const item of token.items) {
      const entry = item as { key?: CST.Token | null; value?: CST.Token };
      stack.push({ token: entry.key, depth: depth + 1 }, { token: entry.value, depth: depth + 1 });
    }
  }
  return -1;
}

/** A problem found in the composed document, with the source offset it points at. */
export interface StructureProblem {
  kind: 'duplicate' | 'tag' | 'key' | 'merge' | 'surrogate' | 'aliases' | 'unknown-alias';
  offset: number;
  detail: string;
}

/** Tags of YAML's core schema: they only restate a type (`!!str 8000`). Any other tag is refused. */
const CORE_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

/**
 * Finds what the manifest may not contain although it is valid YAML: a key written twice in one
 * mapping (checked here in linear time: the parser's own check compares every pair, and `1` and `"1"`
 * would both become the key "1"), a tag outside the core schema
 * (`!!binary`, `!!set`, `!custom`), a mapping key that is not a plain scalar (`? [a, b]`), a lone UTF-16
 * surrogate written as a `\uD800` escape (it cannot be written to a UTF-8 file), and aliases that
 * expand to more than MAX_EXPANDED_NODES values ("billion laughs" with wide instead of deep nesting).
 */
export function findStructureProblem(document: Document.Parsed): StructureProblem | undefined {
  let problem: StructureProblem | undefined;
  // One `Node` visitor: yaml calls only the most specific visitor function of a node.
  visit(document, {
    Node(_key, node) {
      problem = nodeProblem(node);
      return problem ? visit.BREAK : undefined;
    },
  });
  if (problem) return problem;
  return aliasProblem(document);
}

function nodeProblem(node: Node): StructureProblem | undefined {
  if (node.tag && !CORE_TAGS.has(node.tag)) return { kind: 'tag', offset: offset(node), detail: node.tag.replace(/^tag:yaml\.org,2002:/, '!!') };
  if (isScalar(node) && typeof node.value === 'string' && /[\uD800-\uDFFF]/.test(node.value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    return { kind: 'surrogate', offset: offset(node), detail: '' };
  }
  if (!isMap(node)) return undefined;
  const seen = new Set<string>();
  for (const pair of node.items) {
    if (!isScalar(pair.key)) {
      if (pair.key === null) continue;
      const key = pair.key as Node;
      return { kind: 'key', offset: offset(key), detail: isMap(key) ? 'a mapping' : isSeq(key) ? 'a list' : 'an alias' };
    }
    const name = String(pair.key.value);
    if (name === '<<' && !pair.key.type?.startsWith('QUOTE')) return { kind: 'merge', offset: offset(pair.key), detail: '' };
    if (seen.has(name)) return { kind: 'duplicate', offset: offset(pair.key), detail: name };
    seen.add(name);
  }
  return undefined;
}

/** Counts the values the document stands for with every alias expanded, without expanding them. */
function aliasProblem(document: Document.Parsed): StructureProblem | undefined {
  const anchors = new Map<string, Node>();
  const aliases: Node[] = [];
  let unknown: Node | undefined;
  visit(document, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) unknown ??= node;
        aliases.push(node);
      }
      if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  if (unknown && isAlias(unknown)) return { kind: 'unknown-alias', offset: offset(unknown), detail: unknown.source };
  const firstAlias = aliases[0];
  if (!firstAlias) return undefined;
  if (aliases.length > MAX_ALIASES) return { kind: 'aliases', offset: offset(aliases[MAX_ALIASES]!), detail: `number more than ${MAX_ALIASES}` };
  const sizes = new Map<Node, number>();
  const size = (node: unknown): number => {
    if (!node || typeof node !== 'object') return 1;
    const known = sizes.get(node as Node);
    if (known !== undefined) return known;
    sizes.set(node as Node, 1); // a self-reference counts once (the composer reports it as an error anyway)
    let total = 1;
    if (isAlias(node)) total = size(anchors.get(node.source));
    else if (isMap(node)) for (const pair of node.items) total += size(pair.key) + size(pair.value);
    else if (isSeq(node)) for (const item of node.items) total += size(item);
    const capped = Math.min(total, MAX_EXPANDED_NODES + 1);
    sizes.set(node as Node, capped);
    return capped;
  };
  return size(document.contents) > MAX_EXPANDED_NODES ? { kind: 'aliases', offset: offset(firstAlias), detail: `expand to more than ${MAX_EXPANDED_NODES} values` } : undefined;
}

function offset(node: Node): number {
  return node.range?.[0] ?? 0;
}
