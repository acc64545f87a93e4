/**
 * Everything one deployment serves: policies, collections, clients and keys. Checks what no single
 * definition can (names and key hashes unique across the catalog) and builds each key's record with
 * the record module. Independent of cdktf: the construct layer only turns its output into resources.
 */
import { createHash } from 'node:crypto';
import { checkKeyRecord, type KeyRecord, RECORD_SCHEMA_VERSION } from '../../record/key-record';
import type { PolicyDefinition } from './access-policy';
import type { CollectionDefinition } from './api-collection';
import type { ClientDefinition } from './api-client';
import type { KeyDefinition } from './api-key';
import { error, type Problem } from './problems';

const hasErrors = (definition: { problems: readonly Problem[] }) => definition.problems.some((problem) => problem.severity === 'error');

export class Catalog {
  readonly policies: PolicyDefinition[] = [];
  readonly collections: CollectionDefinition[] = [];
  readonly clients: ClientDefinition[] = [];
  readonly keys: KeyDefinition[] = [];
  private readonly keyByHash = new Map<string, KeyDefinition>();

  /**
   * @param usageKeyPrefix names this deployment in the API Gateway API key values it derives, so two
   * deployments in one account never derive the same value.
   */
  constructor(readonly usageKeyPrefix: string) {}

  private unique<T extends { name: string }>(kind: string, list: T[], definition: T): Problem[] {
    const clash = list.some((other) => other.name === definition.name);
    list.push(definition);
    return clash ? [error('id', definition.name, `names a second ${kind} "${definition.name}"`, `give each ${kind} its own name`)] : [];
  }

  addPolicy(policy: PolicyDefinition): Problem[] {
    return this.unique('access policy', this.policies, policy);
  }

  addCollection(collection: CollectionDefinition): Problem[] {
    return this.unique('API collection', this.collections, collection);
  }

  addClient(client: ClientDefinition): Problem[] {
    return this.unique('client', this.clients, client);
  }

  addKey(key: KeyDefinition): Problem[] {
    const problems: Problem[] = [];
    if (this.keys.some((other) => other.client === key.client && other.name === key.name)) {
      problems.push(error('id', key.name, `names a second key "${key.name}" of client "${key.client.name}"`, 'give each key of a client its own name'));
    }
    const other = key.keyHash === undefined ? undefined : this.keyByHash.get(key.keyHash);
    if (other) {
      problems.push(error('tokenHash', `sha256:${key.keyHash}`, `is also the hash of key "${other.name}" of client "${other.client.name}": one token would open two keys`, 'mint a new token for one of them with `npx gatehouse keys new`'));
    } else if (key.keyHash !== undefined) {
      this.keyByHash.set(key.keyHash, key);
    }
    this.keys.push(key);
    return problems;
  }

  /**
   * The value of the client's API Gateway API key, which the authorizer returns as
   * `usageIdentifierKey`. Derived, not secret: with the API's key source set to AUTHORIZER, API
   * Gateway takes it only from the authorizer, never from a caller's x-api-key header. AWS documents
   * API key values as alphanumeric, 20 to 128 characters: a hex digest (64) of deployment and client.
   */
  usageIdentifierKey(client: ClientDefinition): string | undefined {
    if (!client.policy) return undefined;
    return createHash('sha256').update(`${this.usageKeyPrefix}/${client.name}`).digest('hex');
  }

  /** The key's record, or undefined while the key or its client has errors (synth fails anyway). */
  recordFor(key: KeyDefinition): KeyRecord | undefined {
    const client = key.client;
    if (hasErrors(key) || hasErrors(client) || key.keyHash === undefined || !client.authRecord) return undefined;
    if (client.policy && hasErrors(client.policy)) return undefined;
    if (client.collections.some(hasErrors)) return undefined;
    return checkKeyRecord({
      schemaVersion: RECORD_SCHEMA_VERSION,
      keyHash: key.keyHash,
      key: {
        name: key.name,
        enabled: key.enabled,
        notAfter: key.notAfter,
        allowedIps: [...(key.settings.allowedIps ?? [])],
        blockedIps: [...(key.settings.blockedIps ?? [])],
      },
      client: {
        name: client.name,
        enabled: client.enabled,
        auth: client.authRecord,
        collections: client.collections.map((collection) => ({ name: collection.name, routes: [...collection.routes] })),
        usageIdentifierKey: this.usageIdentifierKey(client),
        tokenRules: client.tokenRules,
        mtls: client.mtls,
      },
    });
  }

  /** Secrets Manager ARNs any client references: exactly what the authorizer's role may read. */
  secretArns(): string[] {
    return [...new Set(this.clients.flatMap((client) => client.settings.auth.secretArns()))].sort();
  }
}
