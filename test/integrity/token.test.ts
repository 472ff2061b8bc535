/**
 * Integrity of the import token (docs/evidence.md §3.8, §4.4), for every profile and each of its wrapping
 * algorithms, with the emulator's token cache on and off (results must never depend on it):
 * a token changed at any byte position, cut short at any length, extended, used with another key,
 * spliced from two tokens, sealed by another service, or replayed after its expiry is refused with
 * the right error, and refusing it changes nothing. Every byte position and every length are tried
 * for the first algorithm of each profile (cache on); the other algorithms, and the cache off, get
 * the structure's boundaries and 160 random positions and lengths (the token's layout does not
 * depend on the algorithm: one byte of it names it).
 *
 * (test/import/properties.test.ts covers single-bit flips on the classic profile's default
 * algorithm; this file covers every byte, every profile and algorithm, and the other tamperings.)
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DAY_MS, HOUR_MS, createExternalKey, describeKey, expectError, expectOk, getParameters, importBody, newKms, wrap, xorAt, type Kms } from '../support/kms.js'
import { EXPIRED_TOKEN, INVALID_TOKEN } from '../support/messages.js'
import { PROFILE_ALGORITHMS } from './support.js'

const MATERIAL = new Uint8Array(32).map((_, i) => i * 5 + 1)
const CACHES = [['cache on', undefined], ['cache off', 0]] as const
/** The first algorithm of each profile gets every byte position and every length; the others a sample. */
const EXHAUSTIVE = new Set(PROFILE_ALGORITHMS.filter(([p], i) => PROFILE_ALGORITHMS.findIndex(([q]) => q === p) === i).map(([p, a]) => `${p}/${a}`))
const SAMPLE = 160

/**
 * The byte positions to tamper with: all of them, or the structure's boundaries (magic, nonce,
 * first sealed byte, tag) plus a random sample.
 */
const positions = (n: number, all: boolean): fc.Arbitrary<readonly number[]> =>
  all
    ? fc.constant(Array.from({ length: n }, (_, i) => i))
    : fc.uniqueArray(fc.nat({ max: n - 1 }), { minLength: SAMPLE, maxLength: SAMPLE }).map((xs) => [...new Set([0, 3, 4, 15, 16, n - 17, n - 16, n - 1, ...xs])])

/** A PendingImport key of `profile`, its parameters for `algorithm`, and material wrapped under them. */
const setup = async (profile: (typeof PROFILE_ALGORITHMS)[number][0], algorithm: (typeof PROFILE_ALGORITHMS)[number][1], tokenCacheSize?: number) => {
  const kms = newKms({ profile, ...(tokenCacheSize === undefined ? {} : { tokenCacheSize }) })
  const key = await createExternalKey(kms)
  const params = await getParameters(kms, key.keyId, algorithm)
  return { kms, key, params, wrapped: wrap(params, MATERIAL) }
}

/**
 * The import of `token` is refused with InvalidImportTokenException, and the store is unchanged.
 * Through `invoke` (the same operation as `handle`, without the JSON and base64 round trip) when
 * `fast`, for the loops over thousands of tokens.
 */
