/**
 * IAM's evaluation of an authorizer's policy for one request, as AWS documents it, written independently
 * of the authorizer (which builds policies) and of the policy compiler (which proves them with automata):
 * the local gateway enforces with it, and the tests judge policies with it.
 *
 * - "Policy evaluation logic": an explicit Deny in any applicable statement wins; otherwise an applicable
 *   Allow allows; otherwise the request is implicitly denied.
 * - A statement applies when its Action (or NotAction) and its Resource (or NotResource) match.
 * - "IAM JSON policy elements: Resource": a `*` in a resource ARN matches any combination of zero or more
 *   characters, a `?` any single character, in any segment; `/` and `:` are ordinary characters to them.
 *   Resource matching is case-sensitive.
 * - "IAM JSON policy elements: Action": action names are case-insensitive and take the same wildcards.
 */

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
}

export interface PolicyDocumentLike {
  readonly Statement: readonly PolicyStatement[] | PolicyStatement;
}

/**
 * Whether `text` matches `pattern` with `*` (any run, possibly empty) and `?` (one character): the
 * classic linear-time matcher that remembers the last `*` and retries from one character further.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || (pattern[p] !== '*' && pattern[p] === text[t]))) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function list(value: string | readonly string[] | undefined): readonly string[] | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? [value] : value;
}

function elementMatches(positive: readonly string[] | undefined, negative: readonly string[] | undefined, value: string, fold: boolean): boolean {
  const matches = (pattern: string) => (fold ? wildcardMatch(pattern.toLowerCase(), value.toLowerCase()) : wildcardMatch(pattern, value));
  if (positive) return positive.some(matches);
  if (negative) return !negative.some(matches);
  return false;
}

function applies(statement: PolicyStatement, action: string, resource: string): boolean {
  return (
    elementMatches(list(statement.Action), list(statement.NotAction), action, true) &&
    elementMatches(list(statement.Resource), list(statement.NotResource), resource, false)
  );
}

/** IAM's verdict on `execute-api:Invoke` of `methodArn` under the policy. */
export function evaluatePolicy(document: PolicyDocumentLike, methodArn: string, action = 'execute-api:Invoke'): 'allow' | 'deny' {
  const statements = Array.isArray(document.Statement) ? (document.Statement as readonly PolicyStatement[]) : [document.Statement as PolicyStatement];
  const applicable = statements.filter((statement) => applies(statement, action, methodArn));
  if (applicable.some((statement) => statement.Effect === 'Deny')) return 'deny';
  return applicable.some((statement) => statement.Effect === 'Allow') ? 'allow' : 'deny';
}
