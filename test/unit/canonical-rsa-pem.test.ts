import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { canonicalRsaPem } from '../../stacks/model/canonical-rsa-pem';
import { normalisePublicKey } from '../../stacks/model/public-keys';
import { ecKeyPair, rsaKeyPair } from '../support/keys';

/** A public key from any odd modulus (what parsing sees; key pairs of every size would take minutes). */
function publicKeyOf(modulus: Uint8Array, exponent: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'RSA', n: Buffer.from(modulus).toString('base64url'), e: Buffer.from(exponent).toString('base64url') }, format: 'jwk' });
}

/** What OpenSSL's own decoder makes of a text: the peer the fast road must agree with. */
function openssl(text: string): { n: string; e: string; type: string | undefined } | 'refused' {
  try {
    const key = createPublicKey(text);
    const jwk = key.export({ format: 'jwk' }) as { n?: string; e?: string };
    return { n: jwk.n as string, e: jwk.e as string, type: key.asymmetricKeyType };
  } catch {
    return 'refused';
  }
}

const modulus = fc.integer({ min: 64, max: 512 }).chain((length) =>
  fc.uint8Array({ minLength: length, maxLength: length }).map((bytes) => {
    bytes[0] = (bytes[0] as number) | 0x80;
    bytes[length - 1] = (bytes[length - 1] as number) | 1;
    return bytes;
  }),
);
const exponent = fc.constantFrom(Uint8Array.of(1, 0, 1), Uint8Array.of(3), Uint8Array.of(1, 0, 0, 0, 1));
const type = fc.constantFrom('spki' as const, 'pkcs1' as const);
const pemOf = (key: KeyObject, as: 'spki' | 'pkcs1') => key.export({ format: 'pem', type: as }) as string;

/** Edits of a PEM's DER or text that OpenSSL may or may not still read. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('rewrap' as const), width: fc.integer({ min: 16, max: 100 }) }),
  fc.record({ kind: fc.constant('crlf' as const) }),
);

type Edit = { kind: 'flip' | 'truncate' | 'append' | 'rewrap' | 'crlf'; at?: number; bit?: number; bytes?: Uint8Array; width?: number };

function edited(pem: string, change: Edit): string {
  const [, begin, body, end] = /^(-----BEGIN [A-Z ]+-----)\n([^-]+)\n(-----END [A-Z ]+-----)/.exec(pem) as RegExpExecArray;
  const wrap = (base64: string, width = 64) => (base64.match(new RegExp(`.{1,${width}}`, 'g')) as string[]).join('\n');
  let der = Buffer.from((body as string).replace(/\n/g, ''), 'base64');
  if (change.kind === 'crlf') return pem.replace(/\n/g, '\r\n');
  if (change.kind === 'rewrap') return `${begin}\n${wrap(der.toString('base64'), change.width)}\n${end}\n`;
  if (change.kind === 'flip') {
    der = Buffer.from(der);
    const at = (change.at as number) % der.length;
    der[at] = (der[at] as number) ^ (1 << (change.bit as number));
  }
  if (change.kind === 'truncate') der = der.subarray(0, (change.at as number) % der.length);
  if (change.kind === 'append') der = Buffer.concat([der, change.bytes as Uint8Array]);
  return der.length === 0 ? `${begin}\n${end}\n` : `${begin}\n${wrap(der.toString('base64'))}\n${end}\n`;
}

describe('the fast road for PEMs as OpenSSL writes them', () => {
  it('takes every key OpenSSL writes, SPKI and PKCS#1, any size and exponent, to the key OpenSSL reads', () => {
    fc.assert(
      fc.property(modulus, exponent, type, (n, e, as) => {
        const pem = pemOf(publicKeyOf(n, e), as);
        const fast = canonicalRsaPem(pem);
        expect(fast?.type).toBe(as);
        const jwk = fast?.key.export({ format: 'jwk' });
        expect(jwk && { n: jwk.n, e: jwk.e, type: fast?.key.asymmetricKeyType }).toEqual(openssl(pem));
        expect(fast?.jwk).toEqual({ n: jwk?.n, e: jwk?.e });
      }),
      { numRuns: 150 },
    );
  });

  it('never takes a text to another key than OpenSSL does, and never takes one OpenSSL refuses', () => {
    let taken = 0;
    fc.assert(
      fc.property(modulus, exponent, type, edit, (n, e, as, change) => {
        const text = edited(pemOf(publicKeyOf(n, e), as), change);
        const fast = canonicalRsaPem(text);
        const peer = openssl(text);
        if (fast) {
          taken++;
          const jwk = fast.key.export({ format: 'jwk' });
          expect({ ...fast.jwk, type: fast.key.asymmetricKeyType }).toEqual(peer);
          expect(fast.jwk).toEqual({ n: jwk.n, e: jwk.e });
        }
        // Whatever road it takes, the normalised key is OpenSSL's.
        const result = normalisePublicKey(text);
        if (result.ok) expect({ n: result.key.record.n, e: result.key.record.e, type: 'rsa' }).toEqual(peer);
        else if (peer !== 'refused' && peer.type === 'rsa' && Buffer.from(peer.n, 'base64url').length * 8 >= 2048) throw new Error(`refused a key OpenSSL reads: ${result.problem}`);
      }),
      { numRuns: 300 },
    );
    // CRLF line ends and 64-column rewraps are canonical, so some edits keep the fast road.
    expect(taken).toBeGreaterThan(0);
  });

  it.each([
    ['an EC key', () => ecKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string],
    ['an RSA-PSS key', () => generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }) as string],
    ['a PEM with text before it', () => `partner key:\n${rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string}`],
    ['a PEM whose label does not match its DER', () => (rsaKeyPair().publicKey.export({ format: 'pem', type: 'pkcs1' }) as string).replace(/RSA PUBLIC KEY/g, 'PUBLIC KEY')],
  ])('leaves %s to OpenSSL', (_, text) => {
    expect(canonicalRsaPem(text())).toBeUndefined();
  });

  it('leaves the problems of keys it does not take to normalisePublicKey, unchanged', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }) as string;
    expect(normalisePublicKey(pss)).toMatchObject({ ok: false, problem: 'is a rsa-pss key, not RSA' });
    const weak = publicKeyOf(Uint8Array.from({ length: 128 }, (_, i) => (i === 0 ? 0x80 : 1)), Uint8Array.of(1, 0, 1));
    expect(normalisePublicKey(pemOf(weak, 'spki'))).toMatchObject({ ok: false, problem: 'is a 1024-bit RSA key; at least 2048 bits are required' });
    expect(normalisePublicKey('-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----')).toMatchObject({ ok: false, problem: 'is a public key PEM that does not decode' });
  });
});
