/**
 * The fuzz arbitraries, shared by the CI suite (`fuzz.test.ts`) and the soak (`soak.ts`): hostile
 * requests for every target of `Emulator.handle`.
 *
 * Three kinds of case:
 * - **bytes**: arbitrary bytes as the body (invalid UTF-8, almost-JSON, BOMs, NULs);
 * - **json**: arbitrary JSON documents, with `__proto__` / `constructor` / `prototype` keys at
 *   every level and duplicate keys;
 * - **structured**: the right shape for the target, with wrong values: huge strings, negative,
 *   NaN-like and out-of-range timestamps, 6145-byte blobs, invalid base64, unicode ARNs,
 *   lookalike enum values, members of the wrong JSON type, and pollution keys.
 *
 * Bodies are built as a small JSON syntax tree and printed by {@link printJson}, so a case can
 * hold what `JSON.stringify` cannot produce: raw number tokens (`1e400`, `-0`, `NaN`), duplicate
 * keys, `__proto__` as an own key.
 */
import fc from 'fast-check'
import { operations, type OperationName } from 'kms-key-import'
import { DAY_MS, FUZZ_PROFILES, WORLD_T0, type FuzzProfile, type WorldRefs } from './world.js'

/** A JSON syntax tree: what a client may put on the wire. */
export type Json =
  | string
  | number
  | boolean
  | null
  | { readonly raw: string }
  | { readonly pairs: readonly (readonly [string, Json])[] }
  | { readonly items: readonly Json[] }

/**
 * Prints a syntax tree as JSON text (raw tokens verbatim, pairs in order, duplicates kept).
 * @param j - the tree
 * @returns the text
 */
export const printJson = (j: Json): string => {
  if (j === null || typeof j !== 'object') return JSON.stringify(j)
  if ('raw' in j) return j.raw
  if ('items' in j) return `[${j.items.map(printJson).join(',')}]`
  return `{${j.pairs.map(([k, v]) => `${JSON.stringify(k)}:${printJson(v)}`).join(',')}}`
}

/** One fuzz case: a profile's world, a target and a body. */
export interface FuzzCase {
  readonly profile: FuzzProfile
  readonly kind: 'bytes' | 'json' | 'structured'
  readonly target: string
  readonly body: string | Uint8Array
  /** How far the world's clock moves before the request (ms; absent: it stays). */
  readonly advanceMs?: number
}

/**
 * A readable form of a case, for failure reports.
 * @param c - the case
 * @param max - the longest body shown (default 600 characters); longer ones are cut, with their length
 * @returns one line
 */
export const showCase = (c: FuzzCase, max = 600): string => {
  const body = typeof c.body === 'string' ? c.body : `bytes:${Buffer.from(c.body).toString('hex')}`
  return `[${c.profile}]${c.advanceMs === undefined || c.advanceMs === 0 ? '' : ` clock +${c.advanceMs} ms`} ${c.kind} ${JSON.stringify(c.target)} ${body.length > max ? `${body.slice(0, max)}… (${body.length} chars)` : body}`
}

/** Every operation `handle` serves: the registry's. */
export const FUZZ_OPERATIONS = Object.keys(operations) as readonly OperationName[]

/** Keys that pollute prototypes when a parser or merge treats them as paths. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const
/** The property a successful pollution would create. */
export const POLLUTION_MARK = 'polluted'

// ---------------------------------------------------------------------------------------------
// Scalars

const raw = (text: string): Json => ({ raw: text })
const obj = (pairs: readonly (readonly [string, Json])[]): Json => ({ pairs })

/** `{"polluted": true}` under every pollution key, nested two deep. */
const pollutionPayload: Json = obj([
  [POLLUTION_MARK, true],
  ['__proto__', obj([[POLLUTION_MARK, 'yes']])],
  ['constructor', obj([['prototype', obj([[POLLUTION_MARK, 'yes']])]])],
])

/** A string of `n` copies of `unit` (memoized: huge strings are reused, not rebuilt per case). */
const repeatCache = new Map<string, string>()
const repeat = (unit: string, n: number): string => {
  const k = `${unit}\u0000${n}`
  let s = repeatCache.get(k)
  if (s === undefined) {
    s = unit.repeat(n)
    repeatCache.set(k, s)
  }
  return s
}

