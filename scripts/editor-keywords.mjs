// Keywords of schema/pyenv.schema.json that only editors read (yaml-language-server, VS Code's JSON
// language service): ajv has to be told about them in strict mode (https://ajv.js.org/strict-mode.html#unknown-keywords)
// and ignores them when validating. markdownDescription, defaultSnippets, errorMessage and
// patternErrorMessage: https://github.com/redhat-developer/yaml-language-server (jsonSchema.ts) and
// https://code.visualstudio.com/docs/languages/json#_json-schemas-and-settings.
export const EDITOR_KEYWORDS = ['markdownDescription', 'defaultSnippets', 'errorMessage', 'patternErrorMessage'];

/** Registers the editor keywords on an ajv instance; returns it. */
export function addEditorKeywords(ajv) {
  for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: keyword === 'defaultSnippets' ? 'array' : 'string' });
  return ajv;
}
