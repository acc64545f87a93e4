/**
 * A synth-time check as a small named rule, one per file (as cdk-nag keeps its rules): a stable code,
 * a severity, a one-line summary for docs, and a check that reads a definition's facts and returns
 * findings. Rules never throw for bad input: a definition that cannot be read is a finding of some rule.
 */
import type { Finding, Problem, Severity, Suppression } from '../problems';

export interface Rule<S, C = unknown> {
  /** `<subject>/<what>`, e.g. `key/ip-entry-invalid`. Stable: tests assert it, suppressions name it. */
  readonly code: string;
  readonly severity: Severity;
  /** What the rule catches, in one line (docs/checks.md lists every rule). */
  readonly summary: string;
  check(subject: S, context: C): readonly Finding[];
}

export function defineRule<S, C = unknown>(rule: Rule<S, C>): Rule<S, C> {
  return rule;
}

/** Runs rules over a subject; each finding becomes a problem carrying its rule's code and severity. */
export function runRules<S, C>(rules: readonly Rule<S, C>[], subject: S, context: C): Problem[] {
  return rules.flatMap((rule) => rule.check(subject, context).map((finding) => ({ ...finding, code: rule.code, severity: rule.severity })));
}

export interface Suppressed {
  /** What remains to report: the problems not suppressed, and any problem with the suppressions themselves. */
  readonly problems: Problem[];
  /** Warnings a suppression accepted, with its reason, for `gatehouse validate --suppressed`. */
  readonly accepted: { readonly problem: Problem; readonly reason: string }[];
}

const MIN_REASON = 10;

/**
 * Applies a construct's suppressions: a warning whose code is suppressed is accepted with its reason.
 * Suppressing an error, a code no rule has, or without a reason is itself an error.
 */
export function applySuppressions(problems: readonly Problem[], suppressions: readonly Suppression[] | undefined, knownCodes: ReadonlyMap<string, Severity>): Suppressed {
  const result: Suppressed = { problems: [], accepted: [] };
  const byCode = new Map<string, Suppression>();
  (suppressions ?? []).forEach((suppression, index) => {
    const field = `suppressions[${index}]`;
    const severity = knownCodes.get(suppression?.code);
    const fail = (message: string, fix: string) => result.problems.push({ code: 'suppression/invalid', severity: 'error', field, value: suppression?.code, message, fix });
    if (severity === undefined) return fail('names no Gatehouse rule', 'use a code from a warning (docs/checks.md lists them)');
    if (severity === 'error') return fail('names an error, and errors cannot be suppressed', 'fix the definition instead');
    if (typeof suppression.reason !== 'string' || suppression.reason.trim().length < MIN_REASON) {
      return fail('has no reason', `say in at least ${MIN_REASON} characters why the warning does not apply here; reviewers read it`);
    }
    byCode.set(suppression.code, suppression);
  });
  for (const problem of problems) {
    const suppression = problem.severity === 'warning' ? byCode.get(problem.code) : undefined;
    if (suppression) result.accepted.push({ problem, reason: suppression.reason });
    else result.problems.push(problem);
  }
  return result;
}
