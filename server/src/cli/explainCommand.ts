import { renderRuleDoc } from '../lint/docs';
import { UsageError } from './args';
import { describeCode, findRule } from './codes';
import type { CliIo } from './io';

export const explainUsage = `spl-detect explain ID

Prints the documentation of a lint rule (by id, e.g. SPL103, or name, e.g. over-broad-substring):
what it reports, why, an example, what to write instead and how to configure it. For other
diagnostic codes (MAC001 ...) prints their one-line summary. Exit 0, or 2 for an unknown code.`;

export function runExplain(argv: string[], io: CliIo): number {
  if (argv.length !== 1) throw new UsageError('explain takes exactly one rule id or name');
  const rule = findRule(argv[0]);
  if (rule) {
    io.out(renderRuleDoc(rule));
    return 0;
  }
  const description = describeCode(argv[0].toUpperCase());
  if (!description.summary) throw new UsageError(`unknown rule or code '${argv[0]}'`);
  io.out(`${description.id} ${description.name ?? ''}\n\n${description.summary}\n`);
  return 0;
}
