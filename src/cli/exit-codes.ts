/** Exit codes of the pyenvc command (contract: manifest.md, "Command line"). */
export const EXIT = { ok: 0, manifestErrors: 1, usage: 2, stale: 3, internal: 70 } as const;

/** Thrown for a command-line mistake (a missing manifest file, say): exit 2 with the message. */
export class UsageError extends Error {}
