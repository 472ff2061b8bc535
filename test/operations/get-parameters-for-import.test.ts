/**
 * GetParametersForImport under the classic profile (docs/evidence.md §2.1, §3, §7 and the seed document),
 * through the emulator's `handle`, and through the pure function where a key record must be
 * built by hand.
 */
import { createPublicKey } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { dispatch, getParametersForImport } from 'kms-key-import'
import { KeyState } from '../../src/model/enums.js'
import type { KeyStore } from '../../src/model/key-store.js'
import {
  ACCOUNT, CLASSIC_ALGORITHMS, DAY_MS, OTHER_ACCOUNT, T0, UNKNOWN_KEY_ID, arnOf, createAwsKmsKey, createExternalKey, importedKey, createKey, describeKey,
  expectError, expectOk, newKms, paramsRequest, stringAt, succeed,
} from '../support/kms.js'
import { classicEnv, handBuiltKey, presentMaterial, pureParams, storeOf } from '../support/pure-env.js'

const ALGORITHM_SET = '[RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]'
const notNull = (member: string): string => `Value null at '${member}' failed to satisfy constraint: Member must not be null`

/** Decodes a request as the protocol layer does, runs the pure operation, and returns its Left (failing the test on a Right). */
const refusal = (store: KeyStore, input: unknown, now = T0): { readonly _tag: string; readonly message: string } => {
  const result = dispatch(classicEnv({ now }), store, 'GetParametersForImport', input)
  if (E.isRight(result)) throw new Error('expected a refusal, got parameters')
  return { _tag: result.left._tag, message: result.left.message }
}

describe('GetParametersForImport: request validation (§3.1, §7)', () => {
  it('refuses a request without KeyId with ValidationException "Value null at \'keyId\' …"', async () => {
    const kms = newKms()
    const reply = await kms.call('GetParametersForImport', { WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
    expectError(reply, 'ValidationException', `1 validation error detected: ${notNull('keyId')}`)
  })

  it('refuses a request without WrappingAlgorithm, and one without WrappingKeySpec', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    expectError(await kms.call('GetParametersForImport', { KeyId: keyId, WrappingKeySpec: 'RSA_2048' }),
      'ValidationException', `1 validation error detected: ${notNull('wrappingAlgorithm')}`)
    expectError(await kms.call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1' }),
      'ValidationException', `1 validation error detected: ${notNull('wrappingKeySpec')}`)
  })

  it('treats a JSON null member as missing', async () => {
    const kms = newKms()
    const reply = await kms.call('GetParametersForImport', { KeyId: null, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
    expectError(reply, 'ValidationException', `1 validation error detected: ${notNull('keyId')}`)
  })

  it('lists every missing member of an empty request as "3 validation errors detected: a; b; c"', async () => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', {}), 'ValidationException',
      `3 validation errors detected: ${notNull('keyId')}; ${notNull('wrappingAlgorithm')}; ${notNull('wrappingKeySpec')}`)
  })

  it('answers an empty body as an empty request', async () => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', ''), 'ValidationException',
      `3 validation errors detected: ${notNull('keyId')}; ${notNull('wrappingAlgorithm')}; ${notNull('wrappingKeySpec')}`)
  })

  it.each(['RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE', 'rsaes_oaep_sha_256', ''])(
    'refuses the wrapping algorithm %j: the classic enum is [RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]',
    async (algorithm) => {
      const kms = newKms()
      const { keyId } = await createExternalKey(kms)
      expectError(await kms.call('GetParametersForImport', paramsRequest(keyId, algorithm)), 'ValidationException',
        `1 validation error detected: Value '${algorithm}' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: ${ALGORITHM_SET}`)
    },
  )

  it.each(['RSA_3072', 'RSA_4096', 'SM2', 'rsa_2048'])('refuses the wrapping key spec %s: the classic enum is [RSA_2048]', async (spec) => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    expectError(await kms.call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: spec }), 'ValidationException',
      `1 validation error detected: Value '${spec}' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048]`)
  })

  it('refuses an empty KeyId: "Member must have length greater than or equal to 1"', async () => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', paramsRequest('')), 'ValidationException',
      "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1")
  })

  it('refuses a KeyId of 2049 characters: "Member must have length less than or equal to 2048"', async () => {
    const kms = newKms()
    const long = 'k'.repeat(2049)
    expectError(await kms.call('GetParametersForImport', paramsRequest(long)), 'ValidationException',
      `1 validation error detected: Value '${long}' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048`)
  })

  it('accepts a KeyId of exactly 2048 characters past validation (then NotFound "Invalid keyId")', async () => {
    const kms = newKms()
    const edge = 'k'.repeat(2048)
    expectError(await kms.call('GetParametersForImport', paramsRequest(edge)), 'NotFoundException', `Invalid keyId '${edge}'`)
  })

  it('reports several violations at once as "N validation errors detected: a; b" in member order', async () => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', { KeyId: '', WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_4096' }),
      'ValidationException',
      '3 validation errors detected: ' +
        "Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value 'RSA_AES_KEY_WRAP_SHA_256' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: ${ALGORITHM_SET}; ` +
        "Value 'RSA_4096' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048]")
    expectError(await kms.call('GetParametersForImport', { KeyId: UNKNOWN_KEY_ID, WrappingAlgorithm: 'X' }), 'ValidationException',
      `2 validation errors detected: Value 'X' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: ${ALGORITHM_SET}; ${notNull('wrappingKeySpec')}`)
  })

  it('validates before it resolves the key: an unknown key with a bad enum answers ValidationException', async () => {
    const kms = newKms()
    const reply = await kms.call('GetParametersForImport', { KeyId: 'alias/x', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' })
    expect(reply.body.__type).toBe('ValidationException')
  })

  it('ignores members it does not model', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    expectOk(await kms.call('GetParametersForImport', { ...paramsRequest(keyId), Extra: [1, 2, 3] }))
  })
})

