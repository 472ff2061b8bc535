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
import { sm2 } from 'sm-crypto-v2'
import { AsnConvert } from '@peculiar/asn1-schema'
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8'
import { ECPrivateKey } from '@peculiar/asn1-ecc'
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/**
 * The private scalar of an SM2 PKCS#8 key, as 64 hex characters.
 * @param pkcs8 - PKCS#8 DER
 * @returns the scalar, or Left
 * @since 0.1.0
 */
export const sm2ScalarHex = (pkcs8: Uint8Array): E.Either<string, string> =>
  E.tryCatch(() => {
    const pki = AsnConvert.parse(pkcs8, PrivateKeyInfo)
    const d = new Uint8Array(AsnConvert.parse(pki.privateKey, ECPrivateKey).privateKey.buffer)
    return hex(d).padStart(64, '0')
  }, () => 'not an SM2 private key')

/**
 * SM2 decryption.
 * @param scalarHex - private scalar, 64 hex characters
 * @param ciphertext - DER (GM/T 0009) or raw `04 ‖ C1 ‖ C3 ‖ C2`
 * @returns the plaintext, or Left when it does not decrypt
 * @since 0.1.0
 */
export const sm2Decrypt = (scalarHex: string, ciphertext: Uint8Array): E.Either<string, Uint8Array> =>
  E.flatMap(
    E.tryCatch(() => {
      const der = ciphertext[0] === 0x30
      const body = der ? hex(ciphertext) : ciphertext[0] === 0x04 ? hex(ciphertext.subarray(1)) : hex(ciphertext)
      return sm2.doDecrypt(body, scalarHex, 1, { output: 'array', asn1: der }) as unknown
    }, () => 'SM2 decryption failed'),
    // sm-crypto-v2 signals a failed integrity check (C3) by returning an empty array, not by throwing
    (out) => (out instanceof Uint8Array ? E.right(out) : E.left('SM2 decryption failed')),
  )

/**
 * SM2 encryption to a DER SPKI public key, in the GM/T 0009 DER form (as OpenSSL writes it).
 * For clients and tests.
 * @param spki - DER SubjectPublicKeyInfo of an SM2 key
 * @param plaintext - the message
 * @returns the DER ciphertext
 * @since 0.1.0
 */
export const sm2Encrypt = (spki: Uint8Array, plaintext: Uint8Array): Uint8Array => {
  const info = AsnConvert.parse(spki, SubjectPublicKeyInfo)
  const point = hex(new Uint8Array(info.subjectPublicKey))
  return new Uint8Array(Buffer.from(sm2.doEncrypt(plaintext, point, 1, { asn1: true }), 'hex'))
}