/** Strings that are too long, empty, or hostile in content. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\udfff', '\u202e', '\u200b', '\ufeff', '𝕂𝕄𝕊', 'é', 'e\u0301', '{arn}', "'", '"', '\\', '%s', '${x}', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  fc.constantFrom(1, 2047, 2048, 2049, 8192, 8193, 70_000).chain((n) => fc.constantFrom('a', 'é', '😀', '\u0000').map((u) => repeat(u, n))),
  fc.string({ maxLength: 40, unit: 'binary' }),
)

/** Numbers, including raw tokens JSON.stringify cannot print. */
const hostileNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(-1, 0, -0, 1.5, -1e20, 1e20, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, 1e308, -1e308, 8.64e12, 8.64e12 + 1, -8.64e12 - 1),
  fc.constantFrom('1e400', '-1e400', '-0', '0e0', '1E2', '-0.0', '1e-400', '123456789012345678901234567890', 'NaN', 'Infinity', '-Infinity', '0x10', '+1', '.5', '01').map(raw),
  fc.double().map((d) => d as Json),
)

/** Values of the wrong JSON type for any member. */
const wrongType: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, 7, -1, { items: [] }, { items: [1, 2, 3] }, { items: ['a'] }, obj([]), obj([['0', 1]]), pollutionPayload),
  fc.constantFrom(...POLLUTION_KEYS).map((k) => obj([[k, obj([[POLLUTION_MARK, true]])]])),
)

// ---------------------------------------------------------------------------------------------
// Members

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

/** Base64 of `n` bytes (memoized by length: content does not matter for size limits). */
const blobOfLength = (n: number): string => {
  const k = `blob${n}`
  let s = repeatCache.get(k)
  if (s === undefined) {
    s = b64(new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff))
    repeatCache.set(k, s)
  }
  return s
}

/** A blob changed at one byte, cut short, or extended. */
const mutatedBlob = (blob: string): fc.Arbitrary<string> => {
  const bytes = new Uint8Array(Buffer.from(blob, 'base64'))
  return fc.oneof(
    fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
      const out = Uint8Array.from(bytes)
      out[i] = (out[i] ?? 0) ^ x
      return b64(out)
    }),
    fc.nat({ max: bytes.length - 1 }).map((n) => b64(bytes.subarray(0, n))),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((tail) => b64(Uint8Array.from([...bytes, ...tail]))),
  )
}

/** A member's values: right ones (for the world), and wrong ones (type, size, content). */
interface Values {
  readonly valid: fc.Arbitrary<Json>
  readonly hostile: fc.Arbitrary<Json>
}

const BAD_BASE64 = ['!!!!', 'AAA', 'A===', 'AAAA=', '====', ' AAAA', 'AAAA\n', 'AA==AA==', '-_-_', 'AAAA====', 'ÀÀÀÀ', 'A\u0000AA', 'QUJD\r\n']

/** Blob members: world blobs (`preferred` first); sizes at and over the limits, mutations, bad base64. */
const blobValues = (refs: WorldRefs, preferred: readonly string[]): Values => {
  const known = Object.values(refs.blobs)
  const pick = preferred.map((k) => refs.blobs[k]).filter((b): b is string => b !== undefined)
  const pool = pick.length > 0 ? pick : known
  return {
    valid: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.constantFrom(...known) }),
    hostile: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...pool).chain(mutatedBlob) },
      { weight: 3, arbitrary: fc.constantFrom(0, 1, 31, 32, 33, 255, 256, 257, 4096, 4097, 6144, 6145, 8192).map(blobOfLength) },
      { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map(b64) },
      { weight: 2, arbitrary: fc.constantFrom(...BAD_BASE64, `${blobOfLength(6144)}=`) },
      { weight: 1, arbitrary: wrongType },
    ),
  }
}

