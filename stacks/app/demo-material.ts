/**
 * Secrets of the example clients: their RSA key pairs, the HMAC client's shared secret, the tokens of
 * the demo keys, and a demo PKI for mutual TLS (a CA, the local gateway's server certificate, client
 * certificates). Generated once into `.gatehouse/demo/` (git-ignored), never committed; the example
 * client files commit only what real ones would: public keys, hashes, certificates.
 *
 * Every entry point (`npm start`, `npm run synth`, the CLI, the tests) awaits prepareDemoMaterial()
 * first; synth, which is synchronous, then reads it with demoMaterial(). The whole set is published at
 * once with a hard link, so concurrent first runs (parallel test workers) all read the same material.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';

export const GATEHOUSE_HOME = join(__dirname, '..', '..', '.gatehouse');
const DEMO_DIR = join(GATEHOUSE_HOME, 'demo');
const DEMO_FILE = join(DEMO_DIR, 'material.json');
/** PEM files of the demo PKI, for curl: ca.pem, and <name>.pem / <name>.key per client certificate. */
export const DEMO_MTLS_DIR = join(DEMO_DIR, 'mtls');
/** Client certificates of the demo PKI: one bound to secure-payments, one bound to no client. */
export const DEMO_CLIENT_CERTIFICATES = ['secure-payments', 'stranger'] as const;
export type DemoClientCertificate = (typeof DEMO_CLIENT_CERTIFICATES)[number];

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

interface PemPair {
  readonly pem: string;
  readonly privateKeyPem: string;
}

export interface DemoMaterial {
  readonly rsa: Record<DemoRsaClient, { readonly privateKeyPem: string; readonly publicKeyPem: string }>;
  readonly hmacSecret: string;
  readonly tokens: Record<DemoKey, string>;
  readonly pki: {
    readonly caPem: string;
    /** The local gateway's HTTPS certificate, for 127.0.0.1 and localhost. */
    readonly server: PemPair;
    readonly clients: Record<DemoClientCertificate, PemPair>;
  };
}

async function generatePki(): Promise<DemoMaterial['pki']> {
  // Loaded only when the PKI is made (first run): @peculiar/x509 takes over half a second to load, and
  // every `gatehouse token` reads this module.
  const { createCertificateAuthority } = await import('./certificate-authority');
  const ca = await createCertificateAuthority('CN=Gatehouse Demo CA, O=Gatehouse Demo');
  const server = await ca.issueServer({ subject: 'CN=localhost, O=Gatehouse Demo', serverNames: { dns: ['localhost'], ip: ['127.0.0.1'] } });
  const clients = {} as Record<DemoClientCertificate, PemPair>;
  for (const name of DEMO_CLIENT_CERTIFICATES) {
    const issued = await ca.issueClient({ subject: `CN=${name}, O=Gatehouse Demo` });
    clients[name] = { pem: issued.pem, privateKeyPem: issued.privateKeyPem };
  }
  return { caPem: ca.certificate.pem, server: { pem: server.pem, privateKeyPem: server.privateKeyPem }, clients };
}

async function generate(): Promise<DemoMaterial> {
  const rsa = Object.fromEntries(
    DEMO_RSA_CLIENTS.map((client) => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return [client, { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }) as string }];
    }),
  ) as DemoMaterial['rsa'];
  const tokens = Object.fromEntries(DEMO_KEYS.map((key) => [key, mintApiKeyToken()])) as DemoMaterial['tokens'];
  return { rsa, hmacSecret: randomBytes(32).toString('base64'), tokens, pki: await generatePki() };
}

let cached: DemoMaterial | undefined;

/** Generates the demo material unless it exists, and writes the demo PKI's PEM files for curl. */
export async function prepareDemoMaterial(): Promise<DemoMaterial> {
  if (!existsSync(DEMO_FILE)) {
    mkdirSync(DEMO_DIR, { recursive: true, mode: 0o700 });
    const draft = `${DEMO_FILE}.${process.pid}.${Date.now()}`;
    writeFileSync(draft, JSON.stringify(await generate(), null, 2), { mode: 0o600 });
    try {
      linkSync(draft, DEMO_FILE); // fails if another process published first; theirs is then used
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  const material = demoMaterial();
  mkdirSync(DEMO_MTLS_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(join(DEMO_MTLS_DIR, 'ca.pem'), material.pki.caPem);
  for (const name of DEMO_CLIENT_CERTIFICATES) {
    writeFileSync(join(DEMO_MTLS_DIR, `${name}.pem`), material.pki.clients[name].pem);
    writeFileSync(join(DEMO_MTLS_DIR, `${name}.key`), material.pki.clients[name].privateKeyPem, { mode: 0o600 });
  }
  return material;
}

/** The demo material prepareDemoMaterial() made; synchronous, for synth. */
export function demoMaterial(): DemoMaterial {
  if (cached) return cached;
  if (!existsSync(DEMO_FILE)) {
    throw new Error('the example clients\' demo material is missing: `npm start`, `npm run synth` and the tests generate it into .gatehouse/demo/');
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

export function demoClientCertificate(name: DemoClientCertificate): string {
  return demoMaterial().pki.clients[name].pem;
}
