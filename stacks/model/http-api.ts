/**
 * What an HTTP API protected by Gatehouse declares, as the HTTP API rules (stacks/model/rules/http-api,
 * and the client rules about HTTP APIs) read it. Independent of cdktf: GatehouseHttpApi gathers these
 * facts from its props.
 */
import { type Parsed } from '../../record/routes';
import { parseRouteKey, type RouteKey } from '../../record/http-api-routes';
import type { ClientDefinition } from './api-client';

export interface HttpApiRouteFact {
  readonly index: number;
  readonly text: string;
  readonly parsed: Parsed<RouteKey>;
}

/** Stage or route throttling: what HTTP APIs apply instead of usage plans, shared by every caller. */
export interface Throttling {
  readonly rateLimit?: number;
  readonly burstLimit?: number;
}

export interface HttpApiFacts {
  /** The API's name, for messages. */
  readonly name: string;
  readonly payloadFormatVersion: string;
  readonly simpleResponses: boolean;
  readonly resultCacheTtlSeconds: number;
  readonly routes: readonly HttpApiRouteFact[];
  /** The stage's default route throttling, when the stack manages the stage. */
  readonly stageThrottling?: Throttling;
  /**
   * GATEHOUSE_HTTP_API_SIMPLE_RESPONSES as the platform's authorizer was already given it (by another
   * HTTP API on the same platform), if it was: one authorizer answers in one format.
   */
  readonly authorizerSimpleResponses?: string;
}

export function httpApiRouteFacts(routeKeys: readonly string[]): HttpApiRouteFact[] {
  return routeKeys.map((text, index) => ({ index, text, parsed: parseRouteKey(text) }));
}

/** The routes that parse. */
export function routeKeysOf(facts: HttpApiFacts): RouteKey[] {
  return facts.routes.flatMap((route) => (route.parsed.ok ? [route.parsed.value] : []));
}

/** A client as an HTTP API serving it sees it. */
export interface ClientOnHttpApi {
  readonly client: ClientDefinition;
  readonly httpApi: HttpApiFacts;
}
