/**
 * `gatehouse explain`: runs the real decision for a token against the configured store (the running
 * local run, or the key table on AWS) and prints every step with its verdict and reason.
 */
import { assembleAuthorizer } from '../../lambda/assemble';
import { loadConfig } from '../../record/authorizer-settings';
import { OUTCOME_STATUS, type Trace } from '../../lambda/decision';
import { LOCAL_ARN_PREFIX, LOCAL_STAGE } from '../../local/gateway/local-gateway';
import { requestTarget } from './request-target';

export interface ExplainRequest {
  readonly token: string;
  readonly sourceIp: string;
  readonly method: string;
  readonly path: string;
  readonly clientCertPem?: string;
}

export interface Explanation {
  readonly allowed: boolean;
  readonly text: string;
}

const MARK = { pass: '✔', fail: '✘', skip: '–' } as const;

/**
 * @param environment the authorizer's environment: the local run's, or GATEHOUSE_* variables for AWS
 * (GATEHOUSE_TABLE_NAME naming the deployed table; credentials and region from the AWS SDK's defaults).
 */
export async function explain(request: ExplainRequest, environment: Record<string, string | undefined>): Promise<Explanation> {
  const { authorizer } = assembleAuthorizer(loadConfig(environment));
  const trace: Trace = [];
  const { method, path } = requestTarget(request.method, request.path);
  const methodArn = `${LOCAL_ARN_PREFIX}/${LOCAL_STAGE}/${method}${path}`;
  const decision = await authorizer.decide(
    { authorization: [`Bearer ${request.token}`], sourceIp: request.sourceIp, methodArn, clientCertificate: request.clientCertPem ? { clientCertPem: request.clientCertPem } : undefined },
    trace,
  );
  const width = Math.max(...trace.map((step) => step.step.length));
  const lines = [
    `Decision for ${method} ${path} from ${request.sourceIp}`,
    ...trace.map((step) => `  ${MARK[step.verdict]} ${step.step.padEnd(width)}  ${step.detail}`),
    '',
    `Outcome: ${OUTCOME_STATUS[decision.outcome]} ${decision.outcome} (${decision.reason})${decision.record ? ` — client "${decision.record.client.name}", key "${decision.record.key.name}"` : ''}`,
  ];
  return { allowed: decision.outcome === 'allow', text: lines.join('\n') };
}
