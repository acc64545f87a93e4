/**
 * Wires an Authorizer from its configuration: the DynamoDB record store, the secret source, the OIDC key
 * cache. The Lambda handler, the local gateway and `gatehouse explain` all assemble it here, so they run
 * the same decision against the same kind of store.
 */
import { Authorizer } from './authorizer';
import type { AuthorizerConfig } from '../record/authorizer-settings';
import { createTableClient, DynamoKeyRecordSource, tableDeadlineMs, type KeyRecordSource, RecordStore } from './record-store';
import { FileSecretSource, HmacSecrets, type SecretSource, SecretsManagerSource } from './signature/hmac-secrets';
import { OidcKeys } from './signature/oidc-keys';
import { SignatureVerifier } from './signature/verify-signature';

export interface AssembledAuthorizer {
  readonly authorizer: Authorizer;
  readonly recordSource: KeyRecordSource;
  readonly records: RecordStore;
  readonly oidc: OidcKeys;
}

export interface AssemblyOverrides {
  readonly recordSource?: KeyRecordSource;
  readonly secretSource?: SecretSource;
  readonly now?: () => number;
}

export function assembleAuthorizer(config: AuthorizerConfig, overrides: AssemblyOverrides = {}): AssembledAuthorizer {
  const recordSource = overrides.recordSource ?? new DynamoKeyRecordSource(createTableClient(config.storeTimeoutMs), config.tableName, tableDeadlineMs(config.storeTimeoutMs));
  const records = new RecordStore(recordSource, config.records);
  const secretSource =
    overrides.secretSource ?? (config.secrets.source === 'aws-secretsmanager' ? new SecretsManagerSource(config.secrets.timeoutMs) : new FileSecretSource(config.secrets.source.file));
  const secrets = new HmacSecrets(secretSource, { ttlMs: config.secrets.ttlMs, maxStaleMs: config.secrets.maxStaleMs, now: overrides.now });
  const oidc = new OidcKeys({ ...config.oidc, now: overrides.now });
  const authorizer = new Authorizer({ config, records, signatures: new SignatureVerifier(secrets, oidc), now: overrides.now });
  return { authorizer, recordSource, records, oidc };
}
