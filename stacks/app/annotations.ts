/**
 * The problems a construct tree carries, as `cdktf synth` would report them: errors (which fail synth)
 * and warnings, each with its rule's code, the client file and the construct it is about. The same
 * client files are declared in several stacks (the AWS and the local stack, every environment), so a
 * problem found in each is reported once. `gatehouse validate` lists them all without synthesizing.
 */
import type { IConstruct } from 'constructs';
import { PROBLEM_METADATA, SUPPRESSED_METADATA } from '../constructs/catalog-host';
import type { Problem } from '../model/problems';

export interface ReportedProblem extends Omit<Problem, 'severity' | 'value'> {
  readonly level: 'error' | 'warning';
  /** The construct path, from the stack down. */
  readonly path: string;
  /** The construct path inside the clients scope (`acme-logistics/acme-logistics-prod`), the same in every stack. */
  readonly where: string;
  /** The client file that declared it, e.g. `stacks/clients/acme-logistics.ts`. */
  readonly file?: string;
  /** The value, as problems show it (secrets never echoed). */
  readonly value: string;
  /** For a warning accepted by a suppression: its reason. */
  readonly suppressedBecause?: string;
}

type Stored = Problem & { file?: string; value: string; reason?: string };

function whereOf(path: string): string {
  const marker = '/clients/';
  const index = path.indexOf(marker);
  return index === -1 ? path : path.slice(index + marker.length);
}

/** Every problem in the tree, once each; with `suppressed`, the accepted warnings too. */
export function collectProblems(root: IConstruct, options: { suppressed?: boolean } = {}): ReportedProblem[] {
  const seen = new Set<string>();
  const problems: ReportedProblem[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      const suppressed = entry.type === SUPPRESSED_METADATA;
      if (entry.type !== PROBLEM_METADATA && !(suppressed && options.suppressed)) continue;
      const stored = entry.data as Stored;
      const where = whereOf(construct.node.path);
      const key = JSON.stringify([stored.file ?? where, where, stored.code, stored.field, stored.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({
        level: stored.severity,
        code: stored.code,
        field: stored.field,
        value: stored.value,
        message: stored.message,
        fix: stored.fix,
        path: construct.node.path,
        where,
        file: stored.file,
        suppressedBecause: suppressed ? stored.reason : undefined,
      });
    }
  }
  return problems;
}

/** `ERROR stacks/clients/acme.ts (acme/acme-prod) key/ip-entry-invalid allowedIps[0] = "1.2.3": … Fix: …` */
export function formatReportedProblem(problem: ReportedProblem): string {
  const level = problem.suppressedBecause !== undefined ? 'SUPPRESSED' : problem.level.toUpperCase();
  const location = problem.file ? `${problem.file} (${problem.where})` : problem.where;
  const tail = problem.suppressedBecause !== undefined ? ` Suppressed because: ${problem.suppressedBecause}` : '';
  return `${level} ${location} ${problem.code} ${problem.field} = ${problem.value}: ${problem.message}. Fix: ${problem.fix}${tail}`;
}
