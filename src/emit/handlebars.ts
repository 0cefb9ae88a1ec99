import type HandlebarsApi from 'handlebars';
import runtime from 'handlebars/runtime.js';
import { TEMPLATE_SPECS } from '../generated/templates.js';

/** handlebars/runtime is the full API without the compiler; the typings it ships declare nothing. */
const Handlebars = runtime as unknown as Pick<typeof HandlebarsApi, 'create'>;

/** A private Handlebars runtime: templates only loop and branch; quoting happens in TypeScript (architecture rule 6). */
const instance = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();
const specs = TEMPLATE_SPECS as Record<string, TemplateSpecification | undefined>;

/**
 * Renders the bundled template `name` (src/emit/templates/<name>.hbs) with `data`. Throws when the
 * template reads a missing field (strict mode): that is a bug. The templates are precompiled at build
 * time by scripts/precompile.mjs (options noEscape, strict, knownHelpersOnly), so only the small
 * Handlebars runtime loads (https://handlebarsjs.com/api-reference/runtime.html).
 */
export function renderTemplate(name: string, data: object): string {
  let template = compiled.get(name);
  if (!template) {
    const spec = specs[name];
    if (spec === undefined) throw new Error(`internal: template ${name} is not bundled`);
    template = instance.template(spec);
    compiled.set(name, template);
  }
  return template(data);
}