/** Key ids: the world's keys by id and ARN (`preferred` names first); every kind of wrong id. */
const keyIdValues = (refs: WorldRefs, preferred: readonly string[] = []): Values => {
  const ids = refs.keys.map((k) => k.keyId)
  const arns = refs.keys.map((k) => k.arn)
  const favoured = refs.keys.filter((k) => preferred.includes(k.name)).flatMap((k) => [k.keyId, k.arn])
  const someId = ids[0] as string
  const unicodeArns = fc.constantFrom(...arns).chain((arn) =>
    fc.constantFrom(
      arn.replace('us-east-1', 'us-eаst-1'), // Cyrillic а
      arn.replace('111122223333', '１１１１２２２２３３３３'),
      arn.replace(/[0-9]/, (d) => String.fromCharCode(0xff10 + Number(d))),
      `${arn}\u200b`,
      `\u202e${arn}`,
      arn.replace('key/', 'key\u2215'),
      arn.replace('arn:aws:', 'arn:aws-cn:'),
      arn.replace('us-east-1', 'eu-west-1'),
      arn.replace('111122223333', '444455556666'),
      arn.replace(':kms:', ':KMS:'),
      arn.toUpperCase(),
      arn.replace('key/', 'alias/'),
      `${arn}/extra`,
      arn.slice(0, -1),
      `${arn}\ud800`,
    ))
  return {
    valid: favoured.length === 0
      ? fc.constantFrom(...ids, ...arns)
      : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...favoured) }, { weight: 1, arbitrary: fc.constantFrom(...ids, ...arns) }),
    hostile: fc.oneof(
      { weight: 4, arbitrary: unicodeArns },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          '', 'arn:', 'arn:aws:kms:::key/', 'alias/fuzz', 'alias/aws/s3', 'arn:aws:kms:us-east-1:111122223333:alias/fuzz', someId.toUpperCase(),
          someId.replaceAll('-', ''), `${someId} `, ` ${someId}`, `${someId}\u0000`, 'mrk-1234567890abcdef1234567890abcdef', '00000000-0000-0000-0000-000000000000',
          'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000', 'arn:aws:iam::111122223333:user/x',
        ),
      },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: hostileString },
      { weight: 1, arbitrary: wrongType },
    ),
  }
}

/** Enum members: every value any profile knows; lookalikes and prototype names. */
const enumValues = (values: readonly string[]): Values => ({
  valid: fc.constantFrom(...values),
  hostile: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(...values).chain((v) =>
        fc.constantFrom(v.toLowerCase(), ` ${v}`, `${v} `, `${v}\u0000`, v.replace('A', 'А'), v.replace('_', '-'), `${v}_X`, v.slice(0, -1))),
    },
    { weight: 1, arbitrary: fc.constantFrom('', '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'length') },
    { weight: 1, arbitrary: wrongType },
  ),
})

const ALL_WRAPPING_ALGORITHMS = ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE']
const ALL_WRAPPING_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2']
const KEY_SPECS = ['SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44']
const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT']
const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']
const EXPIRATION_MODELS = ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE']
const ENCRYPTION_ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE']
const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'SM2DSA',
]
const MAC_ALGORITHMS = ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512']

/** Timestamps (epoch seconds): in the future and within a year; the edges, the past, hostile numbers. */
const timestampValues: Values = {
  valid: fc.integer({ min: 1, max: 365 }).map((d) => (WORLD_T0 + d * DAY_MS) / 1000),
  hostile: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(WORLD_T0 / 1000, (WORLD_T0 + 365 * DAY_MS) / 1000 + 0.001, WORLD_T0 / 1000 + 0.0001, (WORLD_T0 - DAY_MS) / 1000, (WORLD_T0 + 400 * DAY_MS) / 1000) },
    { weight: 4, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom<Json>('2026-06-01T00:00:00Z', '1780000000', 'NaN', '') },
    { weight: 1, arbitrary: wrongType },
  ),
}

/** Integers (PendingWindowInDays, Limit). */
const integerValues = (min: number, max: number): Values => ({
  valid: fc.integer({ min, max }),
  hostile: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(min - 1, max + 1, 0, -1) },
    { weight: 3, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom<Json>(String(min), raw(`${min}.0`), raw(`${min}e0`)) },
    { weight: 1, arbitrary: wrongType },
  ),
})

const booleanValues: Values = { valid: fc.boolean(), hostile: fc.oneof(fc.constantFrom<Json>('true', 1, 0), wrongType) }

const stringValues: Values = { valid: fc.string({ maxLength: 30 }), hostile: fc.oneof(hostileString, wrongType) }

/** Region names: of the partition, of another partition, and not Region names at all. */
const regionValues: Values = { valid: fc.constantFrom<Json>('us-east-1', 'eu-west-1', 'us-west-2', 'cn-north-1'), hostile: fc.oneof(hostileString, wrongType) }

