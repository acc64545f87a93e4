/**
 * Declared subject distinguished names, read with @peculiar/x509's RFC 4514 parser (escapes, quoted
 * values, multi-valued RDNs) into the canonical form the key record holds (record/certificates.ts).
 */
import 'reflect-metadata';
import { Name } from '@peculiar/x509';
import { canonicalName } from '../../record/certificates';

/**
 * RFC 4514 attribute type names are case-insensitive; @peculiar/x509 knows them in capitals, so the
 * usual ones are also given in lower case.
 */
const LOWER_CASE_TYPES: Record<string, string> = {
  cn: '2.5.4.3',
  c: '2.5.4.6',
  l: '2.5.4.7',
  st: '2.5.4.8',
  o: '2.5.4.10',
  ou: '2.5.4.11',
  dc: '0.9.2342.19200300.100.1.25',
  e: '1.2.840.113549.1.9.1',
  email: '1.2.840.113549.1.9.1',
  emailaddress: '1.2.840.113549.1.9.1',
  serialnumber: '2.5.4.5',
};

/** The canonical form of a declared name, or undefined when it is not a distinguished name. */
export function canonicalDeclaredName(text: string): string | undefined {
  if (typeof text !== 'string' || !text.includes('=')) return undefined;
  let rdns: ReturnType<Name['toJSON']>;
  try {
    rdns = new Name(text, { ...LOWER_CASE_TYPES, EMAIL: '1.2.840.113549.1.9.1', EMAILADDRESS: '1.2.840.113549.1.9.1', emailAddress: '1.2.840.113549.1.9.1' }).toJSON();
  } catch {
    return undefined;
  }
  const attributes = rdns.flatMap((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((value) => [type, value] as const)));
  if (attributes.length === 0 || attributes.some(([type, value]) => type.trim() === '' || value === '')) return undefined;
  return canonicalName(attributes);
}
