/** Key records for tests, built to the record module's schema. */
import { hashApiKeyToken, mintApiKeyToken } from '../../record/api-key-token';
import { checkKeyRecord, type AuthRecord, type KeyRecord } from '../../record/key-record';

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
  readonly routes?: readonly string[];
  readonly requireExpiry?: boolean;
  readonly maxLifetimeSeconds?: number;
  readonly mtls?: KeyRecord['client']['mtls'];
  readonly usageIdentifierKey?: string;
}

export function testKey(options: TestKeyOptions): TestKey {
  const token = options.token ?? mintApiKeyToken();
  const record = checkKeyRecord({
    schemaVersion: 1,
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
      collections: [{ name: 'orders', routes: [...(options.routes ?? ['GET /orders', 'GET /orders/*', 'POST /orders'])] }],
      usageIdentifierKey: options.usageIdentifierKey ?? 'gatehouse-usage-acme-0123456789',
      tokenRules: { requireExpiry: options.requireExpiry ?? true, maxLifetimeSeconds: options.maxLifetimeSeconds },
      mtls: options.mtls,
    },
  });
  return { token, record };
}
