/** `gatehouse keys new | hash | rsa`: API key tokens and their hashes, and RSA key pairs for clients. */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { declaredKeyHash, importedFormatOf, isGatehouseKeyToken, mintApiKeyToken } from '../../record/api-key-token';
import { NAME_RULES } from '../../stacks/model/rules/index';
import { runRules } from '../../stacks/model/rules/rule';
import { CliError } from './cli-error';

type Print = (text: string) => void;

/** Mints a key: the token (shown once) and the hash to commit, with the snippet for the client's file. */
export function newKey(options: { name: string; json?: boolean }, out: Print): void {
  // The same rule synth applies to key names, so the pasted snippet passes validation.
  const [problem] = runRules(NAME_RULES, { kind: 'key', name: options.name }, undefined);
  if (problem) throw new CliError(`--name ${JSON.stringify(options.name)} ${problem.message}: ${problem.fix}`);
  const token = mintApiKeyToken();
  const tokenHash = declaredKeyHash(token);
  if (options.json) return out(JSON.stringify({ token, tokenHash }));
  out(
    [
      'Token — give it to the client once, over a secure channel. It is not stored anywhere and cannot be shown again:',
      `  ${token}`,
      '',
      'Hash — commit this in the client\'s file:',
      `  ${tokenHash}`,
      '',
      `  new ApiKey(scope, '${options.name}', { client, tokenHash: '${tokenHash}' });`,
    ].join('\n'),
  );
}

/** The hash of an existing token, read from stdin unless given. */
export function hashKey(token: string | undefined, out: Print, err: Print): void {
  const value = (token ?? readFileSync(0, 'utf8')).trim();
  if (!value) throw new CliError('no token given');
  if (!isGatehouseKeyToken(value) && !importedFormatOf(value)) {
    err('note: this is neither a Gatehouse token nor a known imported format (hex64); the authorizer will not recognise it as a key');
  }
  out(declaredKeyHash(value));
}

/** An RSA key pair for a client developer: the private key (owner-only) and the public key to register. */
export function newRsaKeyPair(options: { out: string; name: string; bits: number }, out: Print): void {
  if (options.bits < 2048) throw new CliError('--bits must be at least 2048');
  const privatePath = resolve(options.out, `${options.name}.private.pem`);
  const publicPath = resolve(options.out, `${options.name}.public.pem`);
  if (existsSync(privatePath)) throw new CliError(`${privatePath} exists; not overwriting a private key`);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: options.bits });
  mkdirSync(options.out, { recursive: true });
  writeFileSync(privatePath, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
  writeFileSync(publicPath, publicPem);
  out([`Private key (keep it with the client, never commit it): ${privatePath}`, `Public key (register it with ClientAuth.rsa): ${publicPath}`, '', publicPem.trimEnd()].join('\n'));
}
