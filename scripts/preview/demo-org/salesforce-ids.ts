/**
 * Salesforce-shaped record Ids for the demo org: a 3-character key prefix, a
 * fixed instance part and a base-62 counter (15 characters), plus the standard
 * 3-character case-safe suffix (18 characters). Counters are zero-padded with
 * an ASCII-ordered alphabet, so Ids sort in creation order.
 */

/** Key prefixes of the objects the demo org creates. */
export const KEY_PREFIX = {
  Organization: '00D',
  User: '005',
  Profile: '00e',
  UserRole: '00E',
  UserLicense: '100',
  PermissionSetLicense: '0PL',
  PermissionSetLicenseAssign: '2LA',
  UserLogin: '06l',
  LoginHistory: '0Ya'
} as const;

export type KeyPrefixObject = keyof typeof KEY_PREFIX;

/** Digits in ASCII order, so that equal-length Ids compare like their counters. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** Instance and reserved characters between the key prefix and the counter. */
const INSTANCE_PART = 'Dm0';
const COUNTER_DIGITS = 9;
const CHUNK = 5;

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    text = BASE62[rest % BASE62.length] + text;
    rest = Math.floor(rest / BASE62.length);
  }
  if (rest > 0) throw new Error(`Id counter ${value} does not fit ${width} base-62 digits.`);
  return text;
}

/** The 3-character case-safe suffix of a 15-character Id. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < id15.length / CHUNK; chunk++) {
    let bits = 0;
    for (let i = 0; i < CHUNK; i++) {
      const char = id15[chunk * CHUNK + i];
      if (char >= 'A' && char <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** The 18-character Id of the n-th record (n >= 1) of an object. */
export function demoId(object: KeyPrefixObject, counter: number): string {
  const id15 = `${KEY_PREFIX[object]}${INSTANCE_PART}${base62(counter, COUNTER_DIGITS)}`;
  return id15 + caseSafeSuffix(id15);
}
