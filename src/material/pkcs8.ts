/**
 * Validation of asymmetric key material (docs/evidence.md §6) with a maintained ASN.1 library
 * (@peculiar/asn1-*): PKCS#8 (BER or DER, nothing after it), the algorithm, named curves only,
 * curve and modulus matching the key spec, two-prime RSA whose parts agree, the EC private scalar
 * valid on its curve and agreeing with any public key it carries. Each failure is a reason that
 * says what is wrong without echoing key bytes.
 *
 * @module
 */
import { nodeCrypto } from '../crypto/builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import type { PrivateKeyInfo } from '@peculiar/asn1-pkcs8'
import { asn1Ecc, asn1Pkcs8, asn1Rsa, asn1Schema, asn1X509, parseBer } from '../crypto/libraries.js'
import type { KeySpec } from '../model/enums.js'
import { curveOfOid, type CurveInfo, type CurveName } from './curves.js'

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1'
const EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const SM2_ALGORITHM = '1.2.156.10197.1.301'

const bytesOf = (b: ArrayBuffer): Uint8Array => new Uint8Array(b)
const toBigInt = (b: ArrayBuffer): bigint => {
  const h = Buffer.from(b).toString('hex')
  return h === '' ? 0n : BigInt(`0x${h}`)
}
const bitLength = (n: bigint): number => n.toString(2).length
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b))

/** Parses PKCS#8, refusing anything after the outer structure. */
const parsePkcs8 = (der: Uint8Array): E.Either<string, PrivateKeyInfo> => {
  const notPkcs8 = 'The key material is not a PKCS#8 private key.'
  const ab = der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer
  const outer = parseBer(ab)
  if (outer === undefined || outer.offset === -1 || outer.offset !== der.byteLength) return E.left(notPkcs8)
  return E.tryCatch(() => asn1Schema().AsnConvert.parse(ab, asn1Pkcs8().PrivateKeyInfo), () => notPkcs8)
}

/**
 * Re-encodes valid material as node:crypto's PKCS#8 DER, so the same key always has the same bytes
 * (BER input, optional fields) and the same KeyMaterialId.
 */
const canonical = (der: Uint8Array): E.Either<string, Uint8Array> =>
  E.tryCatch(
    () => new Uint8Array(nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }).export({ format: 'der', type: 'pkcs8' })),
    () => 'The private key could not be loaded.',
  )

/**
 * The canonical PKCS#8 of an EC key: `id-ecPublicKey` with the named curve, and an RFC 5915
 * ECPrivateKey holding the scalar (padded to the curve's size) and the derived public point,
 * without inner parameters. Whatever optional fields a client sent, the same key gives the same
 * bytes; generated keys use the same encoding.
 * @param curve - the curve
 * @param d - a valid private scalar, `scalarBytes` long
 * @returns PKCS#8 DER (loadable by node:crypto), or Left
 * @since 0.1.0
 */
export const canonicalEc = (curve: CurveInfo, d: Uint8Array): E.Either<string, Uint8Array> =>
  E.tryCatch(() => {
    const { AsnConvert, OctetString } = asn1Schema()
    const { ECParameters, ECPrivateKey } = asn1Ecc()
    const { PrivateKey, PrivateKeyInfo } = asn1Pkcs8()
    const { AlgorithmIdentifier } = asn1X509()
    const ec = new ECPrivateKey({ version: 1, privateKey: new OctetString(d) })
    const point = curve.publicPoint(d)
    ec.publicKey = point.buffer.slice(point.byteOffset, point.byteOffset + point.byteLength) as ArrayBuffer
    const pki = new PrivateKeyInfo({
      version: 0,
      privateKeyAlgorithm: new AlgorithmIdentifier({ algorithm: EC_PUBLIC_KEY, parameters: AsnConvert.serialize(new ECParameters({ namedCurve: curve.oid })) }),
      privateKey: new PrivateKey(AsnConvert.serialize(ec)),
    })
    const der = new Uint8Array(AsnConvert.serialize(pki))
    nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }) // node:crypto must load what we store
    return der
  }, () => 'The private key could not be loaded.')

/**
 * Validates an RSA private key for a key spec.
 * @param der - PKCS#8 (BER or DER)
 * @param keySpec - the key spec, for messages
 * @param modulusBits - the modulus size the spec requires
 * @returns canonical PKCS#8 DER, or the reason
 * @since 0.1.0
 */
