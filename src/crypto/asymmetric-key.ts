/**
 * An asymmetric private key loaded from stored material (canonical PKCS#8 DER, behind `Secret`):
 * node:crypto key objects, the DER SPKI of its public half, and for EC keys the curve, the private
 * scalar and the public point that @noble/curves and sm-crypto-v2 work with.
 *
 * @module
 */
import type { KeyObject } from 'node:crypto'
import { nodeCrypto } from './builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import { asn1Ecc, asn1Pkcs8, asn1Schema } from './libraries.js'
import { curveOfOid, type CurveInfo } from '../material/curves.js'
import { revealSecret, type Secret } from '../model/secret.js'

/** An RSA private key. @since 0.1.0 */
export interface RsaKey {
  readonly kind: 'rsa'
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array
  readonly modulusBits: number
  /** Modulus length in bytes (`k` of RFC 8017). */
  readonly modulusBytes: number
}

/** An EC private key (NIST, secp256k1 or SM2 curve). @since 0.1.0 */
export interface EcKey {
  readonly kind: 'ec'
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array
  readonly curve: CurveInfo
  /** The private scalar, big-endian, `curve.scalarBytes` long. */
  readonly d: Uint8Array
  /** The uncompressed public point `04 ‖ X ‖ Y`. */
  readonly publicPoint: Uint8Array
}

/** A loaded asymmetric private key. @since 0.1.0 */
export type AsymmetricKey = RsaKey | EcKey

const EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const SM2_ALGORITHM = '1.2.156.10197.1.301'

const ecScalar = (der: Uint8Array): E.Either<string, { readonly curve: CurveInfo; readonly d: Uint8Array }> =>
  E.flatMap(
    E.tryCatch(() => {
      const { AsnConvert } = asn1Schema()
      const { ECParameters, ECPrivateKey } = asn1Ecc()
      const pki = AsnConvert.parse(der, asn1Pkcs8().PrivateKeyInfo)
      if (pki.privateKeyAlgorithm.algorithm !== EC_PUBLIC_KEY && pki.privateKeyAlgorithm.algorithm !== SM2_ALGORITHM) throw new TypeError('not an EC key')
      const params = pki.privateKeyAlgorithm.parameters == null ? undefined : AsnConvert.parse(pki.privateKeyAlgorithm.parameters, ECParameters)
      return { oid: params?.namedCurve, raw: new Uint8Array(AsnConvert.parse(pki.privateKey, ECPrivateKey).privateKey.buffer) }
    }, () => 'the EC private key does not parse'),
    ({ oid, raw }) => {
      const curve = oid === undefined ? undefined : curveOfOid(oid)
      if (curve === undefined) return E.left('the EC private key is not on a known named curve')
      const stripped = raw.subarray(Math.max(0, raw.findIndex((b) => b !== 0)))
      if (stripped.length > curve.scalarBytes) return E.left('the EC private scalar is too long')
      const d = new Uint8Array(curve.scalarBytes)
      d.set(stripped, curve.scalarBytes - stripped.length)
      return E.right({ curve, d })
    },
  )

/**
 * Loads stored asymmetric material.
 * @param material - canonical PKCS#8 DER of an RSA or EC private key
 * @returns the key, or Left with a reason (never key bytes) when it does not load
 * @since 0.1.0
 */
export const loadAsymmetricKey = (material: Secret): E.Either<string, AsymmetricKey> => {
  const der = revealSecret(material)
  return E.flatMap(
    E.tryCatch(() => {
      const privateKey = nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })
      const publicKey = nodeCrypto().createPublicKey(privateKey)
      return { privateKey, publicKey, spki: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })) }
    }, () => 'the private key does not load'),
    ({ privateKey, publicKey, spki }): E.Either<string, AsymmetricKey> => {
      if (privateKey.asymmetricKeyType === 'rsa') {
        const modulusBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0
        return E.right({ kind: 'rsa', privateKey, publicKey, spki, modulusBits, modulusBytes: Math.ceil(modulusBits / 8) })
      }
      // node reports SM2 keys read back from PKCS#8 with no key type (OpenSSL 3 types them SM2): the
      // PKCS#8 itself says whether it is an EC key on a known curve.
      return E.flatMap(ecScalar(der), ({ curve, d }) =>
        E.tryCatch((): AsymmetricKey => ({ kind: 'ec', privateKey, publicKey, spki, curve, d, publicPoint: curve.publicPoint(d) }), () => 'the EC public point cannot be derived'))
    },
  )
}
