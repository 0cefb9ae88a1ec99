// Types of scripts/docs.mjs, for test/docs.test.ts.
export const START: string;
export const END: string;
export interface DocSources {
  schema: Record<string, unknown>;
  presets: Record<string, Record<string, unknown>>;
}
export function loadSources(root?: string): DocSources;
export function renderReference(sources: DocSources): string;
export function updateReadme(readme: string, reference: string): string;
