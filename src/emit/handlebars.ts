import Handlebars from 'handlebars';
import { TEMPLATES } from '../generated/assets.js';

/** A private Handlebars instance: templates only loop and branch; quoting happens in TypeScript (architecture rule 6). */
const instance = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Renders the bundled template `name` (src/emit/templates/<name>.hbs) with `data`. Throws when the template reads a missing field (strict mode): that is a bug. */
export function renderTemplate(name: string, data: object): string {
  let template = compiled.get(name);
  if (!template) {
    const source = TEMPLATES[name];
    if (source === undefined) throw new Error(`internal: template ${name} is not bundled`);
    template = instance.compile(source, { noEscape: true, strict: true, knownHelpersOnly: true });
    compiled.set(name, template);
  }
  return template(data);
}
