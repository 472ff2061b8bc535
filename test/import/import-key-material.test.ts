/**
 * ImportKeyMaterial under the classic profile (docs/evidence.md §4, §2.1, §5, §6), through `handle`, in
 * the order of the checks: validation, key resolution, origin, state, token, unwrapping, material,
 * same-material rule, success.
 */
import { describe, expect, it } from 'vitest'
import { fixtureRsaKeyPairs, wrapKeyMaterial } from 'kms-key-import/testing'
import { CLASSIC_ALGORITHMS, DAY_MS, HOUR_MS, NO_EXPIRY, T0, createAwsKmsKey, createExternalKey, decrypt, describeKey, encrypt, expectError, expectOk, expiresAt, getParameters, importBody, importMaterial, importWith, importedKey, materialOf, newKms, seconds, succeed, wrap } from '../support/kms.js'
import { EXPIRED_TOKEN, INVALID_TOKEN, MATERIAL_MISMATCH, UNWRAP_FAILED, pendingDeletion, wrongOrigin, wrongSize } from '../support/messages.js'

const notNull = (member: string): string => `Value null at '${member}' failed to satisfy constraint: Member must not be null`
const blobTooLong = (member: string, n: number): string =>
  `Value 'java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]' at '${member}' failed to satisfy constraint: Member must have length less than or equal to 6144`
const blobTooShort = (member: string): string =>
  `Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`
const VALID_TO_REQUIRED = 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES'
const VALID_TO_FORBIDDEN = 'A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE'
const VALID_TO_NOT_FUTURE = 'A validTo date must be in the future'
const VALID_TO_TOO_FAR = 'A validTo date must be no more than 365 days in the future'

/** An EXTERNAL key, fresh parameters for it, and 32 bytes wrapped under them. */
const setup = async (algorithm: (typeof CLASSIC_ALGORITHMS)[number] = 'RSAES_OAEP_SHA_256') => {
  const kms = newKms()
  const key = await createExternalKey(kms)
  const params = await getParameters(kms, key.keyId, algorithm)
  const material = materialOf('import')
  return { kms, key, params, material, encrypted: wrap(params, material) }
}

