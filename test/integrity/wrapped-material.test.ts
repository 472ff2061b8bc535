/**
 * Integrity of EncryptedKeyMaterial (docs/evidence.md §4.5–4.7, §5), for every profile and each of its
 * wrapping algorithms: material wrapped under the wrong public key, with the wrong algorithm,
 * changed at a byte, cut short or extended, or made for another key's parameters is refused with
 * InvalidCiphertextException (PKCS#1 v1.5, whose padding check is weak, may instead decode to other
 * bytes, refused as IncorrectKeyMaterialException) — and nothing is ever imported that differs from
 * what the client wrapped: after every accepted import, ciphertexts the key makes open locally
 * with the client's material.
 */
import { constants, createCipheriv, createHmac, createPublicKey, publicEncrypt } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WrappingAlgorithm } from 'kms-key-import'
import { fixtureRsaKeyPairs, wrapKeyMaterial } from 'kms-key-import/testing'
import { createKey, createExternalKey, describeKey, expectError, expectOk, getParameters, importBody, newKms, wrap, xorAt, type Kms, type ImportParameters } from '../support/kms.js'
import { UNWRAP_FAILED } from '../support/messages.js'
import { PROFILE_ALGORITHMS, RSA_ALGORITHMS, holdsMaterial } from './support.js'

const isPkcs1 = (a: WrappingAlgorithm): boolean => a === 'RSAES_PKCS1_V1_5'
/** RSA private-key operations per property: PKCS#1 v1.5 unwrapping is pure-JS RSA (~25 ms). */
const runs = (a: WrappingAlgorithm, n: number): number => (isPkcs1(a) ? Math.max(3, Math.floor(n / 5)) : n)
const material32 = fc.uint8Array({ minLength: 32, maxLength: 32 })

/**
 * Imports `wrapped` with `params` into a PendingImport key and checks the outcome: refused with
 * InvalidCiphertextException (or, for PKCS#1 v1.5, IncorrectKeyMaterialException), the key
 * untouched; or — only when `mayHold` is given and the key then holds exactly that material —
 * accepted.
 */
const expectRefused = async (kms: Kms, keyId: string, params: ImportParameters, wrapped: Uint8Array, label: string, mayHold?: Uint8Array): Promise<void> => {
  const before = kms.emulator.store()
  const reply = await kms.call('ImportKeyMaterial', importBody(keyId, params.importToken, wrapped))
  expect(reply.status, `${label}: ${reply.raw.body}`).not.toBe(500)
  if (reply.status === 200) {
    expect(mayHold, `${label}: accepted`).toBeDefined()
    expect(await holdsMaterial(kms, keyId, mayHold as Uint8Array), `${label}: accepted other material`).toBe(true)
    expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: keyId }))
    return
  }
  const type = String(reply.body.__type)
  if (isPkcs1(params.algorithm) && type === 'IncorrectKeyMaterialException') {
    expect(Object.keys(reply.body).sort(), label).toEqual(['__type', 'message'])
  } else {
    expect([type, reply.body.message], `${label}: ${reply.raw.body}`).toEqual(['InvalidCiphertextException', UNWRAP_FAILED])
  }
  expect(kms.emulator.store(), label).toBe(before)
}

const setup = async (profile: (typeof PROFILE_ALGORITHMS)[number][0], algorithm: WrappingAlgorithm) => {
  const kms = newKms({ profile })
  const key = await createExternalKey(kms)
  const params = await getParameters(kms, key.keyId, algorithm)
  return { kms, key, params }
}

