/**
 * GenerateMac and VerifyMac with imported and generated HMAC keys: the MAC is node's `createHmac`
 * over the imported material (any length the spec accepts); VerifyMac refuses any other MAC with
 * KMSInvalidMacException (no message); every refusal with its exact type and message.
 */
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { b64, bytesAt, createKey, expectError, expectOk, flipBit, type Kms } from '../support/kms.js'
import { disabled, incompatible, keyUsageMismatch } from '../support/messages.js'
import { importInto, importedKeyOf, newKms, rsaKeyPair } from './support.js'

const SPECS = [
  ['HMAC_224', 'HMAC_SHA_224', 'sha224', 28], ['HMAC_256', 'HMAC_SHA_256', 'sha256', 32],
  ['HMAC_384', 'HMAC_SHA_384', 'sha384', 48], ['HMAC_512', 'HMAC_SHA_512', 'sha512', 64],
] as const

const MESSAGE = new TextEncoder().encode('GET /invoices/42 2026-03-02T09:00:00Z')

/** Material of `length` bytes, the same for the same label. */
const material = (label: string, length: number): Uint8Array => {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = (label.charCodeAt(i % label.length) * 31 + i * 7) & 0xff
  return out
}

const generate = async (kms: Kms, keyId: string, algorithm: string, message: Uint8Array): Promise<Uint8Array> => {
  const body = expectOk(await kms.call('GenerateMac', { KeyId: keyId, Message: b64(message), MacAlgorithm: algorithm }))
  expect(Object.keys(body)).toEqual(['Mac', 'MacAlgorithm', 'KeyId'])
  return bytesAt(body, 'Mac')
}

describe('GenerateMac', () => {
  it.each(SPECS)('%s: equals node createHmac over the imported material, at the smallest and the largest length', async (spec, algorithm, hash, minBytes) => {
    const kms = newKms()
    for (const length of [minBytes, 128]) {
      const m = material(`${spec}/${length}`, length)
      const key = await importedKeyOf(kms, spec, 'GENERATE_VERIFY_MAC', m)
      const body = expectOk(await kms.call('GenerateMac', { KeyId: key.arn, Message: b64(MESSAGE), MacAlgorithm: algorithm }))
      expect(body).toEqual({ Mac: b64(createHmac(hash, m).update(MESSAGE).digest()), MacAlgorithm: algorithm, KeyId: key.arn })
    }
  })

  it('works with generated (AWS_KMS) HMAC keys, and VerifyMac accepts their MACs', async () => {
    const kms = newKms()
    for (const [spec, algorithm] of SPECS) {
      const key = await createKey(kms, { KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' })
      const mac = await generate(kms, key.keyId, algorithm, MESSAGE)
      expect(expectOk(await kms.call('VerifyMac', { KeyId: key.keyId, Message: b64(MESSAGE), Mac: b64(mac), MacAlgorithm: algorithm })))
        .toEqual({ KeyId: key.arn, MacValid: true, MacAlgorithm: algorithm })
    }
  })

  it('keeps the MAC across a delete and reimport of the same material', async () => {
    const kms = newKms()
    const m = material('reimport', 32)
    const key = await importedKeyOf(kms, 'HMAC_256', 'GENERATE_VERIFY_MAC', m)
    const before = await generate(kms, key.keyId, 'HMAC_SHA_256', MESSAGE)
    expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: key.keyId }))
    await importInto(kms, key.keyId, m)
    expect(b64(await generate(kms, key.keyId, 'HMAC_SHA_256', MESSAGE))).toBe(b64(before))
  })
})

describe('VerifyMac', () => {
  it('accepts node createHmac MACs and refuses a flipped bit, a truncated MAC and another message', async () => {
    const kms = newKms()
    const m = material('verify', 48)
    const key = await importedKeyOf(kms, 'HMAC_384', 'GENERATE_VERIFY_MAC', m)
    const mac = new Uint8Array(createHmac('sha384', m).update(MESSAGE).digest())
    const body = (message: Uint8Array, candidate: Uint8Array) => ({ KeyId: key.keyId, Message: b64(message), Mac: b64(candidate), MacAlgorithm: 'HMAC_SHA_384' })
    expect(expectOk(await kms.call('VerifyMac', body(MESSAGE, mac)))).toEqual({ KeyId: key.arn, MacValid: true, MacAlgorithm: 'HMAC_SHA_384' })
    expectError(await kms.call('VerifyMac', body(MESSAGE, flipBit(mac, 0))), 'KMSInvalidMacException', undefined)
    expectError(await kms.call('VerifyMac', body(MESSAGE, mac.subarray(0, 32))), 'KMSInvalidMacException', undefined)
    expectError(await kms.call('VerifyMac', body(flipBit(MESSAGE, 9), mac)), 'KMSInvalidMacException', undefined)
  })

  it('property: any single-bit flip of a MAC is refused with KMSInvalidMacException', async () => {
    const kms = newKms()
    const key = await importedKeyOf(kms, 'HMAC_256', 'GENERATE_VERIFY_MAC', material('flip', 40))
    const mac = await generate(kms, key.keyId, 'HMAC_SHA_256', MESSAGE)
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: mac.length * 8 - 1 }), async (bit) => {
      expectError(await kms.call('VerifyMac', { KeyId: key.keyId, Message: b64(MESSAGE), Mac: b64(flipBit(mac, bit)), MacAlgorithm: 'HMAC_SHA_256' }), 'KMSInvalidMacException', undefined)
    }))
  })

  it('property: GenerateMac then VerifyMac round-trips any message of 1 to 4096 bytes', async () => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'HMAC_512', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (message) => {
      const mac = await generate(kms, key.keyId, 'HMAC_SHA_512', message)
      expectOk(await kms.call('VerifyMac', { KeyId: key.keyId, Message: b64(message), Mac: b64(mac), MacAlgorithm: 'HMAC_SHA_512' }))
    }), { numRuns: 30 })
  })
})

