/**
 * How the authorizer bounds its AWS SDK calls (the key table, Secrets Manager): two attempts, each
 * given `timeoutMs` to connect and `timeoutMs` to answer, and an overall deadline enforced by aborting
 * the call, whatever the SDK's own timeouts do. A dependency that accepts connections and never answers
 * then costs a decision a bounded wait, never the Lambda's whole timeout.
 */

/** Client settings for `new XxxClient(boundedClientConfig(ms))`. */
export function boundedClientConfig(timeoutMs: number) {
  return {
    maxAttempts: 2,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true },
  };
}

/** The overall deadline matching boundedClientConfig: two attempts and a backoff. */
export function overallDeadlineMs(timeoutMs: number): number {
  return 3 * timeoutMs + 500;
}
