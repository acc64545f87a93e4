/**
 * The decision for one request, independent of how it arrived: the Lambda handler, the local gateway and
 * `gatehouse explain` all call `decide`.
 *
 *   the method ARN → 1 bearer token → 2 decode → 3 find the API key → 4 look up its record → 5 verify the
 *   signature → 6 time claims, token binding → [genuine from here on] client and key status → 7 IP rules
 *   → mTLS → 8 routes
 *
 * Refusals before step 6 completes are 401s; after, 403s; failing dependencies are 500s (REASON_OUTCOMES).
 * An event the authorizer does not recognise, or whose ARN or route key it cannot read, is a 500 before
 * anything else. REST APIs' routes are decided per request; HTTP APIs' per route (record/http-api-routes.ts).
 */
import { type ImportedKeyFormat, redactKeyShaped } from '../record/api-key-token';
import { grantAdmits } from '../record/routes';
import { parseRouteKey, type RouteKey, routeCoverage } from '../record/http-api-routes';
import type { AuthorizerConfig } from '../record/authorizer-settings';
import { bearerToken } from './bearer-token';
import { type Decision, type KeySource, quote, Refusal, REASON_OUTCOMES, type Reason, refuse, type Trace } from './decision';
import { checkIpRules } from './ip-rules';
import { ipAddressKey } from '../record/ip-entries';
import { decodeJws } from './jws';
import { findApiKey, keyCandidates } from './key-claims';
import { type MethodArn, parseMethodArn } from './method-arn';
import { type ClientCertificate, checkMutualTls, checkTokenBinding, hasCertificateBinding } from './mutual-tls';
import type { PreparedRecord } from './prepared-record';
import type { RecordStore } from './record-store';
import { asymmetricAlgorithm } from './signature/algorithms';
import type { SignatureVerifier } from './signature/verify-signature';
import { checkTimeClaims } from './time-claims';

/** The API Gateway event a request came in: REST API REQUEST, or HTTP API payload 1.0 or 2.0. */
export type EventFormat = 'rest' | 'http-1.0' | 'http-2.0';

export interface AuthorizationRequest {
  /** Default `rest`. */
  readonly format?: EventFormat;
  /** Why the event is none the authorizer decides; set, the request is refused (event_unsupported). */
  readonly unsupported?: string;
  /** HTTP APIs: the route API Gateway matched, which the decision (and its cached answer) is for. */
  readonly routeKey?: string;
  /** Every Authorization header value the request carried (normally one). */
  readonly authorization: readonly string[];
  /** The caller's address as API Gateway saw it (`requestContext.identity.sourceIp`), never a header. */
  readonly sourceIp: string | undefined;
  /** The method ARN (REST, payload 1.0) or route ARN (payload 2.0): API, stage, method and path. */
  readonly methodArn: string;
  /** The certificate the caller presented, on a mutual-TLS custom domain. */
  readonly clientCertificate?: ClientCertificate;
  readonly requestId?: string;
}

export interface AuthorizerParts {
  readonly config: AuthorizerConfig;
  readonly records: RecordStore;
  readonly signatures: SignatureVerifier;
  readonly now?: () => number;
}

/** Decision with what policy building needs: the prepared record and the parsed method ARN. */
export interface FullDecision extends Decision {
  readonly prepared?: PreparedRecord;
  readonly arn?: MethodArn;
  /** HTTP APIs: the route decided on. */
  readonly route?: RouteKey;
}

export class Authorizer {
  private readonly candidates;
  private readonly importedFormats: readonly ImportedKeyFormat[];
  private readonly now: () => number;
  private readonly isCachedKey: (value: string) => boolean;

  constructor(private readonly parts: AuthorizerParts) {
    this.candidates = keyCandidates(parts.config.keyClaims);
    this.importedFormats = parts.config.importedKeyFormats;
    this.now = parts.now ?? Date.now;
    this.isCachedKey = (value) => parts.records.holds(value);
  }

