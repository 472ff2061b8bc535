/**
 * The default crypto provider, on node:crypto.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { KeySpec } from '../model/enums.js'
import type { CryptoProvider } from './provider.js'
import { unwrapMaterial } from './unwrap.js'
import { generateMaterialWith } from './generate-material.js'
import { generateRsaPair, generateWrappingPair } from './wrapping-keys.js'

/** Options of {@link createNodeProvider}. @since 0.1.0 */
export interface NodeProviderOptions {
  /** Reserved for the wrapping-key pool; ignored for now. */
  readonly pool?: unknown
}

/**
 * The node:crypto provider: fresh wrapping key pairs from `generateKeyPairSync`, randomness from
 * `crypto.randomBytes`.
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
    wrappingKeyPair: generateWrappingPair,
    unwrap: unwrapMaterial,
    generateKeyMaterial: (keySpec: KeySpec) => generateMaterialWith(keySpec, random, generateRsaPair),
    close: () => undefined,
  }
}
