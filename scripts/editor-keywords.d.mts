import type { Ajv } from 'ajv';
export declare const EDITOR_KEYWORDS: readonly string[];
export declare function addEditorKeywords<T extends Pick<Ajv, 'addKeyword'>>(ajv: T): T;
