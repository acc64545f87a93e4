/**
 * How client certificates are named in client files and records, and compared at request time: by
 * SHA-256 fingerprint (lowercase hex), or by subject distinguished name in one canonical form.
 *
 * Names are parsed by real parsers on both sides, never split with a regular expression: synth reads a
 * declared RFC 4514 name with @peculiar/x509 (stacks/model/distinguished-names.ts); the authorizer reads
 * a presented certificate's subject as OpenSSL parsed it (node:crypto's X509Certificate). Both then
 * write the name here as the sorted list of its attributes, each type under OpenSSL's short name.
 */

/** Spellings of attribute types that OpenSSL writes otherwise (keys upper-cased), and OIDs it names. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  E: 'emailAddress',
  EMAIL: 'emailAddress',
  EMAILADDRESS: 'emailAddress',
  '1.2.840.113549.1.9.1': 'emailAddress',
  SERIALNUMBER: 'serialNumber',
  '2.5.4.5': 'serialNumber',
  G: 'GN',
  GIVENNAME: 'GN',
  '2.5.4.42': 'GN',
  SURNAME: 'SN',
  '2.5.4.4': 'SN',
  T: 'title',
  TITLE: 'title',
  '2.5.4.12': 'title',
  STREET: 'street',
  '2.5.4.9': 'street',
  UID: 'UID',
  USERID: 'UID',
  '0.9.2342.19200300.100.1.1': 'UID',
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
};

function typeName(type: string): string {
  const upper = type.trim().toUpperCase();
  return TYPE_NAMES[upper] ?? TYPE_NAMES[type.trim()] ?? upper;
}

/** A name's canonical form from its attributes, in any order: what records hold and the authorizer compares. */
export function canonicalName(attributes: Iterable<readonly [string, string]>): string {
  const pairs = [...attributes].map(([type, value]) => [typeName(type), value] as const);
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  return JSON.stringify(pairs);
}

/** The attributes of a name as node:crypto's `toLegacyObject().subject` gives them (a value or a list per type). */
export function attributesOfLegacyName(subject: Readonly<Record<string, string | readonly string[]>>): [string, string][] {
  return Object.entries(subject).flatMap(([type, values]) => (Array.isArray(values) ? values : [values as string]).map((value) => [type, value] as [string, string]));
}

/** Normalises a declared fingerprint (`AB:CD:…` or `abcd…`) to lowercase hex; undefined when it is not one. */
export function normaliseFingerprint(text: string): string | undefined {
  const hex = text.replace(/:/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}
