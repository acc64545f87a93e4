/**
 * The Lambda entry point: API Gateway REQUEST authorizer for REST APIs and HTTP APIs (payload 1.0 and
 * 2.0; lambda/api-gateway-event.ts tells them apart and refuses any other event). Configuration is read
 * once per container; if it is invalid, every request fails closed with `configuration_invalid` (500).
 */
import { type AuthorizerResponse, requestFromEvent, type ResponseOptions, resultForApiGateway } from './api-gateway-event';
import { assembleAuthorizer, type AssemblyOverrides } from './assemble';
import type { FullDecision } from './authorizer';
import { loadConfig } from '../record/authorizer-settings';
import { decisionLogLine } from './decision-log';

export type RequestAuthorizerHandler = (event: unknown) => Promise<AuthorizerResponse>;

export interface HandlerOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where decision lines go; stdout (CloudWatch Logs on Lambda) by default. */
  readonly writeLog?: (line: string) => void;
  /** Other record or secret sources, for benchmarks and tests; the table and Secrets Manager by default. */
  readonly overrides?: AssemblyOverrides;
}

export function createHandler(options: HandlerOptions = {}): RequestAuthorizerHandler {
  const writeLog = options.writeLog ?? ((line: string) => console.log(line));
  let decide: (request: ReturnType<typeof requestFromEvent>) => Promise<FullDecision>;
  let responses: ResponseOptions = { httpApiSimpleResponses: false };
  try {
    const config = loadConfig(options.env ?? process.env);
    const { authorizer } = assembleAuthorizer(config, options.overrides);
    decide = (request) => authorizer.decide(request);
    responses = { httpApiSimpleResponses: config.httpApiSimpleResponses };
  } catch (error) {
    const detail = `${(error as Error).name}: ${(error as Error).message}`;
    decide = async () => ({ outcome: 'error', reason: 'configuration_invalid', detail });
  }
  return async (event) => {
    const started = performance.now();
    const request = requestFromEvent(event);
    const decision = await decide(request);
    writeLog(decisionLogLine(decision, request, performance.now() - started));
    return resultForApiGateway(decision, request, responses);
  };
}

export const handler: RequestAuthorizerHandler = createHandler();
