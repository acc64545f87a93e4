/**
 * The Lambda entry point: API Gateway REQUEST authorizer for REST APIs and HTTP APIs (payload 1.0 and
 * 2.0; lambda/api-gateway-event.ts tells them apart and refuses any other event). Configuration is read
 * once per container; if it is invalid, every request fails closed with `configuration_invalid` (500).
 */
import { type AuthorizerResponse, requestFromEvent, type ResponseOptions, resultForApiGateway } from './api-gateway-event';
import { assembleAuthorizer, type AssemblyOverrides } from './assemble';
import type { FullDecision } from './authorizer';
import { loadConfig } from '../record/authorizer-settings';
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_METRICS_SERVICE } from '../record/decision-metrics';
import { type DecisionCounters, DecisionLog } from './decision-log';
import { fdLineWriter } from './line-writer';

export type RequestAuthorizerHandler = (event: unknown) => Promise<AuthorizerResponse>;

export interface HandlerOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The descriptor decision lines are written to, one write per line: stdout (CloudWatch Logs on Lambda) by default. */
  readonly logFd?: number;
  /** Receives each decision line (newline included) instead, for tests and the local run. */
  readonly writeLog?: (line: string) => void;
  /** Other record or secret sources, for benchmarks and tests; the table and Secrets Manager by default. */
  readonly overrides?: AssemblyOverrides;
}

const NO_EVENTS: DecisionCounters = { keySetFetches: 0, identityProviderFetchFailures: 0 };

export function createHandler(options: HandlerOptions = {}): RequestAuthorizerHandler {
  const writeLog = options.writeLog ?? fdLineWriter(options.logFd ?? 1);
  let decide: (request: ReturnType<typeof requestFromEvent>) => Promise<FullDecision>;
  let responses: ResponseOptions = { httpApiSimpleResponses: false };
  let log: DecisionLog;
  let eventsSinceLastLine: () => DecisionCounters = () => NO_EVENTS;
  try {
    const config = loadConfig(options.env ?? process.env);
    const { authorizer, oidc } = assembleAuthorizer(config, options.overrides);
    decide = (request) => authorizer.decide(request);
    responses = { httpApiSimpleResponses: config.httpApiSimpleResponses };
    log = new DecisionLog(config.metrics);
    // Identity provider fetches happen between lines (in the background, too): each line reports those since the last.
    let jwks = 0;
    let failures = 0;
    eventsSinceLastLine = () => {
      const { fetches } = oidc;
      if (fetches.jwks === jwks && fetches.failures === failures) return NO_EVENTS;
      const events = { keySetFetches: fetches.jwks - jwks, identityProviderFetchFailures: fetches.failures - failures };
      jwks = fetches.jwks;
      failures = fetches.failures;
      return events;
    };
  } catch (error) {
    const detail = `${(error as Error).name}: ${(error as Error).message}`;
    decide = async () => ({ outcome: 'error', reason: 'configuration_invalid', detail });
    // The settings could not be read, so the defaults: the failure must still show in the metrics.
    log = new DecisionLog({ enabled: true, namespace: DEFAULT_METRICS_NAMESPACE, service: DEFAULT_METRICS_SERVICE, perClient: false });
  }
  return async (event) => {
    const started = performance.now();
    const request = requestFromEvent(event);
    const decision = await decide(request);
    writeLog(log.line(decision, request, performance.now() - started, eventsSinceLastLine()));
    return resultForApiGateway(decision, request, responses);
  };
}

export const handler: RequestAuthorizerHandler = createHandler();
