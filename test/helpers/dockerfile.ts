import { DockerfileParser, type Instruction } from 'dockerfile-ast';

/** A parsed Dockerfile split into stages, for assertions on what each stage does. */
export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

export function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const args = instruction.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--platform'));
      stages.push({ from: args[0]!, ...(args[2] ? { name: args[2] } : {}), instructions: [] });
    } else stages[stages.length - 1]?.instructions.push(instruction);
  }
  return stages;
}

/** The whole text of an instruction after its keyword, flags included, continuation lines joined. */
export function argumentText(instruction: Instruction): string {
  return instruction
    .getTextContent()
    .replace(/\s*\\\r?\n\s*/g, ' ')
    .replace(/^\s*\S+\s+/, '')
    .trim();
}

/** Parses the exec form (JSON array) of CMD/ENTRYPOINT/HEALTHCHECK CMD. Throws when it is not JSON. */
export function execArray(text: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`not an exec-form array: ${text}`);
  return value;
}

/** Reads back every ENV key/value pair of a stage, as BuildKit would (quotes and escapes removed). */
export function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const i of stage.instructions) {
    if (i.getKeyword() !== 'ENV') continue;
    for (const p of (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) env.set(p.getName(), p.getValue() ?? '');
  }
  return env;
}
