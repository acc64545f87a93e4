/**
 * The common paste, an RSA public key PEM exactly as OpenSSL writes it (`openssl rsa -pubout`,
 * `ssh-keygen -e -m pkcs8`, node:crypto), read without OpenSSL's PEM decoder. That decoder costs
 * 0.25–0.5 ms a key (OpenSSL 3 searches its decoders for every call), which was a third of synth at
 * 10,000 clients; building the key from its modulus and exponent (JWK import) and writing it back out
 * costs a tenth of that.
 *
 * The DER is only searched for the modulus and exponent here; OpenSSL builds the key from them and
 * writes its PEM, and the key is taken only when that PEM is the pasted text (line ends aside). OpenSSL
 * reads its own PEM back to the same key, so what is accepted, and with which modulus, is OpenSSL's
 * answer; any other text (another algorithm, BER, headers, other line lengths, trailing bytes, a wrong
 * find) returns undefined, and the caller decodes it with createPublicKey as before.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

const PEM = /^-----BEGIN (RSA )?PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END \1PUBLIC KEY-----$/;
const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;

/** The key, its PEM type, and its JWK members (as OpenSSL exports them: the PEM is OpenSSL's own). */
export function canonicalRsaPem(text: string): { key: KeyObject; type: 'spki' | 'pkcs1'; jwk: { n: string; e: string } } | undefined {
  const pem = text.trim().replace(/\r\n/g, '\n');
  const match = PEM.exec(pem);
  if (!match) return undefined;
  const type = match[1] ? 'pkcs1' : 'spki';
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\n/g, ''), 'base64');
  const members = type === 'pkcs1' ? rsaPublicKey(der, 0) : rsaPublicKey(der, spkiKeyBits(der));
  if (!members) return undefined;
  const jwk = { n: members.n.toString('base64url'), e: members.e.toString('base64url') };
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'RSA', ...jwk }, format: 'jwk' });
  } catch {
    return undefined;
  }
  return key.export({ format: 'pem', type }).toString().trim() === pem ? { key, type, jwk } : undefined;
}

/** Where the RSAPublicKey starts in an SubjectPublicKeyInfo: inside its BIT STRING, after the unused-bits byte. */
function spkiKeyBits(der: Buffer): number {
  const outer = element(der, 0, SEQUENCE);
  const algorithm = outer && element(der, outer.start, SEQUENCE);
  const bits = algorithm && element(der, algorithm.end, BIT_STRING);
  return bits ? bits.start + 1 : -1;
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, as unsigned big-endian bytes. */
function rsaPublicKey(der: Buffer, offset: number): { n: Buffer; e: Buffer } | undefined {
  if (offset < 0) return undefined;
  const sequence = element(der, offset, SEQUENCE);
  const n = sequence && element(der, sequence.start, INTEGER);
  const e = n && element(der, n.end, INTEGER);
  if (!e) return undefined;
  const unsigned = (start: number, end: number) => der.subarray(der[start] === 0 ? start + 1 : start, end);
  return { n: unsigned(n.start, n.end), e: unsigned(e.start, e.end) };
}

/** The content of the DER element with `tag` at `offset` (definite lengths up to 2^24), if there is one. */
function element(der: Buffer, offset: number, tag: number): { start: number; end: number } | undefined {
  if (der[offset] !== tag || offset + 2 > der.length) return undefined;
  const first = der[offset + 1] as number;
  let start = offset + 2;
  let length = first;
  if (first & 0x80) {
    const octets = first & 0x7f;
    if (octets < 1 || octets > 3 || start + octets > der.length) return undefined;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[start + i] as number);
    start += octets;
  }
  const end = start + length;
  return end <= der.length && length > 0 ? { start, end } : undefined;
}