const expectInvalid = async (kms: Kms, keyId: string, token: Uint8Array, wrapped: Uint8Array, label: string, fast = false): Promise<void> => {
  const before = kms.emulator.store()
  if (fast) {
    const result = await kms.emulator.invoke('ImportKeyMaterial', { KeyId: keyId, ImportToken: token, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(result._tag === 'Left' ? [result.left._tag, result.left.message] : ['Right'], label).toEqual(['InvalidImportTokenException', INVALID_TOKEN])
  } else {
    const reply = await kms.call('ImportKeyMaterial', importBody(keyId, token, wrapped))
    expect(reply.body.__type, `${label}: ${reply.raw.body}`).toBe('InvalidImportTokenException')
    expect(reply.body.message).toBe(INVALID_TOKEN)
  }
  expect(kms.emulator.store(), label).toBe(before)
}

describe.each(PROFILE_ALGORITHMS)('the import token on the %s profile with %s', (profile, algorithm) => {
  const all = EXHAUSTIVE.has(`${profile}/${algorithm}`)
  describe.each(CACHES)('token %s', (cache, tokenCacheSize) => {
    it(`refuses a change at ${all && cache === 'cache on' ? 'every' : 'any'} byte position (any non-zero XOR) with InvalidImportTokenException, and the token still works afterwards`, async () => {
      const { kms, key, params, wrapped } = await setup(profile, algorithm, tokenCacheSize)
      const n = params.importToken.length
      await fc.assert(
        fc.asyncProperty(positions(n, all && cache === 'cache on'), fc.array(fc.integer({ min: 1, max: 255 }), { minLength: n, maxLength: n }), async (at, masks) => {
          for (const i of at) await expectInvalid(kms, key.keyId, xorAt(params.importToken, i, masks[i] as number), wrapped, `byte ${i} ^ ${masks[i]}`, true)
        }),
        { numRuns: 1 },
      )
      expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
      expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, wrapped)))
    })

    it(`refuses the token cut short at ${all && cache === 'cache on' ? 'every' : 'any'} length (empty: ValidationException) and extended by any tail`, async () => {
      const { kms, key, params, wrapped } = await setup(profile, algorithm, tokenCacheSize)
      const n = params.importToken.length
      const before = kms.emulator.store()
      const empty = await kms.call('ImportKeyMaterial', importBody(key.keyId, new Uint8Array(0), wrapped))
      expectError(empty, 'ValidationException',
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'importToken' failed to satisfy constraint: Member must have length greater than or equal to 1")
      await fc.assert(
        fc.asyncProperty(positions(n, all && cache === 'cache on'), async (lengths) => {
          for (const len of lengths.filter((l) => l > 0)) await expectInvalid(kms, key.keyId, params.importToken.subarray(0, len), wrapped, `first ${len} bytes`, true)
        }),
        { numRuns: 1 },
      )
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 6144 - n }), async (tail) => {
          await expectInvalid(kms, key.keyId, Uint8Array.from([...params.importToken, ...tail]), wrapped, `extended by ${tail.length}`)
        }),
        { numRuns: 20, examples: [[new Uint8Array(1)], [new Uint8Array(16)], [new Uint8Array(6144 - n).fill(0xff)]] },
      )
      expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, Uint8Array.from([...params.importToken, ...new Uint8Array(6145 - n)]), wrapped)), 'ValidationException',
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=6145 cap=6145]' at 'importToken' failed to satisfy constraint: Member must have length less than or equal to 6144")
      expect(kms.emulator.store()).toBe(before)
    })
  })

  it('refuses a token of another key (either way round, any of three keys), and a token spliced from two', async () => {
    const kms = newKms({ profile })
    const keys = [await createExternalKey(kms), await createExternalKey(kms), await createExternalKey(kms)]
    const params = await Promise.all(keys.map((k) => getParameters(kms, k.keyId, algorithm)))
    const pair = fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })).filter(([i, j]) => i !== j)
    await fc.assert(
      fc.asyncProperty(pair, fc.boolean(), async ([i, j], arn) => {
        const target = keys[j]!
        // the material wrapped for the token's own key, and for the target's parameters: neither helps
        for (const w of [wrap(params[i]!, MATERIAL), wrap(params[j]!, MATERIAL)]) {
          await expectInvalid(kms, arn ? target.arn : target.keyId, params[i]!.importToken, w, `token of #${i} on #${j}`)
        }
      }),
      { numRuns: 12 },
    )
    // header and nonce of one token, sealed body of another (and the other way round)
    const [a, b] = [params[0]!.importToken, params[1]!.importToken]
    const cut = 4 + 12
    await expectInvalid(kms, keys[0]!.keyId, Uint8Array.from([...a.subarray(0, cut), ...b.subarray(cut)]), wrap(params[0]!, MATERIAL), 'nonce of A, body of B')
    await expectInvalid(kms, keys[1]!.keyId, Uint8Array.from([...a.subarray(0, cut), ...b.subarray(cut)]), wrap(params[1]!, MATERIAL), 'nonce of A, body of B, on B')
    for (const k of keys) expect((await describeKey(kms, k.keyId)).KeyState).toBe('PendingImport')
  })

  it('refuses a token sealed by another service: another sealing key (same key id), another account, another region', async () => {
    const sealingKey = new Uint8Array(32).fill(7)
    const home = newKms({ profile, seed: 5, sealingKey })
    const key = await createExternalKey(home)
    const others = [
      newKms({ profile, seed: 5, sealingKey: new Uint8Array(32).fill(8) }), // same key id, other sealing key
      newKms({ profile, seed: 5, sealingKey, accountId: '444455556666' }),
      newKms({ profile, seed: 5, sealingKey, region: 'eu-west-1' }),
    ]
    for (const [i, other] of others.entries()) {
      const foreign = await createExternalKey(other)
      if (i === 0) expect(foreign.keyId).toBe(key.keyId)
      const params = await getParameters(other, foreign.keyId, algorithm)
      const homeParams = await getParameters(home, key.keyId, algorithm)
      await expectInvalid(home, key.keyId, params.importToken, wrap(params, MATERIAL), `token of service #${i}`)
      await expectInvalid(home, key.keyId, params.importToken, wrap(homeParams, MATERIAL), `token of service #${i}, material for home`)
    }
  })

  it('refuses a token replayed at or after ParametersValidTo with ExpiredImportTokenException — also after it was used, and from the cache', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 * 365 * DAY_MS }), fc.boolean(), async (after, usedBefore) => {
        const { kms, key, params, wrapped } = await setup(profile, algorithm)
        if (usedBefore) {
          kms.clock.set(params.parametersValidTo - 1)
          expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, wrapped)))
          expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: key.keyId }))
        }
        kms.clock.set(params.parametersValidTo + after)
        const before = kms.emulator.store()
        expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, wrapped)), 'ExpiredImportTokenException', EXPIRED_TOKEN)
        // an expired token that is also tampered with, or for another key, is invalid first
        expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, xorAt(params.importToken, params.importToken.length - 1, 1), wrapped)), 'InvalidImportTokenException', INVALID_TOKEN)
        const other = await createExternalKey(kms)
        const afterCreate = kms.emulator.store()
        expectError(await kms.call('ImportKeyMaterial', importBody(other.keyId, params.importToken, wrapped)), 'InvalidImportTokenException', INVALID_TOKEN)
        expect(kms.emulator.store()).toBe(afterCreate)
        expect(before).not.toBe(afterCreate)
        expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
      }),
      { numRuns: 8, examples: [[0, false], [0, true], [1, true], [HOUR_MS, false]] },
    )
  })
})
