/**
 * A problem in a definition: a stable code (the rule that found it), what is wrong, where and how to fix
 * it. Rules (stacks/model/rules/) find problems; the construct layer attaches them to constructs, so
 * `cdktf synth` names the construct path and the client file; errors fail synth, warnings are printed
 * unless suppressed with a reason.
 */
import { importedFormatOf, isGatehouseKeyToken } from '../../record/api-key-token';

export type Severity = 'error' | 'warning';

/** What a rule reports: the property, the value found there, what is wrong and how to fix it. */
export interface Finding {
  /** The property, e.g. `allowedIps[1]` or `auth.publicKeys[0]`. */
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
}

export interface Problem extends Finding {
  /** The rule's stable code, e.g. `key/ip-entry-invalid`: what tests assert and suppressions name. */
  readonly code: string;
  readonly severity: Severity;
}

/**
 * A warning a team accepts, on the construct it applies to: the rule's code and why (cdk-nag's
 * suppress-with-reason). Errors cannot be suppressed.
 */
export interface Suppression {
  readonly code: string;
  /** Why the warning does not apply here; reviewers read it. At least 10 characters. */
  readonly reason: string;
}

/** Names of clients, keys, policies and collections: they appear in ARNs, resource names and logs. */
export const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * A value as a problem shows it. Secrets are never echoed, even when someone pasted one where it does
 * not belong: an API key token in place of its hash, a private key in place of a public one.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    if (isGatehouseKeyToken(value) || importedFormatOf(value)) return '<an API key token, not shown>';
    if (/PRIVATE KEY/.test(value) || /"d"\s*:/.test(value)) return '<a private key, not shown>';
    const oneLine = value.replace(/\s+/g, ' ');
    return JSON.stringify(oneLine.length > 72 ? `${oneLine.slice(0, 69)}...` : oneLine);
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 72 ? `${text.slice(0, 69)}...` : text;
}

/** `key/ip-entry-invalid allowedIps[0] = "1.2.3": is not an IP address. Fix: …` */
export function formatProblem(problem: Problem): string {
  return `${problem.code} ${problem.field} = ${showValue(problem.value)}: ${problem.message}. Fix: ${problem.fix}`;
}

export const hasErrors = (problems: readonly Problem[]) => problems.some((problem) => problem.severity === 'error');
