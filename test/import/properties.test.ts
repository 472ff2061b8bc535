/**
 * Property tests of ImportKeyMaterial's rules (docs/evidence.md §3.8, §4, §5), with fast-check under the
 * fixed seed of test/setup.ts. RSA-heavy properties keep their runs modest; PKCS#1 v1.5
 * unwrapping is pure JS (~25 ms a call), so its property runs 20 times.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CLASSIC_ALGORITHMS, DAY_MS, HOUR_MS, NO_EXPIRY, T0, createExternalKey, decrypt, describeKey, encrypt, expectError, expectOk, expiresAt, flipBit, getParameters, importBody, importWith, materialOf, newKms, seconds, wrap, type ImportParameters } from '../support/kms.js'
import { INVALID_TOKEN, EXPIRED_TOKEN, MATERIAL_MISMATCH, UNWRAP_FAILED, wrongSize } from '../support/messages.js'

const YEAR_MS = 365 * DAY_MS

describe('properties of the import token', () => {
  it('refuses any single-bit flip anywhere in a token with InvalidImportTokenException', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const params = await getParameters(kms, key.keyId)
    const encrypted = wrap(params, materialOf('p1'))
    const bits = params.importToken.length * 8
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bits - 1 }), async (bit) => {
        expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, flipBit(params.importToken, bit), encrypted)), 'InvalidImportTokenException', INVALID_TOKEN)
      }),
      // first bit (magic), the nonce, the first sealed byte, the last bit (GCM tag)
      { examples: [[0], [4 * 8], [16 * 8], [bits - 1]] },
    )
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
    expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)))
  })

  it('refuses a token used on any other key with InvalidImportTokenException', async () => {
    const kms = newKms()
    const keys = [await createExternalKey(kms), await createExternalKey(kms), await createExternalKey(kms)]
    const tokens: ImportParameters[] = []
    for (const [i, k] of keys.entries()) tokens.push(await getParameters(kms, k.keyId, CLASSIC_ALGORITHMS[i]))
    const pair = fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })).filter(([i, j]) => i !== j)
    await fc.assert(
      fc.asyncProperty(pair, fc.string({ minLength: 1, maxLength: 8 }), async ([i, j], label) => {
        const issued = tokens[i]!
        const target = keys[j]!
        expectError(await importWith(kms, target.keyId, issued, materialOf(label)), 'InvalidImportTokenException', INVALID_TOKEN)
      }),
      { numRuns: 30 },
    )
    for (const k of keys) expect((await describeKey(kms, k.keyId)).KeyState).toBe('PendingImport')
  })

  it('accepts a token before ParametersValidTo and refuses it from then on with ExpiredImportTokenException', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -24 * HOUR_MS, max: 24 * HOUR_MS }), async (offset) => {
        const kms = newKms()
        const key = await createExternalKey(kms)
        const params = await getParameters(kms, key.keyId)
        kms.clock.set(params.parametersValidTo + offset)
        const reply = await importWith(kms, key.keyId, params, materialOf('p3'))
        if (offset < 0) {
          expect(expectOk(reply)).toEqual({ KeyId: key.arn })
        } else {
          expectError(reply, 'ExpiredImportTokenException', EXPIRED_TOKEN)
          expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
        }
      }),
      { numRuns: 50, examples: [[-1], [1], [0], [-24 * HOUR_MS]] },
    )
  })
})

describe('properties of EncryptedKeyMaterial', () => {
  /** A key holding material imported with `algorithm`, a ciphertext made under it, and the parameters used. */
  const imported = async (algorithm: (typeof CLASSIC_ALGORITHMS)[number]) => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const params = await getParameters(kms, key.keyId, algorithm)
    const material = materialOf(`p4-${algorithm}`)
    const encrypted = wrap(params, material)
    expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)))
    const ciphertext = await encrypt(kms, key.keyId, 'the original material', { p: '4' })
    return { kms, key, params, encrypted, ciphertext, baseline: await describeKey(kms, key.keyId) }
  }

  it.each([
    ['RSAES_OAEP_SHA_1', 50],
    ['RSAES_OAEP_SHA_256', 50],
    ['RSAES_PKCS1_V1_5', 20],
  ] as const)('refuses any single-bit flip of material wrapped with %s, never installs other material, never a 500', async (algorithm, numRuns) => {
    const { kms, key, params, encrypted, ciphertext, baseline } = await imported(algorithm)
    const bits = encrypted.length * 8
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bits - 1 }), async (bit) => {
        const reply = await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, flipBit(encrypted, bit)))
        expect(reply.status, reply.raw.body).not.toBe(500)
        if (reply.status === 200) {
          // Only a flip that still decodes to the very same material may succeed (PKCS#1 v1.5's weak padding check).
          expect(algorithm).toBe('RSAES_PKCS1_V1_5')
        } else if (algorithm === 'RSAES_PKCS1_V1_5' && reply.body.__type === 'IncorrectKeyMaterialException') {
          // …or a flip that decodes to other bytes: refused for their size or as other material.
          const message = String(reply.body.message)
          const sizes = Array.from({ length: 246 }, (_, n) => wrongSize(n))
          expect([MATERIAL_MISMATCH, ...sizes], message).toContain(message)
          expect(Object.keys(reply.body).sort()).toEqual(['__type', 'message'])
        } else {
          expectError(reply, 'InvalidCiphertextException', UNWRAP_FAILED)
        }
        expect(await describeKey(kms, key.keyId)).toEqual(baseline)
        expect(await decrypt(kms, ciphertext, { p: '4' })).toBe('the original material')
      }),
      // the most significant bit (may make the value exceed the modulus), a middle bit, the last bit
      { numRuns, examples: [[0], [bits / 2], [bits - 1]] },
    )
  })
})

describe('properties of ValidTo', () => {
  it('accepts ValidTo exactly in (now, now + 365 days], to the millisecond', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const params = await getParameters(kms, key.keyId)
    const material = materialOf('p5')
    const offset = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.integer({ min: YEAR_MS - 5, max: YEAR_MS + 5 }),
      fc.integer({ min: -400 * DAY_MS, max: 400 * DAY_MS }),
    )
    await fc.assert(
      fc.asyncProperty(offset, async (off) => {
        const reply = await importWith(kms, key.keyId, params, material, expiresAt(T0 + off))
        if (off > 0 && off <= YEAR_MS) {
          expect(expectOk(reply)).toEqual({ KeyId: key.arn })
          expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(T0 + off) })
        } else {
          expectError(reply, 'ValidationException', off <= 0 ? 'A validTo date must be in the future' : 'A validTo date must be no more than 365 days in the future')
        }
      }),
      { numRuns: 60, examples: [[0], [1], [YEAR_MS], [YEAR_MS + 1], [-1]] },
    )
    expect(kms.clock.now()).toBe(T0)
    expectOk(await importWith(kms, key.keyId, params, material, NO_EXPIRY))
  })
})
