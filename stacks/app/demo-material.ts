/**
 * Secrets of the example clients: their RSA key pairs, the HMAC client's shared secret and the tokens of
 * the demo keys. Generated on first use into `.gatehouse/demo/` (git-ignored), never committed; the
 * example client files commit only public keys and hashes derived from them, as real ones do.
 *
 * The whole set is created at once and published with a hard link, so concurrent first runs (parallel
 * test workers) all end up reading the same material.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';

export const GATEHOUSE_HOME = join(__dirname, '..', '..', '.gatehouse');
const DEMO_FILE = join(GATEHOUSE_HOME, 'demo', 'material.json');

/** Clients whose demo RSA key pairs are generated. */
export const DEMO_RSA_CLIENTS = ['acme-logistics', 'trial-sandbox', 'secure-payments'] as const;
/** Keys whose demo tokens are generated (the local run and its tests use them). */
export const DEMO_KEYS = ['acme-logistics-prod', 'legacy-billing-main', 'northwind-idp-main', 'trial-sandbox-main', 'secure-payments-main'] as const;
/** The demo HMAC client's secret reference. On AWS, create a secret and put its ARN here instead. */
export const DEMO_HMAC_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gatehouse/demo/legacy-billing-Gx7Qp2';

export type DemoRsaClient = (typeof DEMO_RSA_CLIENTS)[number];
export type DemoKey = (typeof DEMO_KEYS)[number];

/** How each example client signs, and its demo key: what `gatehouse token <client>` needs to act for it. */
export const DEMO_CLIENTS: Record<string, { readonly method: 'rsa'; readonly rsaKeyPair: DemoRsaClient; readonly key: DemoKey } | { readonly method: 'hmac' | 'oidc'; readonly key: DemoKey }> = {
  'acme-logistics': { method: 'rsa', rsaKeyPair: 'acme-logistics', key: 'acme-logistics-prod' },
  'trial-sandbox': { method: 'rsa', rsaKeyPair: 'trial-sandbox', key: 'trial-sandbox-main' },
  'secure-payments': { method: 'rsa', rsaKeyPair: 'secure-payments', key: 'secure-payments-main' },
  'legacy-billing': { method: 'hmac', key: 'legacy-billing-main' },
  'northwind-idp': { method: 'oidc', key: 'northwind-idp-main' },
};

export interface DemoMaterial {
  readonly rsa: Record<DemoRsaClient, { readonly privateKeyPem: string; readonly publicKeyPem: string }>;
  readonly hmacSecret: string;
  readonly tokens: Record<DemoKey, string>;
}

function generate(): DemoMaterial {
  const rsa = Object.fromEntries(
    DEMO_RSA_CLIENTS.map((client) => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return [client, { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }) as string }];
    }),
  ) as DemoMaterial['rsa'];
  const tokens = Object.fromEntries(DEMO_KEYS.map((key) => [key, mintApiKeyToken()])) as DemoMaterial['tokens'];
  return { rsa, hmacSecret: randomBytes(32).toString('base64'), tokens };
}

let cached: DemoMaterial | undefined;

export function demoMaterial(): DemoMaterial {
  if (cached) return cached;
  if (!existsSync(DEMO_FILE)) {
    mkdirSync(join(GATEHOUSE_HOME, 'demo'), { recursive: true, mode: 0o700 });
    const draft = `${DEMO_FILE}.${process.pid}.${Date.now()}`;
    writeFileSync(draft, JSON.stringify(generate(), null, 2), { mode: 0o600 });
    try {
      linkSync(draft, DEMO_FILE); // fails if another process published first; theirs is then used
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  cached = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as DemoMaterial;
  return cached;
}

/** The hash an example client commits for a demo key. */
export function demoKeyHash(key: DemoKey): string {
  return declaredKeyHash(demoMaterial().tokens[key]);
}

export function demoPublicKey(client: DemoRsaClient): string {
  return demoMaterial().rsa[client].publicKeyPem;
}
