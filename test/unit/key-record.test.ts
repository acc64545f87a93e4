import { type AuthRecord, checkKeyRecord, decodeKeyRecord, encodeKeyRecord, RecordError } from '../../record/key-record';
import { testKey } from '../support/records';

const hmac: AuthRecord = { method: 'hmac', secretRefs: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-AbCdEf'] };

describe('key record', () => {
  it('round-trips through a DynamoDB item', () => {
    const { record } = testKey({ auth: hmac, allowedIps: ['10.0.0.0/8'], keyNotAfter: '2030-01-01T00:00:00Z' });
    const item = encodeKeyRecord(record);
    expect(item.keyHash).toEqual({ S: record.keyHash });
    expect(decodeKeyRecord(item)).toEqual(record);
  });

  it('refuses an unknown schema version', () => {
    const { record } = testKey({ auth: hmac });
    expect(() => checkKeyRecord({ ...record, schemaVersion: 1 })).toThrow(/schema version 1/);
    expect(() => checkKeyRecord({ ...record, schemaVersion: 3 })).toThrow(/schema version 3/);
    expect(() => checkKeyRecord({ ...record, schemaVersion: undefined })).toThrow(RecordError);
  });

  it('refuses records that do not match the schema, naming the field', () => {
    const { record } = testKey({ auth: hmac });
    expect(() => checkKeyRecord({ ...record, keyHash: 'nothex' })).toThrow(/keyHash/);
    expect(() => checkKeyRecord({ ...record, client: { ...record.client, auth: { method: 'rsa', publicKeys: [] } } })).toThrow(RecordError);
    expect(() => checkKeyRecord({ ...record, client: { ...record.client, auth: { method: 'magic' } } })).toThrow(RecordError);
    expect(() => checkKeyRecord({ ...record, key: { ...record.key, notAfter: 'tomorrow' } })).toThrow(/notAfter/);
  });

  it('encodes only checked records: one checkKeyRecord did not return is checked first', () => {
    const { record } = testKey({ auth: hmac });
    const unchecked = { ...record, keyHash: 'nothex' } as typeof record;
    expect(() => encodeKeyRecord(unchecked)).toThrow(/keyHash/);
    const checked = checkKeyRecord({ ...record });
    expect(encodeKeyRecord(checked)).toEqual(encodeKeyRecord({ ...record }));
  });

  it('refuses items that are not decodable', () => {
    expect(() => decodeKeyRecord({ schemaVersion: { N: 'x' } } as never)).toThrow(RecordError);
  });

  it('holds no secret: an HMAC record has references only', () => {
    const { token, record } = testKey({ auth: hmac });
    const text = JSON.stringify(encodeKeyRecord(record));
    expect(text).not.toContain(token);
    expect(text).toContain('secretsmanager');
  });
});