describe('ImportKeyMaterial §4.1: request validation', () => {
  it('refuses an empty request, listing the three missing required members', async () => {
    const { kms } = await setup()
    expectError(await kms.call('ImportKeyMaterial', {}), 'ValidationException',
      `3 validation errors detected: ${notNull('keyId')}; ${notNull('importToken')}; ${notNull('encryptedKeyMaterial')}`)
  })

  it.each(['KeyId', 'ImportToken', 'EncryptedKeyMaterial'])('refuses a request without %s', async (member) => {
    const { kms, key, params, encrypted } = await setup()
    const body: Record<string, unknown> = { ...importBody(key.keyId, params.importToken, encrypted) }
    delete body[member]
    const camel = member[0]!.toLowerCase() + member.slice(1)
    expectError(await kms.call('ImportKeyMaterial', body), 'ValidationException', `1 validation error detected: ${notNull(camel)}`)
  })

  it('refuses an ImportToken of 0 bytes: "Member must have length greater than or equal to 1"', async () => {
    const { kms, key, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, new Uint8Array(0), encrypted)), 'ValidationException',
      `1 validation error detected: ${blobTooShort('importToken')}`)
  })

  it('refuses an EncryptedKeyMaterial of 0 bytes', async () => {
    const { kms, key, params } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, new Uint8Array(0))), 'ValidationException',
      `1 validation error detected: ${blobTooShort('encryptedKeyMaterial')}`)
  })

  it('refuses an ImportToken of 6145 bytes, showing it as java.nio.HeapByteBuffer[pos=0 lim=6145 cap=6145]', async () => {
    const { kms, key, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, new Uint8Array(6145), encrypted)), 'ValidationException',
      `1 validation error detected: ${blobTooLong('importToken', 6145)}`)
  })

  it('refuses an EncryptedKeyMaterial of 6145 bytes', async () => {
    const { kms, key, params } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, new Uint8Array(6145))), 'ValidationException',
      `1 validation error detected: ${blobTooLong('encryptedKeyMaterial', 6145)}`)
  })

  it('lets blobs of exactly 6144 bytes through validation (then the token is refused)', async () => {
    const { kms, key } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, new Uint8Array(6144).fill(7), new Uint8Array(6144).fill(9))),
      'InvalidImportTokenException', INVALID_TOKEN)
  })

  it('reports both oversized blobs at once', async () => {
    const { kms, key } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, new Uint8Array(6145), new Uint8Array(6200))), 'ValidationException',
      `2 validation errors detected: ${blobTooLong('importToken', 6145)}; ${blobTooLong('encryptedKeyMaterial', 6200)}`)
  })

  it.each(['KEY_MATERIAL_NEVER_EXPIRES', 'key_material_expires', ''])('refuses the ExpirationModel %j: not in the enum', async (model) => {
    const { kms, key, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted, { ExpirationModel: model })), 'ValidationException',
      `1 validation error detected: Value '${model}' at 'expirationModel' failed to satisfy constraint: Member must satisfy enum value set: [KEY_MATERIAL_EXPIRES, KEY_MATERIAL_DOES_NOT_EXPIRE]`)
  })

  it('requires ValidTo when ExpirationModel is omitted (the default is KEY_MATERIAL_EXPIRES)', async () => {
    const { kms, key, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted, {})), 'ValidationException', VALID_TO_REQUIRED)
  })

  it('requires ValidTo when ExpirationModel is KEY_MATERIAL_EXPIRES', async () => {
    const { kms, key, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted, { ExpirationModel: 'KEY_MATERIAL_EXPIRES' })),
      'ValidationException', VALID_TO_REQUIRED)
  })

  it('refuses ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE', async () => {
    const { kms, key, params, encrypted } = await setup()
    const body = importBody(key.keyId, params.importToken, encrypted, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: seconds(T0 + DAY_MS) })
    expectError(await kms.call('ImportKeyMaterial', body), 'ValidationException', VALID_TO_FORBIDDEN)
  })

  it.each([
    ['now', 0],
    ['one millisecond ago', -1],
    ['a day ago', -DAY_MS],
  ])('refuses a ValidTo of %s: it must be in the future', async (_label, offset) => {
    const { kms, key, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted, expiresAt(T0 + offset))),
      'ValidationException', VALID_TO_NOT_FUTURE)
  })

  it('refuses a past ValidTo the same way when ExpirationModel is omitted', async () => {
    const { kms, key, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted, { ValidTo: seconds(T0 - 1000) })),
      'ValidationException', VALID_TO_NOT_FUTURE)
  })

  it.each([
    ['365 days and 1 ms', 365 * DAY_MS + 1],
    ['366 days', 366 * DAY_MS],
  ])('refuses a ValidTo %s ahead: at most 365 days in the future', async (_label, offset) => {
    const { kms, key, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted, expiresAt(T0 + offset))),
      'ValidationException', VALID_TO_TOO_FAR)
  })

  it('validates before it resolves the key: an unknown key with no ValidTo is a ValidationException', async () => {
    const { kms, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody('0f0e0d0c-0b0a-4908-8706-050403020100', params.importToken, encrypted, {})),
      'ValidationException', VALID_TO_REQUIRED)
  })
})

describe('ImportKeyMaterial §4.3: key resolution', () => {
  it('answers NotFoundException "Key \'<arn>\' does not exist" for an unknown key id', async () => {
    const { kms, params, encrypted } = await setup()
    const id = '0f0e0d0c-0b0a-4908-8706-050403020100'
    expectError(await kms.call('ImportKeyMaterial', importBody(id, params.importToken, encrypted)),
      'NotFoundException', `Key 'arn:aws:kms:us-east-1:111122223333:key/${id}' does not exist`)
  })

  it('answers NotFoundException "Invalid keyId \'…\'" for a malformed key id', async () => {
    const { kms, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody('not-a-key', params.importToken, encrypted)), 'NotFoundException', "Invalid keyId 'not-a-key'")
  })

  it('answers NotFoundException "Invalid arn <region>" for the ARN of another region', async () => {
    const { kms, key, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.arn.replace('us-east-1', 'eu-west-1'), params.importToken, encrypted)),
      'NotFoundException', 'Invalid arn eu-west-1')
  })

  it('accepts the key ARN as KeyId', async () => {
    const { kms, key, params, encrypted } = await setup()
    expect(expectOk(await kms.call('ImportKeyMaterial', importBody(key.arn, params.importToken, encrypted)))).toEqual({ KeyId: key.arn })
  })
})

