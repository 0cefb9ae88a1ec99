import type { Readable } from 'node:stream';

/**
 * Streams bytes (for example `docker save` output: a tar of uncompressed layer tars, so file
 * contents appear verbatim) and reports which needles occur, also across chunk boundaries.
 */
export async function findNeedles(stream: Readable, needles: string[]): Promise<Set<string>> {
  const wanted = needles.filter((n) => n.length > 0).map((n) => ({ text: n, bytes: Buffer.from(n, 'utf8') }));
  const keep = Math.max(0, ...wanted.map((w) => w.bytes.length)) - 1;
  const found = new Set<string>();
  let carry = Buffer.alloc(0);
  for await (const chunk of stream) {
    const window = Buffer.concat([carry, chunk as Buffer]);
    for (const w of wanted) if (!found.has(w.text) && window.indexOf(w.bytes) !== -1) found.add(w.text);
    carry = keep > 0 ? window.subarray(Math.max(0, window.length - keep)) : Buffer.alloc(0);
  }
  return found;
}