export const validateRsaPkcs8 = (der: Uint8Array, keySpec: KeySpec, modulusBits: number): E.Either<string, Uint8Array> =>
  E.flatMap(parsePkcs8(der), (pki) => {
    if (pki.privateKeyAlgorithm.algorithm !== RSA_ENCRYPTION) return E.left(`The key material must be an RSA private key for key spec ${keySpec}.`)
    const parsed = E.tryCatch(() => asn1Schema().AsnConvert.parse(pki.privateKey, asn1Rsa().RSAPrivateKey), () => 'The RSA private key is malformed.')
    return E.flatMap(parsed, (rsa) => {
      if (rsa.version !== 0 || (rsa.otherPrimeInfos?.length ?? 0) > 0) return E.left('Multi-prime RSA keys are not supported: the key must have exactly two primes.')
      const n = toBigInt(rsa.modulus)
      const bits = bitLength(n)
      if (bits !== modulusBits) return E.left(`The RSA key must have a ${modulusBits}-bit modulus for key spec ${keySpec}; it has ${bits} bits.`)
      const e = toBigInt(rsa.publicExponent)
      const d = toBigInt(rsa.privateExponent)
      const p = toBigInt(rsa.prime1)
      const q = toBigInt(rsa.prime2)
      const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n)
      if (p * q !== n || e < 3n || e % 2n === 0n || lambda === 0n || (d * e) % lambda !== 1n) return E.left('The RSA private key is inconsistent: its parts do not form a valid key.')
      return canonical(der)
    })
  })

/**
 * Validates an EC private key for a key spec: named curve only, the right curve, a valid scalar,
 * and a public key (when present) that matches it.
 * @param der - PKCS#8 (BER or DER)
 * @param keySpec - the key spec, for messages
 * @param curveName - the curve the spec requires
 * @returns canonical PKCS#8 DER, or the reason
 * @since 0.1.0
 */
export const validateEcPkcs8 = (der: Uint8Array, keySpec: KeySpec, curveName: CurveName): E.Either<string, Uint8Array> =>
  E.flatMap(parsePkcs8(der), (pki) => {
    const alg = pki.privateKeyAlgorithm
    if (alg.algorithm !== EC_PUBLIC_KEY && alg.algorithm !== SM2_ALGORITHM) return E.left(`The key material must be an EC private key for key spec ${keySpec}.`)
    const params = E.tryCatch(() => (alg.parameters == null ? undefined : asn1Schema().AsnConvert.parse(alg.parameters, asn1Ecc().ECParameters)), () => 'The EC parameters are malformed.')
    return E.flatMap(params, (p) => {
      if (p === undefined || p.namedCurve === undefined) return E.left('The EC key must use a named curve; explicit curve parameters are not supported.')
      const curve = curveOfOid(p.namedCurve)
      if (curve === undefined || curve.name !== curveName) return E.left(`The EC key must be on curve ${curveName} for key spec ${keySpec}.`)
      const parsed = E.tryCatch(() => asn1Schema().AsnConvert.parse(pki.privateKey, asn1Ecc().ECPrivateKey), () => 'The EC private key is malformed.')
      return E.flatMap(parsed, (ec) => {
        if (ec.parameters?.namedCurve !== undefined && ec.parameters.namedCurve !== curve.oid) return E.left('The EC private key names a different curve than its algorithm.')
        const raw = bytesOf(ec.privateKey.buffer)
        const stripped = raw.subarray(Math.max(0, raw.findIndex((b) => b !== 0)))
        if (stripped.length > curve.scalarBytes) return E.left(`The EC private key is not valid on curve ${curveName}.`)
        const d = new Uint8Array(curve.scalarBytes)
        d.set(stripped, curve.scalarBytes - stripped.length)
        if (!curve.isValidScalar(d)) return E.left(`The EC private key is not valid on curve ${curveName}.`)
        if (ec.publicKey !== undefined) {
          const given = bytesOf(ec.publicKey)
          const derived = curve.publicPoint(d)
          if (given.length !== derived.length || !given.every((b, i) => b === derived[i])) return E.left('The public key in the EC private key does not match its private key.')
        }
        return canonicalEc(curve, d)
      })
    })
  })
