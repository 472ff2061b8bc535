/**
 * The default crypto provider, on node:crypto.
 *
 * @module
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type { KeySpec, WrappingKeySpec } from '../model/enums.js'
import { Secret } from '../model/secret.js'
import type { CryptoProvider, WrappingKeyPair } from './provider.js'
import { unwrapMaterial } from './unwrap.js'
import { generateMaterialWith } from './generate-material.js'

const RSA_BITS: Readonly<Record<WrappingKeySpec, number | undefined>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096, SM2: undefined }

/**
 * A fresh RSA key pair as (SPKI DER, PKCS#8 DER).
 * @param bits - modulus size
 * @returns the pair
 * @internal
 */
export const generateRsaPair = (bits: number): { readonly publicKey: Uint8Array; readonly privateKey: Uint8Array } => {
  const pair = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 })
  return {
    publicKey: new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' })),
    privateKey: new Uint8Array(pair.privateKey.export({ format: 'der', type: 'pkcs8' })),
  }
}

/** Options of {@link createNodeProvider}. @since 0.1.0 */
export interface NodeProviderOptions {
  /** Reserved for the wrapping-key pool; ignored for now. */
  readonly pool?: unknown
}

/**
 * The node:crypto provider: fresh RSA wrapping key pairs from `generateKeyPairSync`, randomness
 * from `crypto.randomBytes`.
 * @param _options - options
 * @returns the provider
 * @example
 * const kms = createEmulator({ crypto: createNodeProvider() })
 * @since 0.1.0
 */
export const createNodeProvider = (_options: NodeProviderOptions = {}): CryptoProvider => {
  const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n))
  return {
    name: 'node',
    randomBytes: random,
    wrappingKeyPair: (spec: WrappingKeySpec): E.Either<string, WrappingKeyPair> => {
      const bits = RSA_BITS[spec]
      if (bits === undefined) return E.left(`wrapping key spec ${spec} is not supported by this provider`)
      return E.tryCatch(() => {
        const pair = generateRsaPair(bits)
        return { spec, publicKey: pair.publicKey, privateKey: Secret.of(pair.privateKey) }
      }, () => 'key pair generation failed')
    },
    unwrap: unwrapMaterial,
    generateKeyMaterial: (keySpec: KeySpec) => generateMaterialWith(keySpec, random, generateRsaPair),
    close: () => undefined,
  }
}
