import { bearerToken } from '../../lambda/bearer-token';
import { Refusal } from '../../lambda/decision';

function refusal(values: string[]): Refusal {
  try {
    bearerToken(values);
  } catch (error) {
    return error as Refusal;
  }
  throw new Error('accepted');
}

describe('bearerToken', () => {
  it('takes the token after a case-insensitive Bearer scheme', () => {
    expect(bearerToken(['Bearer abc.def.ghi'])).toBe('abc.def.ghi');
    expect(bearerToken(['bearer abc'])).toBe('abc');
    expect(bearerToken(['BEARER   abc'])).toBe('abc');
  });

  it('refuses a missing header, other schemes and an empty token', () => {
    expect(refusal([]).reason).toBe('authorization_missing');
    expect(refusal(['']).reason).toBe('authorization_missing');
    expect(refusal(['Basic dXNlcjpwYXNz']).reason).toBe('authorization_scheme_invalid');
    expect(refusal(['Bearer']).reason).toBe('authorization_missing');
    expect(refusal(['Bearer a', 'Bearer b']).reason).toBe('authorization_ambiguous');
    expect(refusal(['Bearer a', 'Bearer a']).reason).toBe('authorization_ambiguous');
  });

  it('never repeats a bare credential in its reason', () => {
    const credential = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    expect(refusal([credential]).detail).not.toContain(credential);
    expect(refusal(['Basic dXNlcjpwYXNz']).detail).not.toContain('dXNlcjpwYXNz');
  });
});