/** Encryption contexts: plain maps; pollution keys as map keys, huge values, wrong value types. */
const contextValues: Values = {
  valid: fc.oneof(
    fc.constantFrom<Json>(obj([]), obj([['purpose', 'fuzz']]), obj([['a', 'b'], ['c', 'd']])),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS, POLLUTION_MARK, ''), fc.string({ maxLength: 8 })), fc.string({ maxLength: 8 })), { maxLength: 4 }).map((pairs) => obj(pairs)),
  ),
  hostile: fc.oneof(
    fc.array(fc.tuple(fc.constantFrom(...POLLUTION_KEYS, POLLUTION_MARK), hostileString), { minLength: 1, maxLength: 3 }).map((pairs) => obj(pairs)),
    fc.constantFrom(...POLLUTION_KEYS).map((k) => obj([[k, pollutionPayload]])),
    wrongType,
  ),
}

/** KeyMaterialId: 64 lowercase hex characters; near misses. */
const materialIdValues: Values = {
  valid: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
  hostile: fc.oneof(fc.constantFrom(repeat('A', 64), repeat('a', 63), repeat('a', 65), repeat('g', 64), ''), hostileString, wrongType),
}

const grantTokensValues: Values = {
  valid: fc.constantFrom<Json>({ items: [] }, { items: ['token'] }),
  hostile: fc.oneof(fc.constantFrom<Json>({ items: [1] }, 'token', { items: [repeat('t', 8193)] }), wrongType),
}

const markerValues: Values = {
  valid: fc.constantFrom('1', 'MQ==', 'bWFya2VyOjE='),
  hostile: fc.oneof(fc.constantFrom('', '0', '-1', repeat('m', 1024), repeat('m', 1025), 'é', '\u0100', '\u0000'), hostileString, wrongType),
}

/**
 * A member of a request: its name, how often it is present when its value is right (in tenths:
 * 10 for a required member), and its values. The name `*` marks a group: its values are objects
 * whose pairs are spliced into the request (members that must agree, like ExpirationModel and
 * ValidTo).
 */
interface MemberSpec extends Values {
  readonly name: string
  readonly required: boolean
  readonly presence: number
}

const member = (name: string, presence: number, values: Values): MemberSpec => ({ name, required: presence === 10, presence, ...values })

/** ExpirationModel and ValidTo together: the three right combinations, and wrong ones. */
const expiryGroup: Values = {
  valid: fc.oneof(
    fc.constant<Json>(obj([['ExpirationModel', 'KEY_MATERIAL_DOES_NOT_EXPIRE']])),
    timestampValues.valid.map((t) => obj([['ValidTo', t]])),
    timestampValues.valid.map((t) => obj([['ExpirationModel', 'KEY_MATERIAL_EXPIRES'], ['ValidTo', t]])),
  ),
  hostile: fc.oneof(
    fc.constant<Json>(obj([])),
    timestampValues.valid.map((t) => obj([['ExpirationModel', 'KEY_MATERIAL_DOES_NOT_EXPIRE'], ['ValidTo', t]])),
    timestampValues.hostile.map((t) => obj([['ValidTo', t]])),
    enumValues(EXPIRATION_MODELS).hostile.map((m) => obj([['ExpirationModel', m]])),
    fc.tuple(enumValues(EXPIRATION_MODELS).valid, timestampValues.hostile).map(([m, t]) => obj([['ExpirationModel', m], ['ValidTo', t]])),
  ),
}

/**
 * The members of each operation's request. For ImportKeyMaterial, `scenario` names the token the
 * request carries, so that the token and the wrapped material (and the key) usually belong together
 * and the request gets past the token to the unwrapping.
 */
