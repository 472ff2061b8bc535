/**
 * CreateKey under the classic profile (docs/evidence.md §1, §2; the seed's "symmetric only"): origins,
 * key spec × key usage, which specs may be EXTERNAL, the China partition.
 */
import { describe, expect, it } from 'vitest'
import { classicProfile } from 'kms-key-import'
import {
  ACCOUNT, T0, arnOf, createKey, describeKey, expectError, expectOk, newKms, objectAt, stringAt,
} from '../support/kms.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A usage each non-symmetric classic spec accepts. */
const USAGE = {
  RSA_2048: 'ENCRYPT_DECRYPT', RSA_3072: 'SIGN_VERIFY', RSA_4096: 'ENCRYPT_DECRYPT',
  ECC_NIST_P256: 'SIGN_VERIFY', ECC_NIST_P384: 'SIGN_VERIFY', ECC_NIST_P521: 'SIGN_VERIFY', ECC_SECG_P256K1: 'SIGN_VERIFY',
  HMAC_224: 'GENERATE_VERIFY_MAC', HMAC_256: 'GENERATE_VERIFY_MAC', HMAC_384: 'GENERATE_VERIFY_MAC', HMAC_512: 'GENERATE_VERIFY_MAC',
} as const
const NON_SYMMETRIC = Object.keys(USAGE) as (keyof typeof USAGE)[]

