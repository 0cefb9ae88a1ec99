import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { LoadedManifest } from './load.js';

/** A 1-based position in the manifest. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Finds where the value at `path` (`['run', 'ports', 1]`) stands in the manifest. When the path goes
 * deeper than the document (a missing key), the position of the deepest existing node is returned.
 * With `key: true` the position of the mapping key is returned instead of its value.
 */
export function locate(manifest: LoadedManifest, path: readonly (string | number)[], key = false): Position {
  let node: Node | null | undefined = manifest.document.contents as Node | null;
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair: unknown = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!isPair(pair)) break;
      keyNode = pair.key as Node;
      node = (pair.value as Node | null) ?? keyNode;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      keyNode = undefined;
      node = item;
    } else break;
  }
  const target = key && keyNode ? keyNode : node;
  const offset = target?.range?.[0] ?? 0;
  const pos = manifest.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** The source text of the scalar at `path` as written (`3.10`, not the number 3.1); undefined when absent. */
export function sourceText(manifest: LoadedManifest, path: readonly (string | number)[]): string | undefined {
  const node = manifest.document.getIn(path, true) as Node | undefined;
  if (!isScalar(node) || !node.range) return undefined;
  return manifest.text.slice(node.range[0], node.range[1]);
}