const membersOf = (refs: WorldRefs, op: OperationName, scenario: string): readonly MemberSpec[] => {
  const keyId = keyIdValues(refs)
  const req = (name: string, values: Values): MemberSpec => member(name, 10, values)
  const opt = (name: string, values: Values, presence = 4): MemberSpec => member(name, presence, values)
  /** Right values of this profile; the other values any profile knows are wrong here. */
  const profileEnum = (mine: readonly string[], all: readonly string[]): Values => {
    const base = enumValues(mine.length > 0 ? mine : all)
    const others = all.filter((v) => !mine.includes(v))
    return others.length === 0 ? base : { valid: base.valid, hostile: fc.oneof(fc.constantFrom(...others), base.hostile) }
  }
  const message = blobValues(refs, ['message'])
  const grants = opt('GrantTokens', grantTokensValues)
  switch (op) {
    case 'CreateKey':
      return [
        opt('Description', stringValues), opt('KeyUsage', enumValues(KEY_USAGES)), opt('KeySpec', enumValues(KEY_SPECS)),
        opt('CustomerMasterKeySpec', enumValues(KEY_SPECS)), opt('Origin', enumValues(ORIGINS)), opt('MultiRegion', booleanValues),
        opt('Policy', stringValues), opt('BypassPolicyLockoutSafetyCheck', booleanValues), opt('Tags', { valid: fc.constant({ items: [] }), hostile: wrongType }),
        opt('CustomKeyStoreId', stringValues),
      ]
    case 'DescribeKey':
    case 'GetPublicKey':
      return [req('KeyId', keyId), grants]
    case 'ReplicateKey':
      return [
        req('KeyId', keyId), req('ReplicaRegion', regionValues), opt('Description', stringValues), opt('Policy', stringValues),
        opt('BypassPolicyLockoutSafetyCheck', booleanValues), opt('Tags', { valid: fc.constant({ items: [] }), hostile: wrongType }),
      ]
    case 'UpdatePrimaryRegion':
      return [req('KeyId', keyId), req('PrimaryRegion', regionValues)]
    case 'EnableKey':
    case 'DisableKey':
    case 'CancelKeyDeletion':
    case 'RotateKeyOnDemand':
      return [req('KeyId', keyId)]
    case 'DeleteImportedKeyMaterial':
      return [req('KeyId', keyId), opt('KeyMaterialId', materialIdValues, 2)]
    case 'ListKeyRotations':
      return [
        req('KeyId', keyId), opt('IncludeKeyMaterial', enumValues(['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'])), opt('Limit', integerValues(1, 1000)),
        opt('Marker', markerValues),
      ]
    case 'ScheduleKeyDeletion':
      return [req('KeyId', keyId), opt('PendingWindowInDays', integerValues(7, 30))]
    case 'GetParametersForImport':
      return [
        req('KeyId', keyIdValues(refs, ['ext-pending-import', 'ext-enabled', 'ext-ecc-pending-import', 'ext-hmac-pending-import'])),
        req('WrappingAlgorithm', profileEnum(refs.wrappingAlgorithms, ALL_WRAPPING_ALGORITHMS)),
        req('WrappingKeySpec', profileEnum(refs.wrappingKeySpecs, ALL_WRAPPING_SPECS)),
      ]
    case 'ImportKeyMaterial': {
      const forEnabled = scenario === 'ext-enabled'
      const wrapped = forEnabled ? ['wrapped:ext-enabled-same', 'wrapped:ext-enabled-other'] : [`wrapped:${scenario}`, `wrapped:${scenario}`, `wrapped-31:${scenario}`]
      return [
        req('KeyId', keyIdValues(refs, [forEnabled ? 'ext-enabled' : 'ext-pending-import'])),
        req('ImportToken', blobValues(refs, [`token:${scenario}`])),
        req('EncryptedKeyMaterial', blobValues(refs, wrapped)),
        opt('*', expiryGroup, 9),
        opt('ImportType', profileEnum(refs.importTypes, ['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL']), refs.importTypes.length > 0 ? 3 : 1),
        opt('KeyMaterialDescription', stringValues, refs.importTypes.length > 0 ? 3 : 1),
        opt('KeyMaterialId', materialIdValues, 1),
      ]
    }
    case 'Encrypt':
      return [
        req('KeyId', keyId), req('Plaintext', message), opt('EncryptionContext', contextValues), opt('EncryptionAlgorithm', enumValues(ENCRYPTION_ALGORITHMS)),
        grants, opt('DryRun', booleanValues),
      ]
    case 'Decrypt':
      return [
        req('CiphertextBlob', blobValues(refs, Object.keys(refs.blobs).filter((k) => k.startsWith('ciphertext:')))), opt('KeyId', keyId),
        opt('EncryptionContext', contextValues), opt('EncryptionAlgorithm', enumValues(ENCRYPTION_ALGORITHMS)), grants, opt('DryRun', booleanValues),
      ]
    case 'Sign':
    case 'Verify':
      return [
        req('KeyId', keyIdValues(refs, ['aws-rsa-sign', 'aws-ecc-sign'])), req('Message', message), req('SigningAlgorithm', enumValues(SIGNING_ALGORITHMS)),
        opt('MessageType', enumValues(['RAW', 'DIGEST'])), grants, opt('DryRun', booleanValues),
        ...(op === 'Verify' ? [req('Signature', blobValues(refs, ['signature']))] : []),
      ]
    case 'GenerateMac':
    case 'VerifyMac':
      return [
        req('KeyId', keyIdValues(refs, ['aws-hmac-256'])), req('Message', message), req('MacAlgorithm', enumValues(MAC_ALGORITHMS)), grants,
        opt('DryRun', booleanValues), ...(op === 'VerifyMac' ? [req('Mac', blobValues(refs, ['mac']))] : []),
      ]
  }
}