describe('ImportKeyMaterial §2.1: origin, then state', () => {
  it('refuses an AWS_KMS key with UnsupportedOperationException "<arn> origin is AWS_KMS which is not valid for this operation."', async () => {
    const { kms, params, encrypted } = await setup()
    const aws = await createAwsKmsKey(kms)
    expectError(await kms.call('ImportKeyMaterial', importBody(aws.keyId, params.importToken, encrypted)), 'UnsupportedOperationException', wrongOrigin(aws.arn))
  })

  it('refuses an AWS_KMS key for its origin in every state, before the state (Disabled, PendingDeletion)', async () => {
    const { kms, params, encrypted } = await setup()
    const aws = await createAwsKmsKey(kms)
    await succeed(kms, 'DisableKey', aws.keyId)
    expectError(await kms.call('ImportKeyMaterial', importBody(aws.keyId, params.importToken, encrypted)), 'UnsupportedOperationException', wrongOrigin(aws.arn))
    await succeed(kms, 'ScheduleKeyDeletion', aws.keyId, { PendingWindowInDays: 7 })
    expectError(await kms.call('ImportKeyMaterial', importBody(aws.keyId, params.importToken, encrypted)), 'UnsupportedOperationException', wrongOrigin(aws.arn))
  })

  it('refuses a PendingDeletion EXTERNAL key with KMSInvalidStateException "<arn> is pending deletion." (CHOSEN, 2023 table)', async () => {
    const { kms, key, params, encrypted } = await setup()
    await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)), 'KMSInvalidStateException', pendingDeletion(key.arn))
  })

  it('checks the state before the token: a PendingDeletion key with a forged token is still "pending deletion"', async () => {
    const { kms, key, encrypted } = await setup()
    await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, new Uint8Array(300).fill(1), encrypted)), 'KMSInvalidStateException', pendingDeletion(key.arn))
  })

  it('refuses a PendingDeletion key that already holds material, and leaves it PendingDeletion', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const params = await getParameters(kms, key.keyId)
    await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
    expectError(await importWith(kms, key.keyId, params, materialOf('default')), 'KMSInvalidStateException', pendingDeletion(key.arn))
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingDeletion')
  })
})

