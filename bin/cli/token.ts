/**
 * `gatehouse token <client>`: signs a JWT as the client would. Demo clients need only their name (their
 * keys are in .gatehouse/demo, the OIDC one asks the local run's identity provider); any other client
 * needs its signing key (--private-key or --secret-file) and its API key token.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { KeyClaimPreset } from '../../record/key-claims';
import { readRunState } from '../../local/run-state';
import { checkHmacSecret } from '../../local/hmac-secret-checks';
import { DEMO_CLIENTS, demoMaterial, type DemoMaterial, prepareDemoMaterial } from '../../stacks/app/demo-material';
import { CliError } from './cli-error';
import { readRsaPrivateKey } from './private-key';
import { type KeyPlacement, signClientToken, type TokenRequest } from './sign-token';

export interface TokenOptions {
  readonly placement: KeyPlacement;
  readonly preset: KeyClaimPreset;
  readonly lifetime: number;
  readonly subject?: string;
  readonly apiKey?: string;
  readonly apiKeyFile?: string;
  readonly privateKey?: string;
  readonly secretFile?: string;
  readonly bindCert?: string;
}

const DEMO_NAMES = Object.keys(DEMO_CLIENTS).join(', ');

export async function signToken(client: string, options: TokenOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const demo = Object.hasOwn(DEMO_CLIENTS, client) ? DEMO_CLIENTS[client] : undefined;
  const secret = options.privateKey === undefined ? readHmacSecret(options.secretFile, env) : undefined;
  const ownKey = options.privateKey !== undefined || secret !== undefined;
  if (!demo && !ownKey) {
    throw new CliError(
      `unknown client "${client}": only the demo clients are signed for by name (${DEMO_NAMES}). For another client pass its signing key, --private-key <file> (RS256) or --secret-file <file> (HS256), and its API key in GATEHOUSE_API_KEY or --api-key-file`,
    );
  }
  if (demo?.method === 'oidc' && !ownKey) return identityProviderToken(client);

  const material = demo ? await readDemoMaterial() : undefined;
  const apiKey = readApiKey(options, env) ?? (demo && material ? material.tokens[demo.key] : undefined);
  if (!apiKey) throw new CliError(`no API key for ${client}: pass --api-key-file or set GATEHOUSE_API_KEY`);
  let signer: TokenRequest['signer'];
  if (options.privateKey) signer = { rsaPrivateKey: readRsaPrivateKey(readFileSync(options.privateKey, 'utf8'), options.privateKey) };
  else if (secret !== undefined) signer = { hmacSecret: secret };
  else if (demo?.method === 'rsa' && material) signer = { rsaPrivateKey: createPrivateKey(material.rsa[demo.rsaKeyPair].privateKeyPem) };
  else if (demo?.method === 'hmac' && material) signer = { hmacSecret: material.hmacSecret };
  else throw new CliError(`no signing key for ${client}: pass --private-key (RS256) or --secret-file (HS256)`);
  return signClientToken({
    apiKey,
    placement: options.placement,
    preset: options.preset,
    lifetimeSeconds: options.lifetime,
    subject: options.subject ?? `${client}-cli`,
    signer,
    boundCertificatePem: options.bindCert ? readFileSync(options.bindCert, 'utf8') : undefined,
  });
}

/** The demo material, made on first use (npm start and the tests make it too). */
async function readDemoMaterial(): Promise<DemoMaterial> {
  try {
    return demoMaterial();
  } catch {
    return prepareDemoMaterial();
  }
}

/** The API key token: from an argument, a file or GATEHOUSE_API_KEY. Surrounding whitespace is never part of a token. */
function readApiKey(options: TokenOptions, env: NodeJS.ProcessEnv): string | undefined {
  if (options.apiKeyFile) return readFileSync(options.apiKeyFile, 'utf8').trim();
  return options.apiKey ?? env.GATEHOUSE_API_KEY;
}

/**
 * The shared secret, from --secret-file or GATEHOUSE_HMAC_SECRET, exactly as given: the authorizer keys
 * HS256 with the stored secret's exact text, so a trimmed or re-encoded secret would sign tokens it
 * refuses. One it would refuse or never match is refused here, before any token is made.
 */
function readHmacSecret(file: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  let secret: string;
  let source: string;
  if (file) {
    const bytes = readFileSync(file);
    try {
      secret = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new CliError(`the secret in ${file} is not UTF-8 text; the secret is used as its exact UTF-8 text, as jwt.io does`);
    }
    source = `the secret in ${file}`;
  } else if (env.GATEHOUSE_HMAC_SECRET) {
    secret = env.GATEHOUSE_HMAC_SECRET;
    source = 'GATEHOUSE_HMAC_SECRET';
  } else {
    return undefined;
  }
  const problems = checkHmacSecret(secret);
  if (problems.length > 0) throw new CliError(`${source} ${problems.map((problem) => problem.message).join('; and it ')}`);
  return secret;
}

/** A token for the demo OIDC client, from the local run's identity provider (client credentials). */
async function identityProviderToken(client: string): Promise<string> {
  const run = readRunState();
  if (!run) throw new CliError(`${client} gets its tokens from the local identity provider, which runs with npm start; start it first`);
  const credentials = run.identityProvider.clients[client];
  if (!credentials) throw new CliError(`the local identity provider has no client acting for ${client}`);
  const response = await fetch(`${run.identityProvider.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new CliError(`the identity provider refused: ${body.error}`);
  return body.access_token;
}