describe('GetParametersForImport: values of the wrong JSON type are SerializationException (§7)', () => {
  it.each([
    [5, 'NUMBER_VALUE can not be converted to a String'],
    [true, 'TRUE_VALUE can not be converted to a String'],
    [false, 'FALSE_VALUE can not be converted to a String'],
    [{ a: 1 }, 'Start of structure or map found where not expected.'],
    [['x'], 'Start of list found where not expected'],
  ])('refuses KeyId %j with SerializationException %j', async (value, message) => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', { KeyId: value, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
      'SerializationException', message)
  })

  it('refuses a wrapping algorithm given as a number, even when other members also fail validation', async () => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', { WrappingAlgorithm: 1, WrappingKeySpec: 'RSA_4096' }),
      'SerializationException', 'NUMBER_VALUE can not be converted to a String')
  })

  it.each(['{', 'not json', '{"KeyId": }', "{'KeyId': 'x'}"])('refuses the non-JSON body %j: "The request body is not valid JSON."', async (body) => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', body), 'SerializationException', 'The request body is not valid JSON.')
  })

  it.each(['[]', '"KeyId"', '42', 'null', 'true'])('refuses the JSON body %s that is not an object: "The request body must be a JSON object."', async (body) => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', body), 'SerializationException', 'The request body must be a JSON object.')
  })
})

