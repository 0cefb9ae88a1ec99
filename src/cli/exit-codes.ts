/** Exit codes of the pyenvc command (contract: manifest.md, "Command line"). */
export const EXIT = { ok: 0, manifestErrors: 1, usage: 2, stale: 3, internal: 70 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown for a command-line mistake (a missing manifest file, say): exit 2 with the message. */
export class UsageError extends Error {}

const RANK: Record<number, number> = { [EXIT.ok]: 0, [EXIT.stale]: 1, [EXIT.manifestErrors]: 2, [EXIT.usage]: 3, [EXIT.internal]: 4 };

/**
 * The exit code of a run over many manifests: the most serious outcome wins. Manifest errors (1)
 * outrank stale or refused files (3): a manifest that does not compile cannot be checked at all.
 */
export function worstExit(a: number, b: number): number {
  return (RANK[b] ?? 4) > (RANK[a] ?? 4) ? b : a;
}
