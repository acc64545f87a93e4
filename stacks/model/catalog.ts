/**
 * Everything one deployment serves: policies, collections, clients and keys, checked by the rules of
 * stacks/model/rules as they are added (and by what no single definition can check: unique names and
 * key hashes), and turned into key records with the record module. Independent of cdktf: the construct
 * layer only turns its output into resources and its problems into annotations.
 */
import { createHash } from 'node:crypto';
import { checkKeyRecord, type KeyRecord, type PolicyRecord, RECORD_SCHEMA_VERSION } from '../../record/key-record';
import type { PolicyDefinition } from './access-policy';
import type { CollectionDefinition } from './api-collection';
import type { ClientDefinition } from './api-client';
import type { ApiDefinition } from './api-definition';
import type { KeyDefinition } from './api-key';
import { RsaClientAuth } from './client-auth';
import { hasErrors, type Problem } from './problems';
import type { CatalogContext, CertificateUse, Duplicate } from './rules/context';
import { API_RULES, CERTIFICATE_RULES, CLIENT_API_RULES, CLIENT_RULES, COLLECTION_API_RULES, COLLECTION_RULES, DUPLICATE_RULES, KEY_RULES, NAME_RULES, POLICY_RULES } from './rules/index';
import { type Rule, runRules } from './rules/rule';

type Definition = PolicyDefinition | CollectionDefinition | ClientDefinition | KeyDefinition;

/** Where the catalog sends problems: the definition they are about (which the host maps to its construct). */
export type ProblemSink = (definition: Definition | ApiDefinition, problems: Problem[]) => void;

/** The certificates a client uses, for the certificate rules. */
export function certificatesOf(client: ClientDefinition): CertificateUse[] {
  const uses: CertificateUse[] = [];
  const auth = client.settings.auth;
  if (auth instanceof RsaClientAuth) {
    for (const key of auth.keys) {
      if (key.result.ok && key.result.key.x509) uses.push({ field: `auth.publicKeys[${key.index}]`, certificate: key.result.key.x509, renewal: "register the client's next certificate now, remove this one after the switch" });
    }
  }
  for (const fact of client.mtls?.certificates ?? []) {
    if (fact.certificate) uses.push({ field: `mtls.certificates[${fact.index}]`, certificate: fact.certificate, renewal: "bind the client's renewed certificate as well, then remove this one" });
  }
  return uses;
}

export class Catalog {
  readonly policies: PolicyDefinition[] = [];
  readonly collections: CollectionDefinition[] = [];
  readonly clients: ClientDefinition[] = [];
  readonly keys: KeyDefinition[] = [];
  private readonly origins = new Map<Definition, string | undefined>();
  private readonly failed = new Set<Definition | ApiDefinition>();
  private readonly keyByHash = new Map<string, KeyDefinition>();
  /** The first definition of each name, by kind (Maps, not scans: 10,000 clients stay linear). */
  private readonly firstByName = new Map<string, Definition>();
  /** A key's name is unique within its client. */
  private readonly keysByClient = new Map<ClientDefinition, Map<string, KeyDefinition>>();
  private readonly compiledPolicies = new Map<ClientDefinition, PolicyRecord>();
  private readonly context: CatalogContext;

  /**
   * @param usageKeyPrefix names this deployment in the API Gateway API key values it derives, so two
   * deployments in one account never derive the same value.
   * @param api the protected API's routes, which clients' policies are compiled against.
   * @param now the synth clock.
   * @param sink where problems go, by definition.
   */
  constructor(
    readonly usageKeyPrefix: string,
    readonly api: ApiDefinition,
    now: Date,
    private readonly sink: ProblemSink,
  ) {
    this.context = { now, api };
    this.report(api, runRules(API_RULES, api, undefined));
  }

  private report(definition: Definition | ApiDefinition, problems: Problem[]): void {
    if (hasErrors(problems)) this.failed.add(definition);
    if (problems.length > 0) this.sink(definition, problems);
  }

  private named(kind: string, definition: Definition & { name: string }, origin: string | undefined, rules: Problem[]): Problem[] {
    this.origins.set(definition, origin);
    return [...runRules(NAME_RULES, { kind, name: definition.name }, undefined), ...rules];
  }

  /** Reports a clash on both definitions, each naming where the other is declared. */
  private clash(rule: Rule<Duplicate>, duplicate: Omit<Duplicate, 'other'>, first: Definition, second: Definition): void {
    this.report(first, runRules([rule], { ...duplicate, other: this.origins.get(second) }, undefined));
    this.report(second, runRules([rule], { ...duplicate, other: this.origins.get(first) }, undefined));
  }

  /** The first definition under `name` of `kind`. */
  private firstNamed(kind: string, name: string, definition: Definition): Definition | undefined {
    const slot = `${kind}\u0000${name}`;
    const first = this.firstByName.get(slot);
    if (!first) this.firstByName.set(slot, definition);
    return first;
  }

