import { COMPOSE_DEFAULT_FILES, DOTENV_DEFAULT, DOTENV_TEMPLATE, DOTENV_VARIANT } from '../catalog/docker-file-names.js';
import type { Finding } from './entry.js';

/** What init writes for the env file the app reads its settings from (compose.env_file), and the to-do with it. */
export interface EnvFileChoice {
  /** compose.env_file. */
  file: string;
  finding: Finding;
  notes: string[];
}

/**
 * compose.env_file for `pyenvc init` (trial 3, F7: testdrivenio/django-on-docker's compose exits
 * without its SECRET_KEY). Rules, first match wins:
 * - `.env` exists → `env_file: .env`;
 * - only templates (`.env.example`, `.env.dev-sample`…: DOTENV_TEMPLATE) or other env files
 *   (`.env.dev`: DOTENV_VARIANT) exist, in the folder or else in the folder above it when that folder
 *   has a Compose file (the repository root of an app in a subfolder: django-on-docker keeps its
 *   docker-compose.yml and `.env.dev-sample` there, the app in app/) → `env_file: .env`, with a
 *   to-do to copy one to `.env` (compose.env_file must be inside the project; Compose stops with
 *   "env file … not found" until the file exists, which names the fix, instead of an app that exits
 *   for want of its settings);
 * - nothing → no env_file.
 * `.env*` never reaches the image: the generated .dockerignore excludes it at any depth.
 * `files` are the folder's paths (top level used), `parentFiles` the names in the folder above.
 */
export function chooseEnvFile(files: readonly string[], parentFiles: readonly string[] = []): EnvFileChoice | undefined {
  const kept = 'the generated .dockerignore keeps .env* out of the image';
  if (files.includes(DOTENV_DEFAULT)) {
    return { file: DOTENV_DEFAULT, finding: { field: 'compose.env_file', value: DOTENV_DEFAULT, because: `${DOTENV_DEFAULT} exists: Compose loads it into the container at start (${kept})` }, notes: [] };
  }
  const found = (names: readonly string[], prefix: string) => {
    const top = names.filter((f) => !f.includes('/') && f !== DOTENV_DEFAULT);
    const templates = top.filter((f) => DOTENV_TEMPLATE.test(f));
    const variants = top.filter((f) => !DOTENV_TEMPLATE.test(f) && DOTENV_VARIANT.test(f));
    return [...templates, ...variants].map((f) => `${prefix}${f}`);
  };
  const here = found(files, '');
  const above = parentFiles.some((f) => COMPOSE_DEFAULT_FILES.includes(f)) ? parentFiles : [];
  const candidates = here.length ? here : above.includes(DOTENV_DEFAULT) ? [`../${DOTENV_DEFAULT}`] : found(above, '../');
  if (!candidates.length) return undefined;
  const first = candidates[0]!;
  const which = candidates.length === 1 ? `\`cp ${first} ${DOTENV_DEFAULT}\`` : `the one for this environment, for example \`cp ${first} ${DOTENV_DEFAULT}\` (also found ${candidates.slice(1).join(', ')})`;
  const inside = first.startsWith('../') ? '; compose.env_file must be inside the project folder' : '';
  return {
    file: DOTENV_DEFAULT,
    finding: { field: 'compose.env_file', value: DOTENV_DEFAULT, because: `no ${DOTENV_DEFAULT} yet, but ${candidates.join(', ')} ${candidates.length === 1 ? 'holds' : 'hold'} the settings to put in it; Compose loads ${DOTENV_DEFAULT} into the container at start (${kept})` },
    notes: [`create ${DOTENV_DEFAULT} from ${candidates.length === 1 ? first : 'an env file found'} and fill in real values: ${which}${inside}. \`docker compose up\` stops with "env file … not found" until it exists`],
  };
}
