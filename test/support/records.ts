/** Key records for tests, built to the record module's schema. */
import { hashApiKeyToken, mintApiKeyToken } from '../../record/api-key-token';
import { checkKeyRecord, type AuthRecord, type KeyRecord, RECORD_SCHEMA_VERSION } from '../../record/key-record';
import { compilePolicy } from '../../stacks/model/policy-compiler';
import { apiRoutes, grantedRoutes } from './api';

export interface TestKey {
  readonly token: string;
  readonly record: KeyRecord;
}

export interface TestKeyOptions {
  readonly token?: string;
  readonly client?: string;
  readonly key?: string;
  readonly auth: AuthRecord;
  readonly allowedIps?: readonly string[];
  readonly blockedIps?: readonly string[];
  readonly keyEnabled?: boolean;
  readonly clientEnabled?: boolean;
  readonly keyNotAfter?: string;
  /** Granted routes; compiled against `apiRoutes` as synth would. */
  readonly routes?: readonly string[];
  /** The protected API's routes. Default: the test API (test/support/api.ts). */
  readonly apiRoutes?: readonly string[];
  readonly requireExpiry?: boolean;
  readonly maxLifetimeSeconds?: number;
  readonly mtls?: KeyRecord['client']['mtls'];
  readonly usageIdentifierKey?: string;
}

export function testKey(options: TestKeyOptions): TestKey {
  const token = options.token ?? mintApiKeyToken();
  const grants = grantedRoutes(options.routes ?? ['GET /orders', 'GET /orders/{id}', 'POST /orders']);
  const compiled = compilePolicy(apiRoutes(options.apiRoutes), grants);
  if (!compiled.ok) throw new Error(`test routes do not compile: ${compiled.problem}`);
  const record = checkKeyRecord({
    schemaVersion: RECORD_SCHEMA_VERSION,
    keyHash: hashApiKeyToken(token),
    key: {
      name: options.key ?? 'primary',
      enabled: options.keyEnabled ?? true,
      notAfter: options.keyNotAfter,
      allowedIps: [...(options.allowedIps ?? [])],
      blockedIps: [...(options.blockedIps ?? [])],
    },
    client: {
      name: options.client ?? 'acme',
      enabled: options.clientEnabled ?? true,
      auth: options.auth,
      collections: [{ name: 'orders', routes: grants.map((grant) => grant.text) }],
      policy: { allow: [...compiled.policy.allow], deny: [...compiled.policy.deny] },
      usageIdentifierKey: options.usageIdentifierKey ?? 'gatehouse-usage-acme-0123456789',
      tokenRules: { requireExpiry: options.requireExpiry ?? true, maxLifetimeSeconds: options.maxLifetimeSeconds },
      mtls: options.mtls,
    },
  });
  return { token, record };
}
