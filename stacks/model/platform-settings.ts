/**
 * What a platform declares about itself that synth checks: the facts the platform rules
 * (stacks/model/rules/platform) read, gathered by the construct from its props.
 */
import type { TruststoreFacts } from './truststore';

export interface MutualTlsDomainFacts {
  readonly domainName: string;
  readonly certificateArn: string;
  readonly truststore: TruststoreFacts;
  /** Whether the platform must see the API's default execute-api endpoint disabled. */
  readonly requireDefaultEndpointDisabled: boolean;
}

export interface PlatformFacts {
  readonly namePrefix: string;
  readonly logRetentionDays: number;
  /** The environment the authorizer Lambda is given. */
  readonly authorizerEnvironment: Record<string, string>;
  readonly resultCacheTtlSeconds: number;
  readonly mutualTls?: MutualTlsDomainFacts;
  /** The protected REST API, as far as this stack can see it. */
  readonly restApi: {
    /** Whether this stack manages the API (and so can see its settings). */
    readonly managed: boolean;
    readonly apiKeySource?: string;
    readonly disableExecuteApiEndpoint?: boolean;
  };
}

/** CloudWatch Logs' retention choices, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