  async decide(request: AuthorizationRequest, trace?: Trace): Promise<FullDecision> {
    const { config, records, signatures } = this.parts;
    let step = 'bearer';
    let prepared: PreparedRecord | undefined;
    let keySource: KeySource | undefined;
    let subject: string | undefined;
    let recordCache: 'hit' | 'miss' | undefined;
    const pass = trace && ((detail: string) => trace.push({ step, verdict: 'pass', detail }));
    // Read first: every answer but a 500 builds its policy on this request's API and stage.
    const arn = parseMethodArn(request.methodArn);
    const httpApi = request.format === 'http-1.0' || request.format === 'http-2.0';
    const parsedRoute = httpApi && request.routeKey !== undefined ? parseRouteKey(request.routeKey) : undefined;
    const route = parsedRoute?.ok ? parsedRoute.value : undefined;
    try {
      if (request.unsupported !== undefined) refuse('event_unsupported', request.unsupported);
      if (!arn) refuse('method_arn_invalid', `method ARN ${quote(request.methodArn)} is not one API Gateway sends`);
      if (httpApi && !route) refuse('route_key_invalid', `route key ${quote(request.routeKey)} is not one an HTTP API defines`);
      const token = bearerToken(request.authorization);
      pass?.('Authorization: Bearer token present');

      step = 'decode';
      const jws = decodeJws(token, config.maxTokenBytes);
      // Refused before the lookup: no client of any method accepts these, so no read is spent on them.
      if (jws.alg !== 'HS256' && !asymmetricAlgorithm(jws.alg)) refuse('token_alg_not_allowed', `"alg" ${quote(jws.alg)} is never accepted`, { field: 'alg', actual: jws.alg });
      pass?.(`well-formed JWS, alg ${jws.alg}`);

      step = 'api-key';
      const found = findApiKey(jws.header, jws.payload, this.candidates, this.importedFormats, this.isCachedKey);
      if (!found) refuse('api_key_missing', 'no claim holds a value in API key format');
      keySource = found.source;
      const sub = jws.payload.sub;
      // The subject goes to logs and the integration's context: never the key, nor anything key-shaped in it.
      if (typeof sub === 'string' && found.source !== 'payload:sub') subject = redactKeyShaped(sub);
      pass?.(`API key found in ${found.source}`);

      step = 'lookup';
      const lookup = records.peek(found.token) ?? (await records.lookup(found.token));
      recordCache = lookup.cache;
      prepared = lookup.prepared;
      if (!prepared) refuse('api_key_unknown', 'no key with this token is registered');
      const { record } = prepared;
      pass?.(`key "${record.key.name}" of client "${record.client.name}" (${record.client.auth.method}), record cache ${lookup.cache}`);

      step = 'signature';
      const nowMs = this.now();
      const verifying = signatures.verify(prepared, jws, nowMs);
      if (verifying) await verifying;
      pass?.(`${jws.alg} signature verifies`);

      step = 'time-claims';
      checkTimeClaims(jws.payload, record.client.tokenRules, nowMs / 1000, config.clockToleranceSeconds);
      pass?.('exp, nbf and iat are acceptable');

      // A token bound to a key its holder must prove (DPoP's `cnf.jkt`, `cnf.jwk`) is not a bearer token.
      step = 'binding';
      checkTokenBinding(jws.payload);

      // The token is genuine from here on: refusals are 403s.
      step = 'status';
      if (!record.client.enabled) refuse('client_disabled', `client "${record.client.name}" is disabled`, { field: 'client.enabled', actual: 'false', expected: 'true' });
      if (!record.key.enabled) refuse('key_disabled', `key "${record.key.name}" is disabled`, { field: 'key.enabled', actual: 'false', expected: 'true' });
      if (prepared.keyNotAfterMs <= nowMs) refuse('key_expired', `key "${record.key.name}" expired at ${record.key.notAfter}`, { field: 'key.notAfter', actual: record.key.notAfter ?? null });
      pass?.('client and key are enabled and in date');

      step = 'ip-rules';
      const address = request.sourceIp === undefined ? undefined : ipAddressKey(request.sourceIp);
      if (address === undefined) refuse('source_ip_invalid', `source address ${quote(request.sourceIp)} is not an IP address`, { field: 'sourceIp', actual: request.sourceIp ?? null });
      const ipVerdict = checkIpRules(address, prepared.allowedIps, prepared.blockedIps);
      if (ipVerdict === 'ip_blocked') {
        const entry = prepared.blockedIps.matchingEntry(address);
        refuse(ipVerdict, `${request.sourceIp} is blocked by "${entry}"`, { field: 'sourceIp', actual: request.sourceIp ?? null, expected: `not in ${entry}` });
      }
      if (ipVerdict === 'ip_not_allowed') refuse(ipVerdict, `${request.sourceIp} is in none of the key's ${record.key.allowedIps.length} allowed entries`, { field: 'sourceIp', actual: request.sourceIp ?? null, expected: record.key.allowedIps });
      pass?.(`${request.sourceIp} passes the key's IP rules`);

      step = 'mutual-tls';
      checkMutualTls(record.client.mtls, request.clientCertificate, jws.payload, nowMs);
      if (record.client.mtls || hasCertificateBinding(jws.payload)) pass?.('client certificate is bound to the client and the token');
      else trace?.push({ step, verdict: 'skip', detail: 'no mutual-TLS requirement and no certificate-bound token' });

      step = 'routes';
      if (route) {
        // An HTTP API caches the answer per route: it must hold for every request the route receives.
        if (prepared.grants.length === 0) refuse('no_collections', `client "${record.client.name}" has no API collections`);
        const coverage = routeCoverage(prepared.grants, route);
        if (coverage === 'none') refuse('route_not_in_collections', `route ${quote(route.key)} is in none of the client's collections`, { field: 'route', actual: route.key });
        if (coverage === 'part') {
          refuse('route_partly_in_collections', `only part of route ${quote(route.key)} is in the client's collections, and the HTTP API's answer holds for the whole route`);
        }
        pass?.(`route ${route.key} is wholly in the client's collections`);
      } else {
        const target = `${arn.method} ${arn.path}`;
        if (arn.pathHasWildcards) refuse('request_path_unsupported', `${quote(target)} holds * or ?, which an IAM policy cannot name exactly`);
        if (prepared.grants.length === 0) refuse('no_collections', `client "${record.client.name}" has no API collections`);
        if (!prepared.grants.some((grant) => grantAdmits(grant, arn.method, arn.segments))) {
          refuse('route_not_in_collections', `${quote(target)} is in none of the client's collections`, { field: 'route', actual: target });
        }
        pass?.(`${target} is in the client's collections`);
      }

      return { outcome: 'allow', reason: 'ok', detail: 'allowed', prepared, arn, route, record, subject, keySource, recordCache };
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal('internal_error', `${(error as Error)?.name}: ${(error as Error)?.message}`);
      trace?.push({ step, verdict: 'fail', detail: `${refusal.reason}: ${refusal.detail}` });
      const reason: Reason = refusal.reason;
      return { outcome: REASON_OUTCOMES[reason], reason, detail: refusal.detail, facts: refusal.facts, prepared, arn, route, record: prepared?.record, subject, keySource, recordCache };
    }
  }
}
