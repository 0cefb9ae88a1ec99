import { join } from 'node:path';
import { parse } from 'yaml';
import type { CompileResult } from '../../src/index.js';
import { argumentText, envOf, execArray, stagesOf, type Stage } from './dockerfile.js';
import { artifactsOf, compileFolder, FIXTURES } from './fixtures.js';

/** One compiled fixture, with the views case tests need. */
export interface CompiledCase {
  result: CompileResult;
  files: Record<string, string>;
  stages: Stage[];
  runtime: Stage;
  builder: Stage;
  compose: { services: Record<string, Record<string, unknown>>; secrets?: Record<string, unknown> };
  service: Record<string, unknown>;
  cmd: string[];
  entrypoint: string[];
  /** Every instruction of a stage with this keyword, as text after the keyword. */
  all(stage: Stage, keyword: string): string[];
  runtimeEnv: Map<string, string>;
}

/** Compiles fixtures/<name> and parses its artifacts. */
export function compileCase(name: string): CompiledCase {
  const result = compileFolder(join(FIXTURES, name));
  const files = artifactsOf(result);
  const stages = stagesOf(files['Dockerfile']!);
  const builder = stages[0]!;
  const runtime = stages[stages.length - 1]!;
  const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.getKeyword() === keyword).map(argumentText);
  const compose = parse(files['compose.yaml']!) as CompiledCase['compose'];
  return {
    result,
    files,
    stages,
    builder,
    runtime,
    compose,
    service: Object.values(compose.services)[0]!,
    cmd: execArray(all(runtime, 'CMD')[0]!),
    entrypoint: execArray(all(runtime, 'ENTRYPOINT')[0]!),
    all,
    runtimeEnv: envOf(runtime),
  };
}

/** Codes of the diagnostics of a compile, with severity: `warning PYENV305`. */
export function codes(result: CompileResult): string[] {
  return result.diagnostics.map((d) => `${d.severity} ${d.code}`);
}
