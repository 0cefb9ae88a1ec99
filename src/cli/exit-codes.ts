/** Exit codes of the pyenvc command (contract: manifest.md, "Command line"; README's exit-code table). */
export const EXIT = { ok: 0, manifestErrors: 1, usage: 2, stale: 3, writeFailed: 73, internal: 70 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown for a command-line mistake (a missing manifest file, say): exit 2 with the message. */
export class UsageError extends Error {}

/**
 * Thrown when a generated file (or init's manifest) cannot be written: a file in the way, a read-only
 * or full file system, a folder without write permission. Exit 73, sysexits.h's EX_CANTCREAT ("a
 * (user specified) output file cannot be created"), so scripts can tell it from a usage mistake (2).
 */
export class WriteError extends Error {}

const RANK: Record<number, number> = { [EXIT.ok]: 0, [EXIT.stale]: 1, [EXIT.manifestErrors]: 2, [EXIT.usage]: 3, [EXIT.writeFailed]: 3, [EXIT.internal]: 4 };

/**
 * The exit code of a run over many manifests: the most serious outcome wins. Manifest errors (1)
 * outrank stale or refused files (3): a manifest that does not compile cannot be checked at all.
 * A write failure (73) ranks with a usage error: the run stops there.
 */
export function worstExit(a: number, b: number): number {
  return (RANK[b] ?? 4) > (RANK[a] ?? 4) ? b : a;
}