describe('GetParametersForImport: key resolution (§2.1 identifiers)', () => {
  it("answers NotFoundException \"Key '<arn>' does not exist\" for an unknown key id", async () => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', paramsRequest(UNKNOWN_KEY_ID)), 'NotFoundException', `Key '${arnOf(UNKNOWN_KEY_ID)}' does not exist`)
  })

  it("answers NotFoundException \"Key '<arn>' does not exist\" for the ARN of an unknown key", async () => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', paramsRequest(arnOf(UNKNOWN_KEY_ID))), 'NotFoundException', `Key '${arnOf(UNKNOWN_KEY_ID)}' does not exist`)
  })

  it.each(['nope', '1234', 'key/0f0e0d0c-0b0a-4908-8706-050403020100', ' 0f0e0d0c-0b0a-4908-8706-050403020100', 'mrk-1234ABCD12AB34CD56EF1234567890AB', 'mrk-1234abcd'])(
    "answers NotFoundException \"Invalid keyId '<value>'\" for the malformed key id %j",
    async (value) => {
      const kms = newKms()
      expectError(await kms.call('GetParametersForImport', paramsRequest(value)), 'NotFoundException', `Invalid keyId '${value}'`)
    },
  )

  it("answers NotFound \"Key '<arn>' does not exist\" for a well-formed multi-Region key id this Region does not hold", async () => {
    const kms = newKms()
    const id = 'mrk-1234abcd12ab34cd56ef1234567890ab'
    expectError(await kms.call('GetParametersForImport', paramsRequest(id)), 'NotFoundException', `Key '${arnOf(id)}' does not exist`)
  })

  it('takes the key by id and by ARN alike, and answers the ARN as KeyId', async () => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    expect(stringAt(expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId))), 'KeyId')).toBe(arn)
    expect(stringAt(expectOk(await kms.call('GetParametersForImport', paramsRequest(arn))), 'KeyId')).toBe(arn)
  })

  it('answers NotFoundException "Invalid arn <region>" for the ARN of an existing key id in another region', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    expectError(await kms.call('GetParametersForImport', paramsRequest(arnOf(keyId, 'eu-west-1'))), 'NotFoundException', 'Invalid arn eu-west-1')
  })

  it("refuses cross-account use: the ARN of another account answers NotFound \"Key '<that arn>' does not exist\" even for a key id this account holds", async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    const foreign = arnOf(keyId, 'us-east-1', OTHER_ACCOUNT)
    expectError(await kms.call('GetParametersForImport', paramsRequest(foreign)), 'NotFoundException', `Key '${foreign}' does not exist`)
  })

  it.each([
    'arn:',
    'arn:aws',
    'arn:aws:kms:us-east-1:111122223333:key/not-a-uuid',
    'arn:aws:kms:us-east-1:111122223333:key/',
    'arn:aws:kms:us-east-1:1111:key/0f0e0d0c-0b0a-4908-8706-050403020100',
    'arn:aws:s3:::my-bucket',
    'arn:aws-cn:kms:us-east-1:111122223333:key/0f0e0d0c-0b0a-4908-8706-050403020100',
    'arn:aws:kms:us-east-1:111122223333:alias/x',
  ])('answers InvalidArnException "Invalid arn \'<value>\'" for the malformed KMS key ARN %j', async (value) => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', paramsRequest(value)), 'InvalidArnException', `Invalid arn '${value}'`)
  })

  it("refuses an alias: GetParametersForImport answers NotFound \"Invalid keyId 'alias/x'\"", async () => {
    const kms = newKms()
    expectError(await kms.call('GetParametersForImport', paramsRequest('alias/x')), 'NotFoundException', "Invalid keyId 'alias/x'")
  })
})

describe('GetParametersForImport: origin must be EXTERNAL, checked before the state (§2.1, §3.3; seed)', () => {
  it('refuses a key of origin AWS_KMS with UnsupportedOperationException in every state the emulator can reach', async () => {
    const kms = newKms()
    const { keyId, arn } = await createAwsKmsKey(kms)
    const message = `${arn} origin is AWS_KMS which is not valid for this operation.`
    expect((await describeKey(kms, keyId)).KeyState).toBe('Enabled')
    expectError(await kms.call('GetParametersForImport', paramsRequest(keyId)), 'UnsupportedOperationException', message)
    await succeed(kms, 'DisableKey', keyId)
    expectError(await kms.call('GetParametersForImport', paramsRequest(keyId)), 'UnsupportedOperationException', message)
    await succeed(kms, 'ScheduleKeyDeletion', keyId, { PendingWindowInDays: 7 })
    expectError(await kms.call('GetParametersForImport', paramsRequest(keyId)), 'UnsupportedOperationException', message)
  })

  it.each(Object.values(KeyState))('refuses a key of origin AWS_KMS with UnsupportedOperationException in state %s (pure function)', (state) => {
    const key = handBuiltKey({ origin: 'AWS_KMS', state, materials: [presentMaterial()] })
    expect(refusal(storeOf(key), paramsRequest(key.keyId))).toEqual({
      _tag: 'UnsupportedOperationException', message: `${key.arn} origin is AWS_KMS which is not valid for this operation.`,
    })
  })

  it('checks the origin before the key spec: an AWS_KMS RSA key answers the origin message', async () => {
    const kms = newKms()
    const { arn } = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
    expectError(await kms.call('GetParametersForImport', paramsRequest(arn)), 'UnsupportedOperationException', `${arn} origin is AWS_KMS which is not valid for this operation.`)
  })
})

