/**
 * SM2 public-key encryption (GB/T 32918.4 / GM/T 0003.4, with SM3), for the `SM2PKE` wrapping
 * algorithm of the China partition. Built on the maintained `sm-crypto-v2` package (noble has no
 * SM2 curve). Ciphertext is accepted in the two forms clients produce: the ASN.1 DER of
 * GM/T 0009 (`SEQUENCE { x, y, C3, C2 }`, what OpenSSL writes) and the raw `04 ‖ x ‖ y ‖ C3 ‖ C2`
 * (C1C3C2 order).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { asn1Ecc, asn1js, asn1Pkcs8, asn1Schema, asn1X509, parseBer, smCrypto } from './libraries.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/**
 * The private scalar of an SM2 PKCS#8 key, as 64 hex characters.
 * @param pkcs8 - PKCS#8 DER
 * @returns the scalar, or Left
 * @since 0.1.0
 */
export const sm2ScalarHex = (pkcs8: Uint8Array): E.Either<string, string> =>
  E.tryCatch(() => {
    const { AsnConvert } = asn1Schema()
    const pki = AsnConvert.parse(pkcs8, asn1Pkcs8().PrivateKeyInfo)
    const d = new Uint8Array(AsnConvert.parse(pki.privateKey, asn1Ecc().ECPrivateKey).privateKey.buffer)
    return hex(d).padStart(64, '0')
  }, () => 'not an SM2 private key')

const fixed = (b: Uint8Array, n: number): Uint8Array | undefined => {
  const stripped = b.subarray(Math.max(0, b.findIndex((x) => x !== 0)))
  if (stripped.length > n) return undefined
  const out = new Uint8Array(n)
  out.set(stripped, n - stripped.length)
  return out
}

/**
 * The raw `x ‖ y ‖ C3 ‖ C2` of a GM/T 0009 DER ciphertext, strictly: exactly
 * `SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3 (32), OCTET STRING C2 }` in DER (it must
 * re-encode to the same bytes), nothing after it.
 */
const rawOfDer = (der: Uint8Array): E.Either<string, string> => {
  const bad = E.left('not a GM/T 0009 SM2 ciphertext')
  const { Integer, OctetString, Sequence } = asn1js()
  const ab = der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer
  const parsed = parseBer(ab)
  if (parsed === undefined || parsed.offset !== der.byteLength || !(parsed.result instanceof Sequence)) return bad
  const [x, y, c3, c2, ...rest] = parsed.result.valueBlock.value
  if (!(x instanceof Integer) || !(y instanceof Integer) || !(c3 instanceof OctetString) || !(c2 instanceof OctetString) || rest.length > 0) return bad
  // exact classes: asn1js's Enumerated extends Integer, and must not pass for one
  const exact = (v: object, c: unknown): boolean => v.constructor === c
  if (!exact(x, Integer) || !exact(y, Integer) || !exact(c3, OctetString) || !exact(c2, OctetString)) return bad
  const reencoded = new Uint8Array(parsed.result.toBER(false))
  if (reencoded.length !== der.length || !reencoded.every((b, i) => b === der[i])) return bad
  const xb = fixed(new Uint8Array(x.valueBlock.valueHexView), 32)
  const yb = fixed(new Uint8Array(y.valueBlock.valueHexView), 32)
  const c3b = new Uint8Array(c3.valueBlock.valueHexView)
  const c2b = new Uint8Array(c2.valueBlock.valueHexView)
  if (xb === undefined || yb === undefined || c3b.length !== 32 || c2b.length === 0) return bad
  return E.right(hex(xb) + hex(yb) + hex(c3b) + hex(c2b))
}

/**
 * SM2 decryption. Ciphertext forms: the GM/T 0009 DER (`SEQUENCE { x, y, C3, C2 }`, strict) or the
 * raw `04 ‖ x ‖ y ‖ C3 ‖ C2` (C1C3C2 with the uncompressed-point prefix); anything else is refused.
 * @param scalarHex - private scalar, 64 hex characters
 * @param ciphertext - the ciphertext
 * @returns the plaintext, or Left when it does not decrypt
 * @since 0.1.0
 */
export const sm2Decrypt = (scalarHex: string, ciphertext: Uint8Array): E.Either<string, Uint8Array> => {
  const raw: E.Either<string, string> =
    ciphertext[0] === 0x30 ? rawOfDer(ciphertext)
      : ciphertext[0] === 0x04 && ciphertext.length > 1 + 64 + 32 ? E.right(hex(ciphertext.subarray(1)))
        : E.left('not an SM2 ciphertext')
  return E.flatMap(raw, (body) =>
    E.flatMap(
      E.tryCatch(() => smCrypto().sm2.doDecrypt(body, scalarHex, 1, { output: 'array' }) as unknown, () => 'SM2 decryption failed'),
      // sm-crypto-v2 signals a failed integrity check (C3) by returning an empty array, not by throwing
      (out) => (out instanceof Uint8Array ? E.right(out) : E.left('SM2 decryption failed')),
    ))
}

/**
 * SM2 encryption to a DER SPKI public key, in the GM/T 0009 DER form (as OpenSSL writes it).
 * For clients and tests.
 * @param spki - DER SubjectPublicKeyInfo of an SM2 key
 * @param plaintext - the message
 * @returns the DER ciphertext
 * @since 0.1.0
 */
export const sm2Encrypt = (spki: Uint8Array, plaintext: Uint8Array): Uint8Array => {
  const info = asn1Schema().AsnConvert.parse(spki, asn1X509().SubjectPublicKeyInfo)
  const point = hex(new Uint8Array(info.subjectPublicKey))
  return new Uint8Array(Buffer.from(smCrypto().sm2.doEncrypt(plaintext, point, 1, { asn1: true }), 'hex'))
}
