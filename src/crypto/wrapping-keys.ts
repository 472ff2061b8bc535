/**
 * Generation of one wrapping key pair per wrapping key spec, on node:crypto: RSA 2048/3072/4096
 * with public exponent 65537, and SM2 (China partition) on OpenSSL's SM2 curve.
 *
 * @module
 */
import { nodeCrypto } from './builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import type { WrappingKeySpec } from '../model/enums.js'
import { Secret } from '../model/secret.js'
import type { WrappingKeyPair } from './provider.js'

/** RSA modulus size of each RSA wrapping key spec. @since 0.1.0 */
export const RSA_WRAPPING_BITS: Readonly<Partial<Record<WrappingKeySpec, number>>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 }

/**
 * A fresh RSA key pair as (SPKI DER, PKCS#8 DER).
 * @param bits - modulus size
 * @returns the pair
 * @since 0.1.0
 */
export const generateRsaPair = (bits: number): { readonly publicKey: Uint8Array; readonly privateKey: Uint8Array } => {
  const pair = nodeCrypto().generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 })
  return {
    publicKey: new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' })),
    privateKey: new Uint8Array(pair.privateKey.export({ format: 'der', type: 'pkcs8' })),
  }
}

/**
 * A fresh SM2 key pair as (SPKI DER, PKCS#8 DER), from OpenSSL's SM2 curve.
 * @returns the pair
 * @since 0.1.0
 */
export const generateSm2Pair = (): { readonly publicKey: Uint8Array; readonly privateKey: Uint8Array } => {
  const pair = nodeCrypto().generateKeyPairSync('ec', { namedCurve: 'SM2' })
  return {
    publicKey: new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' })),
    privateKey: new Uint8Array(pair.privateKey.export({ format: 'der', type: 'pkcs8' })),
  }
}

/**
 * Generates a wrapping key pair synchronously (the on-demand path).
 * @param spec - the wrapping key spec
 * @returns the pair, or Left with a reason
 * @since 0.1.0
 */
export const generateWrappingPair = (spec: WrappingKeySpec): E.Either<string, WrappingKeyPair> =>
  E.tryCatch(() => {
    const bits = RSA_WRAPPING_BITS[spec]
    const pair = bits !== undefined ? generateRsaPair(bits) : generateSm2Pair()
    return { spec, publicKey: pair.publicKey, privateKey: Secret.of(pair.privateKey) }
  }, () => `could not generate a ${spec} wrapping key pair`)
