/**
 * A key record made ready for decisions, once per fetch: IP entries compiled, granted routes parsed,
 * RSA public keys imported (by jose) into key objects. The record cache holds these, so a warm request
 * parses nothing of the record again.
 */
import { KeyObject, type webcrypto } from 'node:crypto';
import { importJWK } from 'jose';
import { LRUCache } from 'lru-cache';
import { type KeyRecord, RecordError, type RsaPublicKeyRecord } from '../record/key-record';
import { IpRuleError, IpRuleSet } from './ip-rules';
import { type GrantedRoute, parseGrantedRoute } from '../record/routes';
import { rsaThumbprint } from '../record/signing';
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
  /** The routes of the client's collections: what the decision admits. */
  readonly grants: readonly GrantedRoute[];
  readonly keyNotAfterMs: number;
  readonly rsaKeys: readonly PreparedRsaKey[];
  /** The compiled policy's resources per API/stage ARN prefix, built on first use (see policy.ts). */
  readonly policyByBase: Map<string, { readonly allow: readonly string[]; readonly deny: readonly string[] }>;
}

/**
 * Imported keys by their RFC 7638 thumbprint, computed here from the key's own members (never taken from
 * the item, which could pair one key's thumbprint with another's modulus): a client's keys are shared by
 * all its key records.
 */
const importedRsaKeys = new LRUCache<string, Promise<KeyObject>>({ max: 2_000 });

async function importRsaKey(key: RsaPublicKeyRecord): Promise<KeyObject> {
  const thumbprint = rsaThumbprint(key.n, key.e);
  if (thumbprint !== key.thumbprint) throw new RecordError(`public key ${key.thumbprint} has the members of key ${thumbprint}`);
  let imported = importedRsaKeys.get(thumbprint);
  if (!imported) {
    imported = importJWK({ kty: 'RSA', n: key.n, e: key.e }, 'RS256').then((cryptoKey) => KeyObject.from(cryptoKey as webcrypto.CryptoKey));
    importedRsaKeys.set(thumbprint, imported);
    imported.catch(() => importedRsaKeys.delete(thumbprint));
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

  const grants: GrantedRoute[] = [];
  for (const collection of record.client.collections) {
    for (const text of collection.routes) {
      const parsed = parseGrantedRoute(text);
      if (!parsed.ok) throw new RecordError(`route ${JSON.stringify(text)} of collection ${collection.name} ${parsed.problem}`);
      grants.push(parsed.value);
    }
  }

  let rsaKeys: PreparedRsaKey[] = [];
  if (record.client.auth.method === 'rsa') {
    rsaKeys = await Promise.all(
      record.client.auth.publicKeys.map(async (publicKey) => {
        let key: KeyObject;
        try {
          key = await importRsaKey(publicKey);
        } catch (error) {
          if (error instanceof RecordError) throw error;
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
    grants,
    keyNotAfterMs: instantMs(record.key.notAfter),
    rsaKeys,
    policyByBase: new Map(),
  };
}
