/**
 * The protected API's routes, as API Gateway serves them: what the policy compiler compiles each
 * client's grants against, and what `gatehouse access` expands collections into. For an API the
 * platform creates they come from its resources; for an existing API they are declared (or imported
 * from its OpenAPI document).
 */
import { type ApiRoute, type GrantedRoute, type Parsed, parseApiRoute } from '../../record/routes';
import { compilePolicy, type CompileResult } from './policy-compiler';

export interface ApiRouteFact {
  readonly index: number;
  readonly text: string;
  readonly parsed: Parsed<ApiRoute>;
}

export class ApiDefinition {
  readonly routeFacts: readonly ApiRouteFact[];
  /** The routes that parse, once each. */
  readonly routes: readonly ApiRoute[];
  /** Compiled policies by grant set: clients granted the same collections share one compilation. */
  private readonly compiled = new Map<string, CompileResult>();

  /** @param routeTexts `METHOD /resource/path` per method, e.g. `GET /orders/{id}` or `ANY /{proxy+}`. */
  constructor(readonly routeTexts: readonly string[]) {
    this.routeFacts = routeTexts.map((text, index) => ({ index, text, parsed: parseApiRoute(text) }));
    const routes = new Map<string, ApiRoute>();
    for (const fact of this.routeFacts) if (fact.parsed.ok) routes.set(fact.parsed.value.text, fact.parsed.value);
    this.routes = [...routes.values()];
  }

  /** The exact policy for a set of granted routes against this API. */
  compile(grants: readonly GrantedRoute[]): CompileResult {
    const key = grants.map((grant) => grant.text).join('\n');
    let result = this.compiled.get(key);
    if (!result) {
      result = compilePolicy(this.routes, grants);
      this.compiled.set(key, result);
    }
    return result;
  }
}