/** Extra top-level pairs: pollution keys, unknown members, a duplicate of a real member. */
const extraPair = (members: readonly MemberSpec[]): fc.Arbitrary<readonly [string, Json]> =>
  fc.oneof(
    fc.constantFrom(...POLLUTION_KEYS).map((k): readonly [string, Json] => [k, pollutionPayload]),
    fc.tuple(fc.constantFrom(...POLLUTION_KEYS), wrongType).map(([k, v]): readonly [string, Json] => [k, v]),
    fc.tuple(fc.string({ maxLength: 12 }), stringValues.valid).map(([k, v]): readonly [string, Json] => [k, v]),
    members.length === 0
      ? fc.constant<readonly [string, Json]>(['Unknown', 1])
      : fc.constantFrom(...members).chain((m) => fc.oneof(m.valid, m.hostile).map((v): readonly [string, Json] => [m.name, v])),
  )

/**
 * A structurally valid request for `op` with wrong values: the right members with right values,
 * except for 0–3 of them, which get a wrong value (or, when required, go missing); optional
 * members present as often as their spec says; and, one time in four, extra pairs (pollution
 * keys, unknown or duplicated members).
 * @param refs - the world
 * @param op - the operation
 * @returns the body's syntax tree
 */
export const structuredRequest = (refs: WorldRefs, op: OperationName): fc.Arbitrary<Json> => {
  const scenarios = op === 'ImportKeyMaterial' ? Object.keys(refs.blobs).filter((k) => k.startsWith('token:')).map((k) => k.slice('token:'.length)) : ['']
  return fc.constantFrom(...scenarios).chain((scenario) => {
    const members = membersOf(refs, op, scenario)
    const indices = members.map((_, i) => i)
    const wrongCount = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 5, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.constant(2) }, { weight: 1, arbitrary: fc.constant(3) })
    const wrong = wrongCount.chain((k) => fc.shuffledSubarray(indices, { minLength: Math.min(k, indices.length), maxLength: Math.min(k, indices.length) }))
    const values = fc.tuple(...members.map((m) => fc.record({ valid: m.valid, hostile: m.hostile, roll: fc.integer({ min: 0, max: 9 }) })))
    const extras = fc.oneof({ weight: 3, arbitrary: fc.constant<readonly (readonly [string, Json])[]>([]) }, { weight: 1, arbitrary: fc.array(extraPair(members), { minLength: 1, maxLength: 3 }) })
    return fc.tuple(wrong, values, extras, fc.boolean()).map(([wrongIdx, drawn, extra, extraFirst]) => {
      const pairs: (readonly [string, Json])[] = []
      members.forEach((m, i) => {
        const d = drawn[i] as { valid: Json; hostile: Json; roll: number }
        const put = (v: Json): void => {
          if (m.name === '*' && v !== null && typeof v === 'object' && 'pairs' in v) pairs.push(...v.pairs)
          else pairs.push([m.name, v])
        }
        if (wrongIdx.includes(i)) {
          if (!(m.required && d.roll === 0)) put(d.hostile) // a required member goes missing one time in ten
        } else if (d.roll < m.presence) {
          put(d.valid)
        }
      })
      return obj(extraFirst ? [...extra, ...pairs] : [...pairs, ...extra])
    })
  })
}

/** Any JSON document, with pollution keys likely at every level. */
export const anyJson: fc.Arbitrary<Json> = fc.letrec<{ node: Json }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), hostileNumber),
    fc.array(tie('node'), { maxLength: 4 }).map((items): Json => ({ items })),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS, POLLUTION_MARK, 'KeyId', 'Origin', 'ImportToken'), fc.string({ maxLength: 8 })), tie('node')), { maxLength: 5 })
      .map((pairs): Json => ({ pairs })),
  ),
})).node

