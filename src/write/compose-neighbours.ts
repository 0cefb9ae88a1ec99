import { basename, dirname, join } from 'node:path';
import { COMPOSE_DEFAULT_FILES, COMPOSE_OVERRIDE_FILES } from '../catalog/docker-file-names.js';
import { readHeader } from '../emit/text.js';

/** A warning about a Compose file beside the generated one. */
export interface ComposeNeighbour {
  file: string;
  message: string;
  hint: string;
}

/**
 * When the generated compose file has one of the names Compose finds without `-f`, lists the
 * hand-written Compose files in the same folder that change what `docker compose up` runs there:
 * Compose v2 uses the first of compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml
 * and merges the matching override file onto it
 * (https://docs.docker.com/compose/intro/compose-application-model/#the-compose-file). `read` gives
 * a file's text or undefined when it is missing (the CLI reads the disk). A file with a pyenvc
 * header is not hand-written and is not listed. `composeTarget` is the generated file's path.
 */
export function composeNeighbours(composeTarget: string, read: (path: string) => string | undefined): ComposeNeighbour[] {
  const ours = basename(composeTarget);
  const rank = COMPOSE_DEFAULT_FILES.indexOf(ours);
  if (rank < 0) return []; // only started with `docker compose -f`: nothing else is read
  const hint = `set compose.file to a name of its own (such as compose.pyenvc.yaml) and start it with \`docker compose -f\`, or move the other file away`;
  const found: ComposeNeighbour[] = [];
  for (const other of [...COMPOSE_DEFAULT_FILES, ...COMPOSE_OVERRIDE_FILES]) {
    if (other === ours) continue;
    const text = read(join(dirname(composeTarget), other));
    if (text === undefined || readHeader(text)) continue;
    const otherRank = COMPOSE_DEFAULT_FILES.indexOf(other);
    const message =
      otherRank < 0
        ? `Compose merges your ${other} onto pyenvc's ${ours} when it is started without -f`
        : otherRank < rank
          ? `your ${other} is here too: \`docker compose up\` runs it, not pyenvc's ${ours} (Compose prefers ${other})`
          : `your ${other} is here too: \`docker compose up\` now runs pyenvc's ${ours} instead (Compose prefers it, and only warns)`;
    found.push({ file: other, message, hint });
  }
  return found;
}