describe('ImportKeyMaterial §4.4: the import token', () => {
  it('refuses a forged token (random bytes) with InvalidImportTokenException', async () => {
    const { kms, key, encrypted } = await setup()
    const forged = materialOf('forged', 1600)
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, forged, encrypted)), 'InvalidImportTokenException', INVALID_TOKEN)
  })

  it('refuses a tampered token (one byte changed in the middle)', async () => {
    const { kms, key, params, encrypted } = await setup()
    const tampered = Uint8Array.from(params.importToken)
    const mid = Math.floor(tampered.length / 2)
    tampered[mid] = (tampered[mid] ?? 0) ^ 0xff
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, tampered, encrypted)), 'InvalidImportTokenException', INVALID_TOKEN)
  })

  it.each([
    ['the last byte dropped', (t: Uint8Array) => t.subarray(0, t.length - 1)],
    ['only its first 16 bytes', (t: Uint8Array) => t.subarray(0, 16)],
    ['only its first byte', (t: Uint8Array) => t.subarray(0, 1)],
    ['a byte appended', (t: Uint8Array) => Uint8Array.from([...t, 0])],
  ])('refuses a truncated or extended token (%s)', async (_label, cut) => {
    const { kms, key, params, encrypted } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, cut(params.importToken), encrypted)), 'InvalidImportTokenException', INVALID_TOKEN)
  })

  it('refuses the token of another key, even with material wrapped under that token\'s own public key', async () => {
    const { kms, key } = await setup()
    const other = await createExternalKey(kms)
    const otherParams = await getParameters(kms, other.keyId)
    expectError(await importWith(kms, key.keyId, otherParams, materialOf('import')), 'InvalidImportTokenException', INVALID_TOKEN)
    // …and the token still works for the key it was issued for.
    expect(expectOk(await importWith(kms, other.keyId, otherParams, materialOf('import')))).toEqual({ KeyId: other.arn })
  })

  it('refuses a token sealed by another emulator (another sealing key) for a key of the same ARN', async () => {
    const here = newKms({ sealingKey: new Uint8Array(32).fill(0x11) })
    const elsewhere = newKms({ sealingKey: new Uint8Array(32).fill(0x22) })
    const key = await createExternalKey(here)
    const twin = await createExternalKey(elsewhere)
    expect(twin.arn).toBe(key.arn) // same seed, same ARN: only the sealing key differs
    const foreign = await getParameters(elsewhere, twin.keyId)
    expectError(await importWith(here, key.keyId, foreign, materialOf('import')), 'InvalidImportTokenException', INVALID_TOKEN)
  })

  it('answers ParametersValidTo = now + 24 h, and accepts the token 1 ms before it', async () => {
    const { kms, key, params, material } = await setup()
    expect(params.parametersValidTo).toBe(T0 + 24 * HOUR_MS)
    kms.clock.set(params.parametersValidTo - 1)
    expect(expectOk(await importWith(kms, key.keyId, params, material))).toEqual({ KeyId: key.arn })
  })

  it.each([
    ['at ParametersValidTo', 0],
    ['1 ms after ParametersValidTo', 1],
    ['a week after ParametersValidTo', 7 * DAY_MS],
  ])('refuses the token %s with ExpiredImportTokenException "Import token has expired."', async (_label, offset) => {
    const { kms, key, params, encrypted } = await setup()
    kms.clock.set(params.parametersValidTo + offset)
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)), 'ExpiredImportTokenException', EXPIRED_TOKEN)
  })

  it('checks the token before the material: an expired token with garbage material is ExpiredImportTokenException', async () => {
    const { kms, key, params } = await setup()
    kms.clock.set(params.parametersValidTo)
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, new Uint8Array(256).fill(3))), 'ExpiredImportTokenException', EXPIRED_TOKEN)
  })

  it('keeps an earlier unexpired token valid after new parameters were issued (CHOSEN)', async () => {
    const { kms, key, params, material } = await setup()
    await getParameters(kms, key.keyId)
    await getParameters(kms, key.keyId, 'RSAES_OAEP_SHA_1')
    expect(expectOk(await importWith(kms, key.keyId, params, material))).toEqual({ KeyId: key.arn })
  })
})

describe('ImportKeyMaterial §4.5: unwrapping', () => {
  it('refuses material that is not a wrapped value (random bytes) with InvalidCiphertextException', async () => {
    const { kms, key, params } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, materialOf('junk', 256))), 'InvalidCiphertextException', UNWRAP_FAILED)
  })

  it('refuses material wrapped under another public key than the token\'s', async () => {
    const { kms, key, params, material } = await setup()
    const other = fixtureRsaKeyPairs('RSA_2048').find((p) => Buffer.compare(Buffer.from(p.publicKey), Buffer.from(params.publicKey)) !== 0)
    if (other === undefined) throw new Error('need two fixture RSA_2048 pairs')
    const encrypted = wrapKeyMaterial(other.publicKey, 'RSAES_OAEP_SHA_256', material)
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)), 'InvalidCiphertextException', UNWRAP_FAILED)
  })

  it.each([
    ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
    ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    ['RSAES_OAEP_SHA_256', 'RSAES_PKCS1_V1_5'],
    ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_256'],
  ] as const)('refuses material wrapped with another algorithm than the token\'s (token %s, wrapped %s)', async (tokenAlgorithm, wrappedWith) => {
    const { kms, key, params, material } = await setup(tokenAlgorithm)
    const encrypted = wrapKeyMaterial(params.publicKey, wrappedWith, material)
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)), 'InvalidCiphertextException', UNWRAP_FAILED)
  })

  it.each([1, 255, 257, 512])('refuses wrapped material of %i bytes (the modulus is 256) with InvalidCiphertextException, never a 500', async (n) => {
    const { kms, key, params } = await setup()
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, materialOf('len', n))), 'InvalidCiphertextException', UNWRAP_FAILED)
  })

  it('refuses a wrapped value of 256 bytes equal to or above the modulus (all 0xff), never a 500', async () => {
    const { kms, key, params } = await setup('RSAES_PKCS1_V1_5')
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, new Uint8Array(256).fill(0xff))), 'InvalidCiphertextException', UNWRAP_FAILED)
  })
})

