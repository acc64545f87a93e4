/**
 * One JSON line per decision: outcome, status, reason code and enough context to find the client, key
 * and request, never the token, the API key or a secret (the key appears only as a prefix of its hash,
 * which is committed in the repository anyway).
 */
import type { AuthorizationRequest, FullDecision } from './authorizer';
import { OUTCOME_STATUS } from './decision';
import { parseMethodArn } from './method-arn';

const LEVEL = { allow: 'info', deny: 'warn', unauthorized: 'warn', error: 'error' } as const;
/** A refused token's `sub` is unverified: it is logged, but never at a length that floods the log. */
const MAX_SUBJECT = 128;

export function decisionLogLine(decision: FullDecision, request: AuthorizationRequest, durationMs: number): string {
  const record = decision.record;
  return JSON.stringify({
    level: LEVEL[decision.outcome],
    event: 'gatehouse.decision',
    outcome: decision.outcome,
    status: OUTCOME_STATUS[decision.outcome],
    reason: decision.reason,
    detail: decision.detail,
    client: record?.client.name,
    key: record?.key.name,
    keyHash: record ? `${record.keyHash.slice(0, 16)}…` : undefined,
    authMethod: record?.client.auth.method,
    keySource: decision.keySource,
    subject: decision.subject && decision.subject.length > MAX_SUBJECT ? `${decision.subject.slice(0, MAX_SUBJECT)}…` : decision.subject,
    sourceIp: request.sourceIp,
    resource: parseMethodArn(request.methodArn)?.resource,
    requestId: request.requestId,
    recordCache: decision.recordCache,
    durationMs: Math.round(durationMs * 100) / 100,
  });
}