describe('GetParametersForImport: symmetric keys only under the classic profile (§3.4; seed)', () => {
  it.each(['RSA_2048', 'RSA_4096', 'ECC_NIST_P256', 'ECC_SECG_P256K1', 'HMAC_256', 'HMAC_512'] as const)(
    'refuses an EXTERNAL key of spec %s with UnsupportedOperationException "<arn> key spec <SPEC> is not supported for this operation."',
    (keySpec) => {
      const key = handBuiltKey({ origin: 'EXTERNAL', keySpec, keyUsage: keySpec.startsWith('HMAC') ? 'GENERATE_VERIFY_MAC' : 'SIGN_VERIFY', state: 'PendingImport' })
      expect(refusal(storeOf(key), paramsRequest(key.keyId))).toEqual({
        _tag: 'UnsupportedOperationException', message: `${key.arn} key spec ${keySpec} is not supported for this operation.`,
      })
    },
  )

  it('checks the key spec before the state: an EXTERNAL HMAC key pending deletion answers the key-spec message', () => {
    const key = handBuiltKey({ origin: 'EXTERNAL', keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', state: 'PendingDeletion' })
    expect(refusal(storeOf(key), paramsRequest(key.keyId))).toEqual({
      _tag: 'UnsupportedOperationException', message: `${key.arn} key spec HMAC_256 is not supported for this operation.`,
    })
  })
})

describe('GetParametersForImport: the key must be in a compatible state (§2.1, §3.5; seed)', () => {
  it('answers a key in PendingImport', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    expect((await describeKey(kms, keyId)).KeyState).toBe('PendingImport')
    expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId)))
  })

  it('refuses a key pending deletion with KMSInvalidStateException "<arn> is pending deletion."', async () => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId)
    expectError(await kms.call('GetParametersForImport', paramsRequest(keyId)), 'KMSInvalidStateException', `${arn} is pending deletion.`)
  })

  it('answers again once the deletion is cancelled (the key is back in PendingImport)', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId)
    await succeed(kms, 'CancelKeyDeletion', keyId)
    expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId)))
  })

  it('answers an EXTERNAL key in Enabled and in Disabled (material imported), and leaves it as it was', async () => {
    const kms = newKms()
    const { keyId, arn } = await importedKey(kms)
    for (const state of ['Enabled', 'Disabled']) {
      if (state === 'Disabled') await succeed(kms, 'DisableKey', keyId)
      const before = await describeKey(kms, keyId)
      expect(before.KeyState).toBe(state)
      const store = kms.emulator.store()
      expect(expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId))).KeyId).toBe(arn)
      expect(kms.emulator.store()).toBe(store)
      expect(await describeKey(kms, keyId)).toEqual(before)
    }
  })

  it('refuses an EXTERNAL key with material pending deletion: "<arn> is pending deletion."', async () => {
    const kms = newKms()
    const { keyId, arn } = await importedKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId)
    expectError(await kms.call('GetParametersForImport', paramsRequest(keyId)), 'KMSInvalidStateException', `${arn} is pending deletion.`)
  })

  it.each(['Enabled', 'Disabled'] as const)('answers an EXTERNAL key that holds material in state %s (pure function, hand-built key)', (state) => {
    const key = handBuiltKey({ origin: 'EXTERNAL', state, materials: [presentMaterial()] })
    const store = storeOf(key)
    const result = getParametersForImport(classicEnv(), store, pureParams(key.keyId))
    expect(E.isRight(result) && result.right.response.KeyId).toBe(key.arn)
  })

  it('refuses an EXTERNAL key in the custom-key-store state Unavailable with KMSInvalidStateException', () => {
    const key = handBuiltKey({ origin: 'EXTERNAL', state: 'Unavailable' })
    expect(refusal(storeOf(key), paramsRequest(key.keyId))).toEqual({
      _tag: 'KMSInvalidStateException', message: `${key.arn} is in key state Unavailable, which is not valid for this operation.`,
    })
  })

  it.each([['Creating', 'is creating.'], ['Updating', 'is updating.'], ['PendingReplicaDeletion', 'is pending replica deletion.']] as const)(
    'refuses an EXTERNAL key in the multi-Region state %s with KMSInvalidStateException (docs/evidence.md §11)',
    (state, says) => {
      const key = handBuiltKey({ origin: 'EXTERNAL', state })
      expect(refusal(storeOf(key), paramsRequest(key.keyId))).toEqual({ _tag: 'KMSInvalidStateException', message: `${key.arn} ${says}` })
    },
  )

  it("answers NotFound \"Key '<arn>' does not exist\" once the deletion date has passed", async () => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId, { PendingWindowInDays: 7 })
    kms.clock.advance(7 * DAY_MS)
    expectError(await kms.call('GetParametersForImport', paramsRequest(keyId)), 'NotFoundException', `Key '${arn}' does not exist`)
  })
})

