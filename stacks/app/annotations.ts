/**
 * The problems a construct tree carries, as `cdktf synth` would report them: errors (which fail synth)
 * and warnings, each with its construct path. `gatehouse validate` lists them all without synthesizing.
 */
import { AnnotationMetadataEntryType } from 'cdktf';
import type { IConstruct } from 'constructs';

export interface ReportedProblem {
  readonly level: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

export function collectProblems(root: IConstruct): ReportedProblem[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === AnnotationMetadataEntryType.ERROR || entry.type === AnnotationMetadataEntryType.WARN)
      .map((entry) => ({
        level: entry.type === AnnotationMetadataEntryType.ERROR ? ('error' as const) : ('warning' as const),
        path: construct.node.path,
        message: String(entry.data),
      })),
  );
}

export function formatReportedProblem(problem: ReportedProblem): string {
  return `${problem.level.toUpperCase()} [${problem.path}] ${problem.message}`;
}