describe('CreateKey: origins (§2)', () => {
  it('creates an EXTERNAL key with no material: PendingImport, Enabled false, no ExpirationModel / ValidTo / CurrentKeyMaterialId', async () => {
    const kms = newKms()
    const meta = objectAt(expectOk(await kms.call('CreateKey', { Origin: 'EXTERNAL', Description: 'imported' })), 'KeyMetadata')
    expect(meta).toMatchObject({
      AWSAccountId: ACCOUNT, Origin: 'EXTERNAL', KeyState: 'PendingImport', Enabled: false, KeySpec: 'SYMMETRIC_DEFAULT',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', KeyManager: 'CUSTOMER', Description: 'imported', MultiRegion: false,
      CreationDate: T0 / 1000,
    })
    expect(meta).not.toHaveProperty('ExpirationModel')
    expect(meta).not.toHaveProperty('ValidTo')
    expect(meta).not.toHaveProperty('CurrentKeyMaterialId')
    expect(meta).not.toHaveProperty('DeletionDate')
  })

  it('creates an AWS_KMS key by default: Enabled, Enabled true', async () => {
    const kms = newKms()
    const meta = objectAt(expectOk(await kms.call('CreateKey', {})), 'KeyMetadata')
    expect(meta).toMatchObject({ Origin: 'AWS_KMS', KeyState: 'Enabled', Enabled: true, KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Description: '' })
    expect(meta).not.toHaveProperty('ExpirationModel')
  })

  it('gives each key a fresh version-4 UUID and the ARN arn:aws:kms:<region>:<account>:key/<id>', async () => {
    const kms = newKms()
    const a = await createKey(kms, { Origin: 'EXTERNAL' })
    const b = await createKey(kms, { Origin: 'EXTERNAL' })
    for (const k of [a, b]) {
      expect(k.keyId).toMatch(UUID)
      expect(k.arn).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${k.keyId}`)
    }
    expect(a.keyId).not.toBe(b.keyId)
  })

  it('answers the same metadata from CreateKey and from a DescribeKey right after', async () => {
    const kms = newKms()
    const created = objectAt(expectOk(await kms.call('CreateKey', { Origin: 'EXTERNAL' })), 'KeyMetadata')
    expect(await describeKey(kms, String(created.KeyId))).toEqual(created)
  })

  it.each(['AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'])('refuses the custom-key-store origin %s with UnsupportedOperationException', async (origin) => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { Origin: origin }), 'UnsupportedOperationException',
      `Origin ${origin} is not supported by this emulator: custom key stores are out of scope.`)
  })

  it('refuses an origin outside the enum with ValidationException', async () => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { Origin: 'IMPORTED' }), 'ValidationException',
      "1 validation error detected: Value 'IMPORTED' at 'origin' failed to satisfy constraint: Member must satisfy enum value set: [AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE]")
  })
})

describe('CreateKey: only symmetric keys may be EXTERNAL under the classic profile (§1; seed "symmetric encryption KMS key")', () => {
  it.each(NON_SYMMETRIC)('refuses Origin EXTERNAL with KeySpec %s: ValidationException "KeySpec <spec> is not supported for Origin EXTERNAL"', async (keySpec) => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { Origin: 'EXTERNAL', KeySpec: keySpec, KeyUsage: USAGE[keySpec] }), 'ValidationException',
      `KeySpec ${keySpec} is not supported for Origin EXTERNAL`)
  })

  it.each(NON_SYMMETRIC)('creates an AWS_KMS key of spec %s (asymmetric and HMAC keys exist, with origin AWS_KMS)', async (keySpec) => {
    const kms = newKms()
    const meta = objectAt(expectOk(await kms.call('CreateKey', { KeySpec: keySpec, KeyUsage: USAGE[keySpec] })), 'KeyMetadata')
    expect(meta).toMatchObject({ KeySpec: keySpec, KeyUsage: USAGE[keySpec], Origin: 'AWS_KMS', KeyState: 'Enabled' })
  })

  it('refuses Origin EXTERNAL for SM2 in the China partition too', async () => {
    const kms = newKms({ region: 'cn-north-1' })
    expectError(await kms.call('CreateKey', { Origin: 'EXTERNAL', KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }), 'ValidationException',
      'KeySpec SM2 is not supported for Origin EXTERNAL')
  })

  it('lets exactly SYMMETRIC_DEFAULT hold imported material in the profile data', () => {
    const importable = Object.entries(classicProfile.keySpecs).filter(([, rule]) => rule?.importable === true).map(([spec]) => spec)
    expect(importable).toEqual(['SYMMETRIC_DEFAULT'])
  })
})

describe('CreateKey: key spec × key usage', () => {
  it.each(NON_SYMMETRIC)('requires a KeyUsage for KeySpec %s', async (keySpec) => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { KeySpec: keySpec }), 'ValidationException',
      'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.')
  })

  it('requires a KeyUsage before it looks at the origin (EXTERNAL HMAC without KeyUsage)', async () => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { Origin: 'EXTERNAL', KeySpec: 'HMAC_256' }), 'ValidationException',
      'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.')
  })

  it('reads the deprecated CustomerMasterKeySpec like KeySpec', async () => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { CustomerMasterKeySpec: 'RSA_2048' }), 'ValidationException',
      'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.')
  })

  it.each([
    ['ENCRYPT_DECRYPT', 'ECC_NIST_P256'],
    ['GENERATE_VERIFY_MAC', 'RSA_2048'],
    ['SIGN_VERIFY', 'SYMMETRIC_DEFAULT'],
    ['GENERATE_VERIFY_MAC', 'SYMMETRIC_DEFAULT'],
    ['ENCRYPT_DECRYPT', 'HMAC_384'],
  ])('refuses KeyUsage %s with KeySpec %s: "KeyUsage <usage> is not compatible with KeySpec <spec>"', async (keyUsage, keySpec) => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { KeySpec: keySpec, KeyUsage: keyUsage }), 'ValidationException',
      `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`)
  })

  it('refuses a key spec outside the classic enum (ML_DSA_44) with ValidationException listing the enum', async () => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' }), 'ValidationException',
      "1 validation error detected: Value 'ML_DSA_44' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: " +
        '[RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SYMMETRIC_DEFAULT, HMAC_224, HMAC_256, HMAC_384, HMAC_512, SM2]')
  })

  it('refuses KEY_AGREEMENT, which the classic profile does not know', async () => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' }), 'ValidationException',
      "1 validation error detected: Value 'KEY_AGREEMENT' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC]")
  })
})

describe('CreateKey: SM2 exists only in the China partition', () => {
  it('refuses SM2 outside China with ValidationException "KeySpec SM2 is not supported in this region."', async () => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }), 'ValidationException', 'KeySpec SM2 is not supported in this region.')
  })

  it.each(['cn-north-1', 'cn-northwest-1'])('creates an SM2 key in %s, with an aws-cn ARN', async (region) => {
    const kms = newKms({ region })
    const meta = objectAt(expectOk(await kms.call('CreateKey', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })), 'KeyMetadata')
    expect(meta).toMatchObject({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY', Origin: 'AWS_KMS', KeyState: 'Enabled', SigningAlgorithms: ['SM2DSA'] })
    expect(meta.Arn).toBe(`arn:aws-cn:kms:${region}:${ACCOUNT}:key/${String(meta.KeyId)}`)
  })

  it('creates an SM2 encryption key in cn-north-1', async () => {
    const kms = newKms({ region: 'cn-north-1' })
    const meta = objectAt(expectOk(await kms.call('CreateKey', { KeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT' })), 'KeyMetadata')
    expect(meta.EncryptionAlgorithms).toEqual(['SM2PKE'])
  })
})

describe('CreateKey: request members', () => {
  it('refuses a Description of the wrong JSON type with SerializationException', async () => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { Description: 5 }), 'SerializationException', 'NUMBER_VALUE can not be converted to a String')
  })

  it('refuses a MultiRegion that is not a boolean with SerializationException', async () => {
    const kms = newKms()
    expectError(await kms.call('CreateKey', { MultiRegion: 'yes' }), 'SerializationException', 'STRING_VALUE can not be converted to a Boolean')
  })

  it('MultiRegion true creates a multi-Region primary key: an mrk- id, MultiRegion true, itself the primary, no replicas (docs/evidence.md §11)', async () => {
    const kms = newKms()
    const meta = objectAt(expectOk(await kms.call('CreateKey', { MultiRegion: true, Origin: 'EXTERNAL' })), 'KeyMetadata')
    const keyId = stringAt(meta, 'KeyId')
    expect(keyId).toMatch(/^mrk-[0-9a-f]{32}$/)
    expect(meta.Arn).toBe(arnOf(keyId))
    expect(meta.MultiRegion).toBe(true)
    expect(meta.KeyState).toBe('PendingImport')
    expect(meta.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: arnOf(keyId), Region: 'us-east-1' }, ReplicaKeys: [] })
  })

  it('MultiRegion false (or absent) creates a single-Region key: a UUID id, no MultiRegionConfiguration', async () => {
    const kms = newKms()
    const meta = objectAt(expectOk(await kms.call('CreateKey', { MultiRegion: false })), 'KeyMetadata')
    expect(stringAt(meta, 'KeyId')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(meta.MultiRegion).toBe(false)
    expect(meta).not.toHaveProperty('MultiRegionConfiguration')
  })

  it('refuses a Description over 8192 characters', async () => {
    const kms = newKms()
    const long = 'd'.repeat(8193)
    expectError(await kms.call('CreateKey', { Description: long }), 'ValidationException',
      `1 validation error detected: Value '${long}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192`)
  })

  it('does not change the store when it refuses', async () => {
    const kms = newKms()
    const store = kms.emulator.store()
    expectError(await kms.call('CreateKey', { Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }), 'ValidationException',
      'KeySpec HMAC_256 is not supported for Origin EXTERNAL')
    expect(kms.emulator.store()).toBe(store)
  })
})