describe('GenerateMac and VerifyMac refusals', () => {
  const ops = ['GenerateMac', 'VerifyMac'] as const
  const body = (keyId: string, algorithm: string) => ({ KeyId: keyId, Message: b64(MESSAGE), Mac: b64(new Uint8Array(32)), MacAlgorithm: algorithm })

  it.each(ops)('%s: a MacAlgorithm other than the key spec\'s is InvalidKeyUsageException "Algorithm … is incompatible with key spec …."', async (operation) => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    for (const algorithm of ['HMAC_SHA_224', 'HMAC_SHA_384', 'HMAC_SHA_512']) {
      expectError(await kms.call(operation, body(key.keyId, algorithm)), 'InvalidKeyUsageException', incompatible(algorithm, 'HMAC_256'))
    }
  })

  it.each(ops)('%s: MacAlgorithm is required and must be in the enum (listed in AWS\'s order)', async (operation) => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    const { MacAlgorithm: _none, ...noAlgorithm } = body(key.keyId, 'x')
    expectError(await kms.call(operation, noAlgorithm), 'ValidationException', "1 validation error detected: Value null at 'macAlgorithm' failed to satisfy constraint: Member must not be null")
    expectError(await kms.call(operation, body(key.keyId, 'hmac_sha_256')), 'ValidationException',
      "1 validation error detected: Value 'hmac_sha_256' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]")
  })

  it.each(ops)('%s: Message is 1 to 4096 bytes and never shown', async (operation) => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    expectError(await kms.call(operation, { ...body(key.keyId, 'HMAC_SHA_256'), Message: b64(new Uint8Array(4097)) }), 'ValidationException',
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096")
    expectError(await kms.call(operation, { ...body(key.keyId, 'HMAC_SHA_256'), Message: '' }), 'ValidationException',
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1")
  })

  it('VerifyMac: Mac is required, 1 to 6144 bytes', async () => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    const { Mac: _none, ...noMac } = body(key.keyId, 'HMAC_SHA_256')
    expectError(await kms.call('VerifyMac', noMac), 'ValidationException', "1 validation error detected: Value null at 'mac' failed to satisfy constraint: Member must not be null")
    expectError(await kms.call('VerifyMac', { ...noMac, Mac: '' }), 'ValidationException',
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'mac' failed to satisfy constraint: Member must have length greater than or equal to 1")
  })

  it.each(ops)('%s: a key whose usage is not GENERATE_VERIFY_MAC is InvalidKeyUsageException, checked before the key state', async (operation) => {
    const kms = newKms()
    const symmetric = await createKey(kms, {})
    const rsa = await importedKeyOf(kms, 'RSA_2048', 'SIGN_VERIFY', rsaKeyPair('RSA_2048', 0).pkcs8)
    expectError(await kms.call(operation, body(symmetric.keyId, 'HMAC_SHA_256')), 'InvalidKeyUsageException', keyUsageMismatch(symmetric.arn, 'ENCRYPT_DECRYPT', operation))
    expectOk(await kms.call('DisableKey', { KeyId: rsa.keyId }))
    expectError(await kms.call(operation, body(rsa.keyId, 'HMAC_SHA_256')), 'InvalidKeyUsageException', keyUsageMismatch(rsa.arn, 'SIGN_VERIFY', operation))
  })

  it.each(ops)('%s: the key state is checked before the algorithm', async (operation) => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    expectOk(await kms.call('DisableKey', { KeyId: key.keyId }))
    expectError(await kms.call(operation, body(key.keyId, 'HMAC_SHA_512')), 'DisabledException', disabled(key.arn))
  })
})
