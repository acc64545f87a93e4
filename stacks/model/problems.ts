/**
 * A problem in a client definition: which field, what value, what is wrong and how to fix it. The
 * construct layer attaches problems to constructs (so `cdktf synth` names the construct path); errors
 * fail synth, warnings are printed.
 */
import { importedFormatOf, isGatehouseKeyToken } from '../../record/api-key-token';

export type Severity = 'error' | 'warning';

export interface Problem {
  readonly severity: Severity;
  /** The property, e.g. `allowedIps[1]` or `auth.publicKeys[0]`. */
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
}

export const error = (field: string, value: unknown, message: string, fix: string): Problem => ({ severity: 'error', field, value, message, fix });
export const warning = (field: string, value: unknown, message: string, fix: string): Problem => ({ severity: 'warning', field, value, message, fix });

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

export function formatProblem(problem: Problem): string {
  return `${problem.field} = ${showValue(problem.value)}: ${problem.message}. Fix: ${problem.fix}`;
}

/** Names of clients, keys, policies and collections: they appear in ARNs, resource names and logs. */
export const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function checkName(kind: string, name: string): Problem[] {
  return NAME_PATTERN.test(name)
    ? []
    : [error('id', name, `is not a valid ${kind} name`, 'use 1 to 64 lowercase letters, digits and dashes, starting and ending with a letter or digit')];
}
