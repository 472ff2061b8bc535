/**
 * EC material of `AWS_KMS` keys: both providers generate it (node from OpenSSL, the deterministic
 * provider from its seeded stream, SM2 included), as canonical PKCS#8 that passes the same
 * validation as imported material, so GetPublicKey and Sign work on generated EC keys and OpenSSL
 * verifies their signatures.
 */
import { createHash, createPrivateKey } from 'node:crypto'
import { inspect } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createNodeProvider, getKey } from 'kms-key-import'
import { generateMaterialWith, opensslEcKey, seededEcKey } from '../../src/material/generate.js'
import { validateEcPkcs8 } from '../../src/material/pkcs8.js'
import type { CurveName } from '../../src/material/curves.js'
import { revealSecret } from '../../src/model/secret.js'
import { b64, bytesAt, createKey, expectOk, type Kms } from '../support/kms.js'
import { newKms, openssl, publicPem } from './support.js'

const CURVES: readonly (readonly [string, CurveName, string])[] = [
  ['ECC_NIST_P256', 'P-256', 'prime256v1'], ['ECC_NIST_P384', 'P-384', 'secp384r1'], ['ECC_NIST_P521', 'P-521', 'secp521r1'],
  ['ECC_SECG_P256K1', 'secp256k1', 'secp256k1'], ['SM2', 'SM2', 'SM2'],
]
const SPEC_OF: Readonly<Record<CurveName, Parameters<typeof validateEcPkcs8>[1]>> = {
  'P-256': 'ECC_NIST_P256', 'P-384': 'ECC_NIST_P384', 'P-521': 'ECC_NIST_P521', secp256k1: 'ECC_SECG_P256K1', SM2: 'SM2',
}

/** A byte stream from a seed (SHA-256 in counter mode). */
const streamOf = (seed: number): ((n: number) => Uint8Array) => {
  let counter = 0
  return (n) => {
    const out = new Uint8Array(n)
    for (let at = 0; at < n; at += 32) out.set(createHash('sha256').update(`${seed}/${counter++}`).digest().subarray(0, Math.min(32, n - at)), at)
    return out
  }
}

/** Validation as for imported material; valid material comes back unchanged (it is already canonical). */
const expectValid = (curve: CurveName, der: Uint8Array): void => {
  const validated = validateEcPkcs8(der, SPEC_OF[curve], curve)
  expect(E.isRight(validated), E.isLeft(validated) ? validated.left : '').toBe(true)
  if (E.isRight(validated)) expect(b64(validated.right)).toBe(b64(der))
}

describe('EC material generators', () => {
  it.each(CURVES)('%s: the seeded generator makes a valid canonical PKCS#8 key, the same for the same stream', (_spec, curve) => {
    const a = seededEcKey(streamOf(1))(curve)
    const b = seededEcKey(streamOf(1))(curve)
    const c = seededEcKey(streamOf(2))(curve)
    if (E.isLeft(a) || E.isLeft(b) || E.isLeft(c)) throw new Error('generation failed')
    expectValid(curve, a.right)
    expect(b64(b.right)).toBe(b64(a.right))
    expect(b64(c.right)).not.toBe(b64(a.right))
  })

  it.each(CURVES)('%s: OpenSSL\'s generator makes a valid canonical PKCS#8 key on the curve', (_spec, curve, opensslName) => {
    const der = opensslEcKey(curve)
    if (E.isLeft(der)) throw new Error(der.left)
    expectValid(curve, der.right)
    if (curve !== 'SM2') expect(createPrivateKey({ key: Buffer.from(der.right), format: 'der', type: 'pkcs8' }).asymmetricKeyDetails?.namedCurve).toBe(opensslName)
  })

  it('property: every seeded P-521 and SM2 key is valid (the masked first byte, the SM2 order)', () => {
    fc.assert(fc.property(fc.integer(), fc.constantFrom<CurveName>('P-521', 'SM2', 'secp256k1'), (seed, curve) => {
      const der = seededEcKey(streamOf(seed))(curve)
      if (E.isLeft(der)) return false
      expectValid(curve, der.right)
      return true
    }), { numRuns: 40 })
  })

  it('generates for every key spec but ML-DSA: raw bytes for symmetric and HMAC, PKCS#8 for RSA and EC', () => {
    const random = streamOf(3)
    const rsa = (): { readonly privateKey: Uint8Array } => ({ privateKey: new Uint8Array([1, 2, 3]) })
    const length = (spec: Parameters<typeof generateMaterialWith>[0]): number | string => {
      const m = generateMaterialWith(spec, random, rsa, seededEcKey(random))
      return E.isRight(m) ? m.right.length : m.left
    }
    expect([length('SYMMETRIC_DEFAULT'), length('HMAC_224'), length('HMAC_512'), length('RSA_2048')]).toEqual([32, 28, 64, 3])
    expect(length('ECC_NIST_P256')).toBe(E.getOrElse((): Uint8Array => new Uint8Array(0))(seededEcKey(streamOf(4))('P-256')).length)
    expect(length('ML_DSA_44')).toBe('no material generator for ML_DSA_44')
  })
})