describe('ImportKeyMaterial §4.6: the material against the key spec (§6)', () => {
  it.each([16, 33, 31, 0])('refuses %i bytes of SYMMETRIC_DEFAULT material with IncorrectKeyMaterialException', async (n) => {
    const { kms, key, params } = await setup()
    expectError(await importWith(kms, key.keyId, params, materialOf('size', n)), 'IncorrectKeyMaterialException', wrongSize(n))
  })
})

describe('ImportKeyMaterial §4.7: the same-material rule', () => {
  it('refuses different material after a first import with IncorrectKeyMaterialException', async () => {
    const kms = newKms()
    const key = await importedKey(kms, materialOf('first'))
    const params = await getParameters(kms, key.keyId)
    expectError(await importWith(kms, key.keyId, params, materialOf('second')), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
  })

  it('accepts the same material again', async () => {
    const kms = newKms()
    const key = await importedKey(kms, materialOf('first'))
    const params = await getParameters(kms, key.keyId, 'RSAES_OAEP_SHA_1')
    expect(expectOk(await importWith(kms, key.keyId, params, materialOf('first')))).toEqual({ KeyId: key.arn })
  })

  it('binds material to the key, not globally: two keys may each take their own material and the same material', async () => {
    const kms = newKms()
    const a = await importedKey(kms, materialOf('a'))
    const b = await importedKey(kms, materialOf('b'))
    const c = await importedKey(kms, materialOf('a'))
    for (const k of [a, b, c]) expect((await describeKey(kms, k.keyId)).KeyState).toBe('Enabled')
  })
})

describe('ImportKeyMaterial §4.8: success', () => {
  it('answers exactly {"KeyId": <arn>} and the key becomes Enabled', async () => {
    const { kms, key, params, encrypted } = await setup()
    const reply = await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted))
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.raw.body)).toEqual({ KeyId: key.arn })
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ KeyState: 'Enabled', Enabled: true, Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(meta).not.toHaveProperty('ValidTo')
  })

  it('shows ExpirationModel KEY_MATERIAL_EXPIRES and the ValidTo of the request in DescribeKey', async () => {
    const { kms, key, params, material } = await setup()
    const validTo = T0 + 30 * DAY_MS + 123
    expectOk(await importWith(kms, key.keyId, params, material, expiresAt(validTo)))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(validTo) })
  })

  it('accepts ValidTo without ExpirationModel (KEY_MATERIAL_EXPIRES by default)', async () => {
    const { kms, key, params, material } = await setup()
    expectOk(await importWith(kms, key.keyId, params, material, { ValidTo: seconds(T0 + DAY_MS) }))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(T0 + DAY_MS) })
  })

  it('accepts ValidTo exactly 365 days ahead, and 1 ms ahead', async () => {
    const { kms, key, params, material } = await setup()
    expectOk(await importWith(kms, key.keyId, params, material, expiresAt(T0 + 365 * DAY_MS)))
    expect((await describeKey(kms, key.keyId)).ValidTo).toBe(seconds(T0 + 365 * DAY_MS))
    expectOk(await importWith(kms, key.keyId, params, material, expiresAt(T0 + 1)))
    expect((await describeKey(kms, key.keyId)).ValidTo).toBe(seconds(T0 + 1))
  })

  it('makes the material usable: Encrypt then Decrypt round-trips', async () => {
    const { kms, key, params, encrypted } = await setup()
    expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)))
    expect(await decrypt(kms, await encrypt(kms, key.keyId, 'hello'))).toBe('hello')
  })

  it('keeps an Enabled key Enabled on reimport', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    await importMaterial(kms, key.keyId, materialOf('default'))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true })
  })

  it('leaves a Disabled key Disabled on reimport (CHOSEN), with the new expiry', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    await succeed(kms, 'DisableKey', key.keyId)
    await importMaterial(kms, key.keyId, materialOf('default'), expiresAt(T0 + DAY_MS))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(T0 + DAY_MS) })
  })

  it('lets a reimport change ExpirationModel and ValidTo', async () => {
    const kms = newKms()
    const material = materialOf('default')
    const key = await importedKey(kms, material, expiresAt(T0 + DAY_MS))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(T0 + DAY_MS) })
    await importMaterial(kms, key.keyId, material, NO_EXPIRY)
    const never = await describeKey(kms, key.keyId)
    expect(never).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(never).not.toHaveProperty('ValidTo')
    await importMaterial(kms, key.keyId, material, expiresAt(T0 + 90 * DAY_MS))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(T0 + 90 * DAY_MS) })
    // the new ValidTo is the one that counts: the first one (1 day) no longer expires the material
    kms.clock.set(T0 + 2 * DAY_MS)
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('Enabled')
  })

  it('leaves the key exactly as it was after a failed import, and the same token works afterwards', async () => {
    const { kms, key, params, material, encrypted } = await setup()
    const before = await describeKey(kms, key.keyId)
    const failures = [
      { body: importBody(key.keyId, params.importToken, encrypted, {}), type: 'ValidationException', message: VALID_TO_REQUIRED },
      { body: importBody(key.keyId, params.importToken, materialOf('junk', 256)), type: 'InvalidCiphertextException', message: UNWRAP_FAILED },
      { body: importBody(key.keyId, params.importToken, wrap(params, materialOf('short', 16))), type: 'IncorrectKeyMaterialException', message: wrongSize(16) },
      { body: importBody(key.keyId, params.importToken, wrapKeyMaterial(params.publicKey, 'RSAES_OAEP_SHA_1', material)), type: 'InvalidCiphertextException', message: UNWRAP_FAILED },
    ]
    for (const { body, type, message } of failures) {
      expectError(await kms.call('ImportKeyMaterial', body), type, message)
      expect(await describeKey(kms, key.keyId)).toEqual(before)
    }
    expect(expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)))).toEqual({ KeyId: key.arn })
  })

  it('leaves an Enabled key exactly as it was after a refused different material', async () => {
    const kms = newKms()
    const key = await importedKey(kms, materialOf('first'), expiresAt(T0 + DAY_MS))
    const before = await describeKey(kms, key.keyId)
    const params = await getParameters(kms, key.keyId)
    expectError(await importWith(kms, key.keyId, params, materialOf('second'), NO_EXPIRY), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    expect(await describeKey(kms, key.keyId)).toEqual(before)
  })

  it('lets a token be used more than once within its validity', async () => {
    const { kms, key, params, material } = await setup()
    expectOk(await importWith(kms, key.keyId, params, material))
    kms.clock.advance(12 * HOUR_MS)
    expectOk(await importWith(kms, key.keyId, params, material, expiresAt(T0 + 20 * DAY_MS)))
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    expectOk(await importWith(kms, key.keyId, params, material))
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('Enabled')
  })

  it.each(CLASSIC_ALGORITHMS)('imports material wrapped with %s', async (algorithm) => {
    const { kms, key, params, encrypted } = await setup(algorithm)
    expect(expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)))).toEqual({ KeyId: key.arn })
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('Enabled')
    expect(await decrypt(kms, await encrypt(kms, key.keyId, algorithm))).toBe(algorithm)
  })

  it('imports the same material under each algorithm into one key', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const material = materialOf('one')
    await importMaterial(kms, key.keyId, material, NO_EXPIRY, 'RSAES_PKCS1_V1_5')
    const ct = await encrypt(kms, key.keyId, 'across algorithms')
    await importMaterial(kms, key.keyId, material, NO_EXPIRY, 'RSAES_OAEP_SHA_1')
    await importMaterial(kms, key.keyId, material, NO_EXPIRY, 'RSAES_OAEP_SHA_256')
    expect(await decrypt(kms, ct)).toBe('across algorithms')
  })
})
