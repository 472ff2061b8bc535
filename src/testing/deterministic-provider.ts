/**
 * A deterministic crypto provider for tests: seeded randomness and RSA wrapping key pairs taken
 * from committed fixtures (no RSA key generation at test time). Same seed, same sequence of
 * bytes, keys and tokens.
 *
 * @module
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { generateMaterialWith, seededEcKey } from '../material/generate.js'
import type { CryptoProvider, WrappingKeyPair } from '../crypto/provider.js'
import { createParsedKeys } from '../crypto/parsed-keys.js'
import { importTokens } from '../crypto/token.js'
import type { KeySpec, WrappingKeySpec } from '../model/enums.js'
import { Secret } from '../model/secret.js'
import { FIXTURE_RSA_PKCS8 } from './fixture-keys.js'

type RsaSpec = keyof typeof FIXTURE_RSA_PKCS8

/**
 * One fixture RSA key pair. @since 0.1.0
 */
export interface FixturePair {
  /** DER SubjectPublicKeyInfo. */
  readonly publicKey: Uint8Array
  /** PKCS#8 DER. */
  readonly privateKey: Uint8Array
}

let fixtures: Readonly<Record<RsaSpec, readonly FixturePair[]>> | undefined
const loadFixtures = (): Readonly<Record<RsaSpec, readonly FixturePair[]>> => {
  if (fixtures === undefined) {
    const load = (spec: RsaSpec): readonly FixturePair[] =>
      FIXTURE_RSA_PKCS8[spec].map((b64) => {
        const der = Buffer.from(b64, 'base64')
        const pub = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))
        return { privateKey: new Uint8Array(der), publicKey: new Uint8Array(pub.export({ format: 'der', type: 'spki' })) }
      })
    fixtures = { RSA_2048: load('RSA_2048'), RSA_3072: load('RSA_3072'), RSA_4096: load('RSA_4096') }
  }
  return fixtures
}

/**
 * The committed fixture RSA key pairs (SPKI and PKCS#8 DER), per modulus size. Public test data.
 * @param spec - `RSA_2048`, `RSA_3072` or `RSA_4096`
 * @returns the pairs
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createPublicKey } from 'node:crypto'
 * import { fixtureRsaKeyPairs } from 'kms-key-import/testing'
 * const [pair] = fixtureRsaKeyPairs('RSA_2048')
 * assert.ok(pair !== undefined)
 * const publicKey = createPublicKey({ key: Buffer.from(pair.publicKey), format: 'der', type: 'spki' })
 * assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, 2048)
 * ```
 * @since 0.1.0
 */
export const fixtureRsaKeyPairs = (spec: RsaSpec): readonly FixturePair[] => loadFixtures()[spec]

/**
 * The order in which a seed hands out the fixture pairs of a spec: a Fisher–Yates shuffle driven by
 * SHA-256 of the seed and the spec, apart from the seed's byte stream (so the ids, tokens and EC
 * keys a seed gives do not depend on it). Different seeds give different sequences of pairs.
 */
const seededOrder = (seed: Uint8Array, spec: RsaSpec, n: number): readonly number[] => {
  const order = Array.from({ length: n }, (_, i) => i)
  const digest = sha256(new Uint8Array([...seed, ...new TextEncoder().encode(`/fixture-order/${spec}`)]))
  for (let i = n - 1; i > 0; i--) {
    const j = (digest[i % digest.length] as number) % (i + 1)
    ;[order[i], order[j]] = [order[j] as number, order[i] as number]
  }
  return order
}

/** Options of {@link createDeterministicProvider}. @since 0.1.0 */
export interface DeterministicProviderOptions {
  /** Seed of the byte stream (default 1). */
  readonly seed?: number
}

/**
 * A deterministic provider: randomness is SHA-256 in counter mode over the seed; wrapping key
 * pairs cycle through the fixture pairs of each spec in an order the seed selects (pairs repeat
 * across calls; tokens still differ, since each has a fresh nonce). Material of `AWS_KMS` keys: RSA keys are the fixture
 * pairs too (no RSA generation at test time); EC keys (every ECC spec and SM2) have a private
 * scalar drawn from the seeded stream, so the same seed gives the same keys.
 * @param options - the seed
 * @returns the provider
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const firstKeyId = async (seed: number): Promise<string> => {
 *   const created = await createEmulator({ crypto: createDeterministicProvider({ seed }) }).invoke('CreateKey', {})
 *   return created._tag === 'Right' ? created.right.KeyMetadata.KeyId : ''
 * }
 * assert.equal(await firstKeyId(42), await firstKeyId(42)) // same seed, same key ids, keys and tokens
 * assert.notEqual(await firstKeyId(42), await firstKeyId(43))
 * ```
 * @since 0.1.0
 */
export const createDeterministicProvider = (options: DeterministicProviderOptions = {}): CryptoProvider => {
  const seed = new TextEncoder().encode(`kms-key-import/deterministic/${options.seed ?? 1}`)
  let counter = 0
  let pool = new Uint8Array(0)
  const randomBytes = (n: number): Uint8Array => {
    const out = new Uint8Array(n)
    let filled = 0
    while (filled < n) {
      if (pool.length === 0) {
        const block = new Uint8Array(seed.length + 8)
        block.set(seed)
        new DataView(block.buffer).setBigUint64(seed.length, BigInt(counter++))
        pool = sha256(block)
      }
      const take = Math.min(pool.length, n - filled)
      out.set(pool.subarray(0, take), filled)
      pool = pool.subarray(take)
      filled += take
    }
    return out
  }
  const next: Record<string, number> = { RSA_2048: 0, RSA_3072: 0, RSA_4096: 0 }
  const orders: Partial<Record<RsaSpec, readonly number[]>> = {}
  const fixtureRsa = (bits: number): FixturePair => {
    const spec = `RSA_${bits}` as RsaSpec
    const pairs = loadFixtures()[spec]
    const order = orders[spec] ?? (orders[spec] = seededOrder(seed, spec, pairs.length))
    const i = next[spec] ?? 0
    next[spec] = i + 1
    return pairs[order[i % order.length] as number] as FixturePair
  }
  return {
    name: 'deterministic',
    randomBytes,
    wrappingKeyPair: (spec: WrappingKeySpec): E.Either<string, WrappingKeyPair> => {
      if (spec === 'SM2') {
        // SM2 key generation is cheap: draw the key from the seed, like the EC material
        return E.flatMap(seededEcKey(randomBytes)('SM2'), (der) =>
          E.tryCatch(() => ({
            spec,
            publicKey: new Uint8Array(createPublicKey(createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' })),
            privateKey: Secret.of(der),
          }), () => 'SM2 wrapping key encoding failed'))
      }
      const pair = fixtureRsa(Number(spec.slice(4)))
      return E.right({ spec, publicKey: Uint8Array.from(pair.publicKey), privateKey: Secret.of(pair.privateKey) })
    },
    unwrap: createParsedKeys().unwrap,
    ...importTokens(randomBytes),
    generateKeyMaterial: (keySpec: KeySpec) => generateMaterialWith(keySpec, randomBytes, fixtureRsa, seededEcKey(randomBytes)),
    close: () => undefined,
  }
}