/** Sign with a generated key; OpenSSL verifies against the key's GetPublicKey. */
const signAndVerifyWithOpenssl = async (kms: Kms, keySpec: string): Promise<string> => {
  const key = await createKey(kms, { KeySpec: keySpec, KeyUsage: 'SIGN_VERIFY' })
  const spki = bytesAt(expectOk(await kms.call('GetPublicKey', { KeyId: key.keyId })), 'PublicKey')
  const message = new TextEncoder().encode(`signed by a generated ${keySpec} key`)
  const algorithm = { ECC_NIST_P256: 'ECDSA_SHA_256', ECC_NIST_P384: 'ECDSA_SHA_384', ECC_NIST_P521: 'ECDSA_SHA_512', ECC_SECG_P256K1: 'ECDSA_SHA_256', SM2: 'SM2DSA' }[keySpec] ?? ''
  const signature = bytesAt(expectOk(await kms.call('Sign', { KeyId: key.keyId, Message: b64(message), SigningAlgorithm: algorithm })), 'Signature')
  const files = { 'pub.pem': publicPem(spki), 'sig.bin': signature, 'msg.bin': message }
  const { stdout } = keySpec === 'SM2'
    ? openssl(files, ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg.bin', '-sigfile', 'sig.bin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678'])
    : openssl(files, ['dgst', `-sha${algorithm.slice(-3)}`, '-verify', 'pub.pem', '-signature', 'sig.bin', 'msg.bin'])
  expect(stdout.trim()).toMatch(/^(Verified OK|Signature Verified Successfully)$/)
  return b64(spki)
}

describe('AWS_KMS EC keys hold generated material', () => {
  it.each(CURVES.filter(([spec]) => spec !== 'SM2'))('%s (deterministic provider): GetPublicKey and Sign work; OpenSSL verifies', async (spec) => {
    await signAndVerifyWithOpenssl(newKms(), spec)
  })

  it('SM2 in a China Region (deterministic provider): SM2DSA signatures verify with OpenSSL', async () => {
    await signAndVerifyWithOpenssl(newKms({ region: 'cn-north-1' }), 'SM2')
  })

  it('the deterministic provider gives the same keys for the same seed and other keys for another seed', async () => {
    const keyOf = async (seed: number): Promise<string> => {
      const kms = newKms({ seed })
      const key = await createKey(kms, { KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' })
      return String(expectOk(await kms.call('GetPublicKey', { KeyId: key.keyId })).PublicKey)
    }
    expect(await keyOf(5)).toBe(await keyOf(5))
    expect(await keyOf(5)).not.toBe(await keyOf(6))
  })

  it('the node provider generates EC keys with OpenSSL (every curve, SM2 in China): OpenSSL verifies their signatures', async () => {
    for (const region of ['us-east-1', 'cn-north-1']) {
      const kms = newKms({ region, provider: createNodeProvider({ pool: false }) })
      try {
        for (const [spec] of CURVES.filter(([s]) => (s === 'SM2') === (region === 'cn-north-1'))) await signAndVerifyWithOpenssl(kms, spec)
      } finally {
        kms.emulator.close()
      }
    }
  })

  it('generated material is never visible: the stored record prints no key bytes', async () => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    const record = getKey(kms.emulator.store(), key.keyId)
    const secret = record?.materials[0]?.secret
    if (secret === undefined) throw new Error('no material')
    const der = revealSecret(secret)
    expect(der.length).toBeGreaterThan(100)
    for (const shown of [JSON.stringify(record), inspect(record, { depth: 10 })]) {
      expect(shown).toContain('[Secret: redacted]')
      expect(shown).not.toContain(Buffer.from(der).toString('base64').slice(0, 40))
      expect(shown).not.toContain(Buffer.from(der).toString('hex').slice(0, 40))
    }
  })
})