/** Bodies that are not JSON, or not UTF-8. */
const anyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom(
    Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), // BOM + {}
    Uint8Array.from([0xc0, 0xfb, 0xc0, 0xfd]), // overlong "{}"
    Uint8Array.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d]), // {"<surrogate as UTF-8>":1}
    Uint8Array.from([0x7b, 0x00, 0x7d]),
    Uint8Array.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), // UTF-16LE {}
  ),
  // valid JSON text with one byte overwritten
  fc.tuple(anyJson, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([j, at, b]) => {
    const bytes = new TextEncoder().encode(printJson(j))
    if (bytes.length > 0) bytes[at % bytes.length] = b
    return bytes
  }),
)

/** Targets: mostly served ones; sometimes near misses and prototype names. */
const junkTarget: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', 'TrentService.', 'TrentService', 'TrentService.__proto__', 'TrentService.constructor', 'TrentService.hasOwnProperty', 'TrentService.toString',
    'TrentService.valueOf', 'trentservice.CreateKey', 'TrentService.createKey', 'TrentService.CreateKey ', ' TrentService.CreateKey', 'TrentService.CreateKey\u0000',
    'TrentService..CreateKey', 'DynamoDB_20120810.ListTables', 'TrentService.RotateKeyOnDemand', 'TrentService.ListKeys', 'TrentService.CreateKey\u200b',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 30 }).map((s) => `TrentService.${s}`),
)

const servedTarget = fc.constantFrom(...FUZZ_OPERATIONS).map((op) => `TrentService.${op}`)
const anyTarget = fc.oneof({ weight: 6, arbitrary: servedTarget }, { weight: 1, arbitrary: junkTarget })

/**
 * How far the clock moves before a case: mostly not at all, sometimes by up to an hour, and
 * sometimes past the boundaries the world holds — a token's 24 hours, the 7-day deletion window of
 * `ext-pending-deletion`, the 30-day ValidTo of `ext-expiring` — or right onto one of them.
 */
export const clockStep: fc.Arbitrary<number> = fc.oneof(
  { weight: 12, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3_600_000 }) },
  { weight: 2, arbitrary: fc.constantFrom(DAY_MS - 1, DAY_MS, DAY_MS + 1, 7 * DAY_MS, 7 * DAY_MS + 1, 30 * DAY_MS - 1, 30 * DAY_MS, 31 * DAY_MS) },
)

/**
 * The case arbitrary for one profile's world.
 * @param refs - the world's refs
 * @returns fuzz cases: 1/8 bytes, 1/8 JSON, 3/4 structured, each after a clock step
 */
export const fuzzCaseFor = (refs: WorldRefs): fc.Arbitrary<FuzzCase> => fc.tuple(fuzzRequestFor(refs), clockStep).map(([c, advanceMs]) => (advanceMs === 0 ? c : { ...c, advanceMs }))

const fuzzRequestFor = (refs: WorldRefs): fc.Arbitrary<FuzzCase> => {
  const { profile } = refs
  const structured = fc.constantFrom(...FUZZ_OPERATIONS).chain((op) =>
    structuredRequest(refs, op).map((j): FuzzCase => ({ profile, kind: 'structured', target: `TrentService.${op}`, body: printJson(j) })))
  return fc.oneof(
    { weight: 1, arbitrary: fc.tuple(anyTarget, anyBytes).map(([target, body]): FuzzCase => ({ profile, kind: 'bytes', target, body })) },
    { weight: 1, arbitrary: fc.tuple(anyTarget, anyJson).map(([target, j]): FuzzCase => ({ profile, kind: 'json', target, body: printJson(j) })) },
    { weight: 6, arbitrary: structured },
  )
}

/**
 * The case arbitrary over every fuzzed profile.
 * @param refsOf - the refs of a profile's world
 * @returns fuzz cases for any profile
 */
export const fuzzCase = (refsOf: (profile: FuzzProfile) => WorldRefs): fc.Arbitrary<FuzzCase> =>
  fc.oneof(...FUZZ_PROFILES.map((p) => fuzzCaseFor(refsOf(p))))