describe('GetParametersForImport: the parameters (§3.7, §3.8; seed)', () => {
  it.each(CLASSIC_ALGORITHMS)('answers %s with the key ARN, a 294-byte DER SPKI RSA-2048 public key, a token and ParametersValidTo = now + 24 h', async (algorithm) => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    kms.clock.advance(1234)
    const body = expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId, algorithm)))
    expect(Object.keys(body).sort()).toEqual(['ImportToken', 'KeyId', 'ParametersValidTo', 'PublicKey'])
    expect(body.KeyId).toBe(arn)
    expect(body.ParametersValidTo).toBe((T0 + 1234 + DAY_MS) / 1000)
    const der = Buffer.from(stringAt(body, 'PublicKey'), 'base64')
    expect(der.length).toBe(294)
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' })
    expect(key.asymmetricKeyType).toBe('rsa')
    expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n })
    const token = Buffer.from(stringAt(body, 'ImportToken'), 'base64')
    expect(token.length).toBeGreaterThanOrEqual(1)
    expect(token.length).toBeLessThanOrEqual(6144)
  })

  it('sends the blobs as standard base64 and the timestamp as a JSON number of epoch seconds', async () => {
    const kms = newKms({ start: Date.parse('2026-03-01T12:00:00.250Z') })
    const { keyId } = await createExternalKey(kms)
    const body = expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId)))
    for (const member of ['PublicKey', 'ImportToken']) expect(stringAt(body, member)).toMatch(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/)
    expect(body.ParametersValidTo).toBe(Date.parse('2026-03-02T12:00:00.250Z') / 1000)
  })

  it('does not change the key: DescribeKey before and after are identical, and the store is the same object', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    const before = await describeKey(kms, keyId)
    const store = kms.emulator.store()
    expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId)))
    expect(kms.emulator.store()).toBe(store)
    expect(await describeKey(kms, keyId)).toEqual(before)
  })

  it('returns the input store itself from the pure function', () => {
    const key = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport' })
    const store = storeOf(key)
    const result = getParametersForImport(classicEnv(), store, pureParams(key.keyId))
    expect(E.isRight(result) && result.right.store).toBe(store)
    expect(E.isRight(result) && result.right.events).toEqual([])
  })

  it('issues a different token on every call for the same key and algorithm', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    const tokens = new Set<string>()
    for (let i = 0; i < 5; i++) tokens.add(stringAt(expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId))), 'ImportToken'))
    expect(tokens.size).toBe(5)
  })

  it('answers in the China partition with an aws-cn ARN', async () => {
    const kms = newKms({ region: 'cn-north-1' })
    const { keyId, arn } = await createExternalKey(kms)
    expect(arn).toBe(`arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/${keyId}`)
    expect(expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId))).KeyId).toBe(arn)
  })
})