describe.each(PROFILE_ALGORITHMS)('EncryptedKeyMaterial on the %s profile with %s', (profile, algorithm) => {
  it('refuses material wrapped under another public key (every fixture RSA key but the token\'s, of every size)', async () => {
    const { kms, key, params } = await setup(profile, algorithm)
    const own = Buffer.from(params.publicKey).toString('base64')
    const others = (['RSA_2048', 'RSA_3072', 'RSA_4096'] as const).flatMap((spec) => fixtureRsaKeyPairs(spec))
      .map((p) => p.publicKey)
      .filter((pub) => Buffer.from(pub).toString('base64') !== own)
    expect(others.length).toBeGreaterThanOrEqual(10)
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: others.length - 1 }), material32, async (i, material) => {
        await expectRefused(kms, key.keyId, params, wrapKeyMaterial(others[i] as Uint8Array, algorithm, material), `under fixture key #${i}`)
      }),
      { numRuns: runs(algorithm, 12) },
    )
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
  })

  it('refuses material wrapped with any other algorithm under the right public key', async () => {
    const { kms, key, params } = await setup(profile, algorithm)
    const wrong = RSA_ALGORITHMS.filter((a) => a !== algorithm)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...wrong), material32, async (used, material) => {
        // OAEP with SHA-1 vs SHA-256 under the same key, RSA_AES vs OAEP framing, OAEP vs PKCS#1 v1.5 padding
        await expectRefused(kms, key.keyId, params, wrap(params, material, used), `wrapped with ${used}`)
      }),
      { numRuns: runs(algorithm, 12), examples: wrong.map((a) => [a, new Uint8Array(32).fill(1)] as [WrappingAlgorithm, Uint8Array]) },
    )
  })

  it('refuses material changed at any byte (RSA part and, for RSA_AES, the AES-KWP part), cut short or extended', async () => {
    const { kms, key, params } = await setup(profile, algorithm)
    const material = new Uint8Array(32).map((_, i) => 255 - i)
    const wrapped = wrap(params, material)
    const n = wrapped.length
    const change = fc.oneof(
      fc.tuple(fc.nat({ max: n - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, m]) => ({ label: `byte ${i} ^ ${m}`, bytes: xorAt(wrapped, i, m) })),
      fc.integer({ min: 1, max: n - 1 }).map((len) => ({ label: `first ${len} bytes`, bytes: wrapped.subarray(0, len) })),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((tail) => ({ label: `extended by ${tail.length}`, bytes: Uint8Array.from([...wrapped, ...tail]) })),
    )
    const edges = [0, 1, 255, 256, n - 1].filter((i) => i < n).map((i) => [{ label: `byte ${i} ^ 1`, bytes: xorAt(wrapped, i, 1) }] as [{ label: string; bytes: Uint8Array }])
    await fc.assert(
      fc.asyncProperty(change, async ({ label, bytes }) => {
        // PKCS#1 v1.5 may decode a change of its random padding to the same material: accepted only then
        await expectRefused(kms, key.keyId, params, bytes, label, isPkcs1(algorithm) ? material : undefined)
      }),
      { numRuns: runs(algorithm, 40), examples: edges },
    )
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
    expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, wrapped)))
    expect(await holdsMaterial(kms, key.keyId, material)).toBe(true)
  })

  it(`refuses a change at ${isPkcs1(algorithm) ? 'any (sampled: pure-JS RSA)' : 'every'} byte position with InvalidCiphertextException`, async () => {
    const { kms, key, params } = await setup(profile, algorithm)
    const material = new Uint8Array(32).map((_, i) => i ^ 0x5a)
    const wrapped = wrap(params, material)
    const n = wrapped.length
    const at = isPkcs1(algorithm) ? fc.uniqueArray(fc.nat({ max: n - 1 }), { minLength: 12, maxLength: 12 }) : fc.constant(Array.from({ length: n }, (_, i) => i))
    let before = kms.emulator.store()
    await fc.assert(
      fc.asyncProperty(at, fc.array(fc.integer({ min: 1, max: 255 }), { minLength: n, maxLength: n }), async (positions, masks) => {
        for (const i of positions) {
          // through invoke: the same operation as handle, without the JSON round trip, for hundreds of RSA decryptions
          const result = await kms.emulator.invoke('ImportKeyMaterial', {
            KeyId: key.keyId, ImportToken: params.importToken, EncryptedKeyMaterial: xorAt(wrapped, i, masks[i] as number), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
          })
          const tag = result._tag === 'Left' ? result.left._tag : 'accepted'
          if (isPkcs1(algorithm) && tag !== 'InvalidCiphertextException') {
            expect(tag === 'IncorrectKeyMaterialException' || (tag === 'accepted' && (await holdsMaterial(kms, key.keyId, material))), `byte ${i}: ${tag}`).toBe(true)
            if (tag === 'accepted') {
              expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: key.keyId }))
              before = kms.emulator.store()
            } else expect(kms.emulator.store()).toBe(before)
          } else {
            expect(result._tag === 'Left' ? [tag, result.left.message] : [tag], `byte ${i} ^ ${masks[i]}`).toEqual(['InvalidCiphertextException', UNWRAP_FAILED])
            expect(kms.emulator.store()).toBe(before)
          }
        }
      }),
      { numRuns: 1 },
    )
  })

  it('refuses material wrapped for another key\'s parameters (another wrapping key pair)', async () => {
    const kms = newKms({ profile })
    const a = await createExternalKey(kms)
    const b = await createExternalKey(kms)
    const pa = await getParameters(kms, a.keyId, algorithm)
    let pb = await getParameters(kms, b.keyId, algorithm)
    // the deterministic provider cycles through its fixture key pairs: make sure the two differ
    while (Buffer.from(pb.publicKey).equals(Buffer.from(pa.publicKey))) pb = await getParameters(kms, b.keyId, algorithm)
    await fc.assert(
      fc.asyncProperty(material32, fc.boolean(), async (material, aWithB) => {
        const [target, own, foreign] = aWithB ? [a, pa, pb] : [b, pb, pa]
        await expectRefused(kms, target.keyId, own, wrap(foreign, material), `${aWithB ? 'A' : 'B'} with the other's wrapped material`)
      }),
      { numRuns: runs(algorithm, 8) },
    )
  })

  it('imports exactly what the client wrapped, and never anything else, whatever is done to it', async () => {
    const { kms } = await setup(profile, algorithm)
    const mutation = fc.oneof(
      { weight: 2, arbitrary: fc.constant({ kind: 'none' as const, at: 0, mask: 0 }) },
      { weight: 3, arbitrary: fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => ({ kind: 'xor' as const, at, mask })) },
      { weight: 1, arbitrary: fc.nat().map((at) => ({ kind: 'truncate' as const, at, mask: 0 })) },
    )
    await fc.assert(
      fc.asyncProperty(material32, mutation, async (material, m) => {
        const key = await createExternalKey(kms)
        const params = await getParameters(kms, key.keyId, algorithm)
        const wrapped = wrap(params, material)
        const sent = m.kind === 'none' ? wrapped : m.kind === 'xor' ? xorAt(wrapped, m.at % wrapped.length, m.mask) : wrapped.subarray(0, 1 + (m.at % (wrapped.length - 1)))
        const reply = await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, sent))
        expect(reply.status, reply.raw.body).not.toBe(500)
        if (m.kind === 'none') expectOk(reply)
        if (reply.status === 200) expect(await holdsMaterial(kms, key.keyId, material), `${m.kind} accepted other material`).toBe(true)
        else expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
      }),
      { numRuns: runs(algorithm, 15) },
    )
  })
})

