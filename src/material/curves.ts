/**
 * The named curves of importable EC key specs, as data: OID, private-scalar checks and public-key
 * derivation (@noble/curves; SM2 from sm-crypto-v2, since noble has no SM2 curve).
 *
 * @module
 */
import { nistCurves, secp256k1Curve, smCrypto } from '../crypto/libraries.js'

/** A curve name of a `MaterialRule` of kind `ec`. @since 0.1.0 */
export type CurveName = 'P-256' | 'P-384' | 'P-521' | 'secp256k1' | 'SM2'

/** What material validation needs of a curve. @since 0.1.0 */
export interface CurveInfo {
  readonly name: CurveName
  /** OID of the named curve in ECParameters. */
  readonly oid: string
  /** Private scalar size in bytes. */
  readonly scalarBytes: number
  /** Whether a scalar (big-endian, `scalarBytes` long) is a valid private key on the curve. */
  readonly isValidScalar: (d: Uint8Array) => boolean
  /** The uncompressed public point `04 ‖ X ‖ Y` of a valid scalar. */
  readonly publicPoint: (d: Uint8Array) => Uint8Array
}

const SM2_ORDER = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123')
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** The curves, by name. @since 0.1.0 */
export const curves: Readonly<Record<CurveName, CurveInfo>> = {
  'P-256': { name: 'P-256', oid: '1.2.840.10045.3.1.7', scalarBytes: 32, isValidScalar: (d) => nistCurves().p256.utils.isValidSecretKey(d), publicPoint: (d) => nistCurves().p256.getPublicKey(d, false) },
  'P-384': { name: 'P-384', oid: '1.3.132.0.34', scalarBytes: 48, isValidScalar: (d) => nistCurves().p384.utils.isValidSecretKey(d), publicPoint: (d) => nistCurves().p384.getPublicKey(d, false) },
  'P-521': { name: 'P-521', oid: '1.3.132.0.35', scalarBytes: 66, isValidScalar: (d) => nistCurves().p521.utils.isValidSecretKey(d), publicPoint: (d) => nistCurves().p521.getPublicKey(d, false) },
  secp256k1: { name: 'secp256k1', oid: '1.3.132.0.10', scalarBytes: 32, isValidScalar: (d) => secp256k1Curve().secp256k1.utils.isValidSecretKey(d), publicPoint: (d) => secp256k1Curve().secp256k1.getPublicKey(d, false) },
  SM2: {
    name: 'SM2',
    oid: '1.2.156.10197.1.301',
    scalarBytes: 32,
    // GB/T 32918.1: d ∈ [1, n − 2]
    isValidScalar: (d) => {
      if (d.length !== 32) return false
      const v = BigInt(`0x${hex(d)}`)
      return v >= 1n && v <= SM2_ORDER - 2n
    },
    publicPoint: (d) => new Uint8Array(Buffer.from(smCrypto().sm2.getPublicKeyFromPrivateKey(hex(d)), 'hex')),
  },
}

/**
 * The curve of an OID, if it is one the library knows.
 * @param oid - a named-curve OID
 * @returns the curve, or undefined
 * @since 0.1.0
 */
export const curveOfOid = (oid: string): CurveInfo | undefined => Object.values(curves).find((c) => c.oid === oid)
