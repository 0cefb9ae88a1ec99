import { appendFileSync } from 'node:fs';
import { e2eContext } from './context.js';

/** One line of the end-of-run report (see global-setup.ts). */
export interface ReportLine {
  fixture: string;
  what: string;
  value: string;
}

/** Records a line for the summary table and prints it right away. */
export function report(fixture: string, what: string, value: string): void {
  const line: ReportLine = { fixture, what, value };
  appendFileSync(e2eContext().reportFile, `${JSON.stringify(line)}\n`);
  console.log(`[e2e] ${fixture}: ${what}: ${value}`);
}