describe.each(PROFILE_ALGORITHMS.filter(([p, a]) => p !== 'classic' && a.startsWith('RSA_AES')))('HMAC material on the %s profile with %s', (profile, algorithm) => {
  it('imports exactly the HMAC key the client wrapped: its MACs are the client\'s, whatever is done to the wrapping', async () => {
    const kms = newKms({ profile })
    const message = new TextEncoder().encode('integrity probe')
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 64 }), fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { nil: undefined }), async (material, flip) => {
        const key = await createKey(kms, { Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
        const params = await getParameters(kms, key.keyId, algorithm)
        const wrapped = wrap(params, material)
        const sent = flip === undefined ? wrapped : xorAt(wrapped, flip[0] % wrapped.length, flip[1])
        const reply = await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, sent))
        if (flip === undefined) expectOk(reply)
        else expect([reply.body.__type, reply.body.message], reply.raw.body).toEqual(['InvalidCiphertextException', UNWRAP_FAILED])
        if (reply.status !== 200) return
        const mac = expectOk(await kms.call('GenerateMac', { KeyId: key.keyId, Message: Buffer.from(message).toString('base64'), MacAlgorithm: 'HMAC_SHA_256' })).Mac
        expect(mac).toBe(createHmac('sha256', material).update(message).digest('base64'))
      }),
      { numRuns: 15 },
    )
  })
})

describe('RSA_AES_KEY_WRAP: the AES key under RSA-OAEP is 32 bytes (docs/evidence.md §5: id-aes256-wrap-pad)', () => {
  const hashOf = { RSA_AES_KEY_WRAP_SHA_1: 'sha1', RSA_AES_KEY_WRAP_SHA_256: 'sha256' } as const
  /** E ‖ W of §5, made here with node:crypto: W = AES-KWP(K, material), E = RSAES-OAEP(K), for a K of any size. */
  const wrapWithAesKey = (params: ImportParameters, algorithm: keyof typeof hashOf, aesKey: Uint8Array, material: Uint8Array): Uint8Array => {
    const kwp = createCipheriv(`id-aes${aesKey.length * 8}-wrap-pad`, aesKey, Buffer.from('A65959A6', 'hex'))
    const w = Buffer.concat([kwp.update(material), kwp.final()])
    const publicKey = createPublicKey({ key: Buffer.from(params.publicKey), format: 'der', type: 'spki' })
    const e = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hashOf[algorithm] }, aesKey)
    return new Uint8Array(Buffer.concat([e, w]))
  }

  it.each(['RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const)('refuses a 16- or 24-byte AES key with InvalidCiphertextException, and imports with a 32-byte one (%s)', async (algorithm) => {
    const kms = newKms({ profile: '2023-10-10' })
    const key = await createExternalKey(kms)
    const params = await getParameters(kms, key.keyId, algorithm)
    const material = new Uint8Array(32).fill(7)
    for (const size of [16, 24]) {
      const reply = await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, wrapWithAesKey(params, algorithm, new Uint8Array(size).fill(0x11), material)))
      expectError(reply, 'InvalidCiphertextException', UNWRAP_FAILED)
      expect((await describeKey(kms, key.keyId)).KeyState, `${size}-byte AES key`).toBe('PendingImport')
    }
    expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, wrapWithAesKey(params, algorithm, new Uint8Array(32).fill(0x11), material))))
    expect(await holdsMaterial(kms, key.keyId, material)).toBe(true)
  })
})
