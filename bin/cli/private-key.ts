/**
 * Reads the RS256 signing key `gatehouse token --private-key` is given, in the formats the README's key
 * tools write: PEM (PKCS#8 `BEGIN PRIVATE KEY` from `gatehouse keys rsa` and openssl, PKCS#1 `BEGIN RSA
 * PRIVATE KEY`), a private JWK, and ssh-keygen's OpenSSH format (`BEGIN OPENSSH PRIVATE KEY`), which
 * Node's crypto cannot decode and sshpk can. Each mistake says what was passed instead.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type * as Sshpk from 'sshpk';
import { CliError } from './cli-error';

const PUBLIC_KEY_MARKERS = [/^(ssh-rsa|ssh-ed25519|ssh-dss|ecdsa-sha2-\S+|sk-\S+) AAAA/m, /-----BEGIN (RSA |SSH2 )?PUBLIC KEY-----/];
const RSA_ONLY = 'RS256 needs an RSA key (ssh-keygen -t rsa -b 3072, or gatehouse keys rsa)';
const NOT_PRIVATE = 'pass the private key, which stays with the client (for ssh-keygen, the file without .pub: id_rsa, not id_rsa.pub)';

export function readRsaPrivateKey(text: string, source: string): KeyObject {
  const key = decode(text, source);
  if (key.asymmetricKeyType !== 'rsa') {
    throw new CliError(`${source} is an ${key.asymmetricKeyType} key; ${RSA_ONLY}`);
  }
  return key;
}

function decode(text: string, source: string): KeyObject {
  if (text.includes('-----BEGIN OPENSSH PRIVATE KEY-----')) return fromOpenSsh(text, source);
  const pem = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/.exec(text);
  if (pem) return fromPem(pem[0], source);
  if (text.trimStart().startsWith('{')) return fromJwk(text, source);
  if (PUBLIC_KEY_MARKERS.some((marker) => marker.test(text))) throw new CliError(`${source} holds a public key; ${NOT_PRIVATE}`);
  if (text.includes('-----BEGIN CERTIFICATE-----')) throw new CliError(`${source} holds a certificate (the public half); ${NOT_PRIVATE}`);
  throw new CliError(`${source} is not a private key Gatehouse can read; expected PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), ssh-keygen's BEGIN OPENSSH PRIVATE KEY, or a private JWK`);
}

function fromPem(pem: string, source: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    if (pem.includes('ENCRYPTED') || /passphrase/i.test((error as Error).message)) {
      throw new CliError(`${source} is encrypted with a passphrase; decrypt a copy first (openssl pkey -in ${source} -out plain.pem) and pass that`);
    }
    throw new CliError(`${source} holds a PEM private key that cannot be read: ${(error as Error).message}`);
  }
}

function fromOpenSsh(text: string, source: string): KeyObject {
  const sshpk = require('sshpk') as typeof Sshpk;
  let parsed: Sshpk.PrivateKey;
  try {
    parsed = sshpk.parsePrivateKey(text, 'openssh');
  } catch (error) {
    if ((error as Error).name === 'KeyEncryptedError') {
      throw new CliError(`${source} is encrypted with a passphrase; decrypt a copy first (cp ${source} plain && ssh-keygen -p -N '' -f plain) and pass that`);
    }
    throw new CliError(`${source} looks like an OpenSSH private key but cannot be read: ${(error as Error).message}`);
  }
  if (parsed.type !== 'rsa') throw new CliError(`${source} is an ${parsed.type} key; ${RSA_ONLY}`);
  return createPrivateKey(parsed.toString('pkcs8'));
}

function fromJwk(text: string, source: string): KeyObject {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CliError(`${source} starts like JSON but is not; expected a private JWK`);
  }
  if (typeof jwk.d !== 'string') throw new CliError(`${source} is a public JWK (it has no "d"); ${NOT_PRIVATE}`);
  try {
    return createPrivateKey({ key: jwk, format: 'jwk' });
  } catch (error) {
    throw new CliError(`${source} is not a private JWK Node can use: ${(error as Error).message}`);
  }
}
