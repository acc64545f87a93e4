/**
 * The key record: the one contract between the stacks (which write it, one table item per API key) and
 * the authorizer (which reads it with one GetItem by the key's hash). It holds everything a decision
 * needs and nothing secret: the key's hash, never its token; an HMAC secret's reference, never its value.
 *
 * The record is denormalised on purpose: every key of a client carries the client's auth material,
 * collections and usage plan key, so that a request costs one read. Changing the shape means raising
 * RECORD_SCHEMA_VERSION; an authorizer that meets a version it does not know fails closed.
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';

/** 2: routes are the exact route language of record/routes.ts, and the client carries its compiled policy. */
export const RECORD_SCHEMA_VERSION = 2;

/** The table's layout, shared by the Terraform table definition, the local stack and the tests. */
export const KEY_TABLE = { partitionKey: 'keyHash' } as const;

const nonEmpty = () => z.string().check(z.minLength(1));
const base64url = () => z.string().check(z.regex(/^[A-Za-z0-9_-]+$/));
const isoInstant = () =>
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
    z.refine((value) => !Number.isNaN(Date.parse(value)), 'not a valid instant'),
  );

/** A registered RSA public key, normalised at synth time to its JWK members. */
const rsaPublicKeySchema = z.object({
  kty: z.literal('RSA'),
  n: base64url(),
  e: base64url(),
  /** RFC 7638 thumbprint: names the key in logs and caches its imported form. */
  thumbprint: base64url(),
  /** Set when the key came from an X.509 certificate: the certificate's end of validity. */
  notAfter: z.optional(isoInstant()),
});

const authSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('rsa'), publicKeys: z.array(rsaPublicKeySchema).check(z.minLength(1)) }),
  /** References (Secrets Manager ARNs) to shared secrets; several during a rotation. */
  z.object({ method: z.literal('hmac'), secretRefs: z.array(nonEmpty()).check(z.minLength(1)) }),
  z.object({
    method: z.literal('oidc'),
    discoveryUrl: nonEmpty(),
    /** Accepted `aud` values; empty means the audience is not checked. */
    audiences: z.array(nonEmpty()),
  }),
]);

const collectionSchema = z.object({
  name: nonEmpty(),
  /** Granted routes in canonical form (record/routes.ts): what the decision admits. */
  routes: z.array(nonEmpty()),
});

/** An IAM Resource pattern after `<api>/<stage>/`: `*` and `?` are IAM's wildcards, the rest is literal. */
const resourcePattern = () => z.string().check(z.regex(/^[\x21-\x7e]{1,312}$/));

/**
 * The client's policy, compiled at synth against the protected API's routes (stacks/model/
 * policy-compiler.ts): over every request the API routes, Allow minus Deny is exactly what the client's
 * collections grant, so one cached result is right for every route.
 */
const policySchema = z.object({
  allow: z.array(resourcePattern()),
  deny: z.array(resourcePattern()),
});

const tokenRulesSchema = z.object({
  /** Tokens without `exp` are rejected unless the client explicitly opted out. */
  requireExpiry: z.boolean(),
  /** Longest accepted validity: `exp - iat`, and `exp - now` for tokens without `iat`. */
  maxLifetimeSeconds: z.optional(z.number().check(z.int(), z.positive())),
});

const mtlsSchema = z.object({
  /** Subject names the client may present, in record/certificates.ts's canonical form. */
  subjects: z.array(nonEmpty()),
  /** SHA-256 fingerprints (lowercase hex) of certificates the client may present. */
  fingerprints: z.array(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
});

const keyRecordSchema = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  keyHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  key: z.object({
    name: nonEmpty(),
    enabled: z.boolean(),
    notAfter: z.optional(isoInstant()),
    allowedIps: z.array(nonEmpty()),
    blockedIps: z.array(nonEmpty()),
  }),
  client: z.object({
    name: nonEmpty(),
    enabled: z.boolean(),
    auth: authSchema,
    collections: z.array(collectionSchema),
    policy: policySchema,
    /** The value of the client's API Gateway API key, returned as `usageIdentifierKey`. Not a secret. */
    usageIdentifierKey: z.optional(nonEmpty()),
    tokenRules: tokenRulesSchema,
    mtls: z.optional(mtlsSchema),
  }),
});

export type KeyRecord = z.infer<typeof keyRecordSchema>;
export type AuthRecord = KeyRecord['client']['auth'];
export type RsaAuthRecord = Extract<AuthRecord, { method: 'rsa' }>;
export type HmacAuthRecord = Extract<AuthRecord, { method: 'hmac' }>;
export type OidcAuthRecord = Extract<AuthRecord, { method: 'oidc' }>;
export type RsaPublicKeyRecord = z.infer<typeof rsaPublicKeySchema>;
export type CollectionRecord = z.infer<typeof collectionSchema>;
export type TokenRules = z.infer<typeof tokenRulesSchema>;
export type MtlsRecord = z.infer<typeof mtlsSchema>;
export type PolicyRecord = z.infer<typeof policySchema>;
export type AuthMethod = AuthRecord['method'];

/** A stored item that cannot be trusted to drive a decision. The authorizer fails closed on it. */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}

function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Records checkKeyRecord returned (readonly by type): encoding one of them does not check it again, which
 * was half the schema's cost in synth (each key's record is built checked, then encoded).
 */
const checked = new WeakSet<KeyRecord>();

/** Checks a record against the schema; throws RecordError naming the first problems. */
export function checkKeyRecord(value: unknown): KeyRecord {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== RECORD_SCHEMA_VERSION) {
    throw new RecordError(`record schema version ${String(version)} is not ${RECORD_SCHEMA_VERSION}`);
  }
  const parsed = keyRecordSchema.safeParse(value);
  if (!parsed.success) throw new RecordError(`record does not match its schema: ${describeIssues(parsed.error)}`);
  checked.add(parsed.data);
  return parsed.data;
}

/** The DynamoDB item for a record, as PutItem and Terraform's aws_dynamodb_table_item take it. */
export function encodeKeyRecord(record: KeyRecord): Record<string, AttributeValue> {
  return marshall(checked.has(record) ? record : checkKeyRecord(record), { removeUndefinedValues: true });
}

/** A record from a DynamoDB item; throws RecordError when the item is not a valid record. */
export function decodeKeyRecord(item: Record<string, AttributeValue>): KeyRecord {
  let plain: unknown;
  try {
    plain = unmarshall(item);
  } catch (error) {
    throw new RecordError(`item is not decodable: ${(error as Error).message}`);
  }
  return checkKeyRecord(plain);
}