  private unique<T extends Definition & { name: string }>(kind: string, list: T[], definition: T): void {
    const first = this.firstNamed(kind, definition.name, definition);
    list.push(definition);
    if (first) this.clash(DUPLICATE_RULES.name, { kind, name: definition.name }, first, definition);
  }

  addPolicy(policy: PolicyDefinition, origin?: string): void {
    this.report(policy, this.named('access policy', policy, origin, runRules(POLICY_RULES, policy, undefined)));
    this.unique('access policy', this.policies, policy);
  }

  addCollection(collection: CollectionDefinition, origin?: string): void {
    const problems = runRules(COLLECTION_RULES, collection, undefined);
    if (!hasErrors(problems) && !this.failed.has(this.api)) problems.push(...runRules(COLLECTION_API_RULES, collection, this.context));
    this.report(collection, this.named('API collection', collection, origin, problems));
    this.unique('API collection', this.collections, collection);
  }

  addClient(client: ClientDefinition, origin?: string): void {
    const problems = [...runRules(CLIENT_RULES, client, undefined), ...runRules(CERTIFICATE_RULES, certificatesOf(client), this.context)];
    if (!this.failed.has(this.api) && !client.collections.some((collection) => this.failed.has(collection))) {
      problems.push(...runRules(CLIENT_API_RULES, client, this.context));
      const compiled = this.api.compile(client.collections.flatMap((collection) => collection.grants));
      if (compiled.ok) this.compiledPolicies.set(client, { allow: [...compiled.policy.allow], deny: [...compiled.policy.deny] });
    }
    this.report(client, this.named('client', client, origin, problems));
    this.unique('client', this.clients, client);
  }

  addKey(key: KeyDefinition, origin?: string): void {
    this.report(key, this.named('key', key, origin, runRules(KEY_RULES, key, this.context)));
    const clientKeys = this.keysByClient.get(key.client) ?? new Map<string, KeyDefinition>();
    this.keysByClient.set(key.client, clientKeys);
    const sameName = clientKeys.get(key.name);
    if (!sameName) clientKeys.set(key.name, key);
    if (sameName) this.clash(DUPLICATE_RULES.keyName, { kind: 'key', name: key.name, owner: key.client.name }, sameName, key);
    const keyHash = key.keyHash;
    const sameHash = keyHash === undefined ? undefined : this.keyByHash.get(keyHash);
    if (sameHash) {
      this.report(key, runRules([DUPLICATE_RULES.keyHash], { kind: 'key', name: sameHash.name, owner: sameHash.client.name, value: `sha256:${keyHash}`, other: this.origins.get(sameHash) }, undefined));
      this.report(sameHash, runRules([DUPLICATE_RULES.keyHash], { kind: 'key', name: key.name, owner: key.client.name, value: `sha256:${keyHash}`, other: this.origins.get(key) }, undefined));
    } else if (keyHash !== undefined) {
      this.keyByHash.set(keyHash, key);
    }
    this.keys.push(key);
  }

  /** Whether any rule found an error in the definition. */
  hasErrors(definition: Definition | ApiDefinition): boolean {
    return this.failed.has(definition);
  }

  /** The client's compiled policy; undefined until it compiled. */
  policyOf(client: ClientDefinition): PolicyRecord | undefined {
    return this.compiledPolicies.get(client);
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

  /** The key's record, or undefined while the key, its client or what they use has errors (synth fails anyway). */
  recordFor(key: KeyDefinition): KeyRecord | undefined {
    const client = key.client;
    const used: (Definition | undefined)[] = [key, client, client.policy, ...client.collections];
    if (used.some((definition) => definition && this.failed.has(definition)) || key.keyHash === undefined) return undefined;
    const policy = this.compiledPolicies.get(client);
    if (!policy) return undefined;
    return checkKeyRecord({
      schemaVersion: RECORD_SCHEMA_VERSION,
      keyHash: key.keyHash,
      key: {
        name: key.name,
        enabled: key.enabled,
        notAfter: key.notAfter,
        allowedIps: key.ipEntries.filter((fact) => fact.list === 'allowedIps').map((fact) => fact.entry),
        blockedIps: key.ipEntries.filter((fact) => fact.list === 'blockedIps').map((fact) => fact.entry),
      },
      client: {
        name: client.name,
        enabled: client.enabled,
        auth: client.settings.auth.record(),
        collections: client.collections.map((collection) => ({ name: collection.name, routes: collection.grants.map((grant) => grant.text) })),
        policy,
        usageIdentifierKey: this.usageIdentifierKey(client),
        tokenRules: client.tokenRules,
        mtls: client.mtlsRecord,
      },
    });
  }

  /** Secrets Manager ARNs any client references: exactly what the authorizer's role may read. */
  secretArns(): string[] {
    return [...new Set(this.clients.flatMap((client) => client.settings.auth.secretArns()))].sort();
  }
}
