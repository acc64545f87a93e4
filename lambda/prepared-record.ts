/**
 * A key record made ready for decisions, once per fetch: IP entries compiled, routes turned into ARN
 * patterns, RSA public keys imported (by jose) into key objects. The record cache holds these, so a warm
 * request parses nothing of the record again.
 */
import { KeyObject, type webcrypto } from 'node:crypto';
import { importJWK } from 'jose';
import { LRUCache } from 'lru-cache';
import { type KeyRecord, RecordError, type RsaPublicKeyRecord } from '../record/key-record';
import { IpRuleError, IpRuleSet } from './ip-rules';
import { parseRoute, routeResource } from '../record/routes';
import { iamPattern } from './method-arn';
import { algorithmFitsKey } from './signature/algorithms';

export interface PreparedRsaKey {
  readonly key: KeyObject;
  readonly thumbprint: string;
  /** Epoch ms after which the certificate this key came from has expired; Infinity for bare keys. */
  readonly notAfterMs: number;
}

export interface PreparedRecord {
  readonly record: KeyRecord;
  readonly allowedIps: IpRuleSet;
  readonly blockedIps: IpRuleSet;
  /** Resource parts of the client's routes (`GET/orders/*`), deduplicated. */
  readonly routeResources: readonly string[];
  readonly routeMatchers: readonly RegExp[];
  readonly keyNotAfterMs: number;
  readonly rsaKeys: readonly PreparedRsaKey[];
  /** Allow resources per API/stage ARN prefix, built on first use (see policy.ts). */
  readonly allowResourcesByBase: Map<string, readonly string[]>;
}

/** Imported keys by thumbprint: a client's keys are shared by all its key records. */
const importedRsaKeys = new LRUCache<string, Promise<KeyObject>>({ max: 2_000 });

async function importRsaKey(key: RsaPublicKeyRecord): Promise<KeyObject> {
  let imported = importedRsaKeys.get(key.thumbprint);
  if (!imported) {
    imported = importJWK({ kty: 'RSA', n: key.n, e: key.e }, 'RS256').then((cryptoKey) => KeyObject.from(cryptoKey as webcrypto.CryptoKey));
    importedRsaKeys.set(key.thumbprint, imported);
    imported.catch(() => importedRsaKeys.delete(key.thumbprint));
  }
  return imported;
}

function instantMs(instant: string | undefined): number {
  return instant === undefined ? Number.POSITIVE_INFINITY : Date.parse(instant);
}

export async function prepareRecord(record: KeyRecord): Promise<PreparedRecord> {
  let allowedIps: IpRuleSet;
  let blockedIps: IpRuleSet;
  try {
    allowedIps = IpRuleSet.compile(record.key.allowedIps);
    blockedIps = IpRuleSet.compile(record.key.blockedIps);
  } catch (error) {
    if (error instanceof IpRuleError) throw new RecordError(error.message);
    throw error;
  }

  const resources = new Set<string>();
  for (const collection of record.client.collections) {
    for (const text of collection.routes) {
      const parsed = parseRoute(text);
      if (!parsed.ok) throw new RecordError(`route ${JSON.stringify(text)} of collection ${collection.name} ${parsed.problem}`);
      resources.add(routeResource(parsed.route));
    }
  }
  const routeResources = [...resources];

  let rsaKeys: PreparedRsaKey[] = [];
  if (record.client.auth.method === 'rsa') {
    rsaKeys = await Promise.all(
      record.client.auth.publicKeys.map(async (publicKey) => {
        let key: KeyObject;
        try {
          key = await importRsaKey(publicKey);
        } catch (error) {
          throw new RecordError(`public key ${publicKey.thumbprint} does not import: ${(error as Error).message}`);
        }
        if (!algorithmFitsKey('RS256', key)) throw new RecordError(`public key ${publicKey.thumbprint} is not an RSA key of at least 2048 bits`);
        return { key, thumbprint: publicKey.thumbprint, notAfterMs: instantMs(publicKey.notAfter) };
      }),
    );
  }

  return {
    record,
    allowedIps,
    blockedIps,
    routeResources,
    routeMatchers: routeResources.map(iamPattern),
    keyNotAfterMs: instantMs(record.key.notAfter),
    rsaKeys,
    allowResourcesByBase: new Map(),
  };
}
