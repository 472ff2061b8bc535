/**
 * Regressions found by the 2023-10-10 suite: strict SM2PKE ciphertext framing, the raw form only
 * with its 04 prefix, EC material canonicalised whatever optional fields it carries, and DER
 * parsing that answers every byte string.
 */
import { generateKeyPairSync } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { AsnConvert } from '@peculiar/asn1-schema'
import { PrivateKey, PrivateKeyInfo } from '@peculiar/asn1-pkcs8'
import { ECPrivateKey } from '@peculiar/asn1-ecc'
import { wrapKeyMaterial } from 'kms-key-import/testing'
import fc from 'fast-check'
import { sm2Decrypt } from '../../src/crypto/sm2pke.js'
import { validateEcPkcs8, validateRsaPkcs8 } from '../../src/material/pkcs8.js'
import { CN, US, expectError } from '../support/kms.js'
import { externalKeyArn, expectImported, parametersFor, importWrapped, newKms } from './support.js'

const D = '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8'
const X1 = '04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73'
const Y1 = 'E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0'
const C3 = '59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766'
const C2 = '21886CA989CA9C7D58087307CA93092D651EFA'
const DER = new Uint8Array(Buffer.from(`307C0220${X1}022100${Y1}0420${C3}0413${C2}`, 'hex'))

describe('SM2PKE ciphertext framing (GM/T 0009 DER) is checked strictly', () => {
  it('refuses any flipped bit in the tags and lengths of the DER', () => {
    const framing = [0, 1, 2, 3, 36, 37, 38, 71, 72, 105, 106]
    const accepted: string[] = []
    for (const byte of framing) for (let b = 0; b < 8; b++) {
      const ct = Uint8Array.from(DER)
      ct[byte] = (ct[byte] ?? 0) ^ (1 << b)
      if (E.isRight(sm2Decrypt(D, ct))) accepted.push(`byte ${byte}: 0x${(DER[byte] ?? 0).toString(16)} → 0x${(ct[byte] ?? 0).toString(16)}`)
    }
    expect(accepted).toEqual([])
  })

  it('refuses an SM2PKE import whose C3 tag was changed from 04 to 05 with InvalidCiphertextException', async () => {
    const kms = newKms({ region: CN, provider: 'node' })
    const arn = await externalKeyArn(kms, 'SYMMETRIC_DEFAULT')
    const params = await parametersFor(kms, arn, 'SM2', 'SM2PKE')
    const ct = wrapKeyMaterial(params.publicKey, 'SM2PKE', new Uint8Array(16).fill(7))
    const i = ct.findIndex((b, k) => k > 60 && b === 0x04 && ct[k + 1] === 0x20)
    expect(i).toBeGreaterThan(60)
    ct[i] = 0x05
    expectError(await importWrapped(kms, params, ct), 'InvalidCiphertextException',
      'The encrypted key material could not be decrypted with the wrapping key and algorithm of the import token.')
  })

  it('refuses the raw form without its 04 prefix (it cannot be told apart from DER or a prefixed point)', () => {
    expect(E.isLeft(sm2Decrypt(D, new Uint8Array(Buffer.from(`${X1}${Y1}${C3}${C2}`.slice(2), 'hex'))))).toBe(true)
    const r = sm2Decrypt(D, new Uint8Array(Buffer.from(`04${X1}${Y1}${C3}${C2}`, 'hex')))
    expect(E.isRight(r) ? Buffer.from(r.right).toString('utf8') : r.left).toBe('encryption standard')
  })
})

describe('EC material is canonical whatever optional fields it carries', () => {
  it('reimports the same P-256 key without its optional public key as the same material', async () => {
    const kms = newKms({ region: US })
    const der = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'der' }))
    const pki = AsnConvert.parse(der, PrivateKeyInfo)
    const ec = AsnConvert.parse(pki.privateKey, ECPrivateKey)
    delete ec.publicKey
    pki.privateKey = new PrivateKey(AsnConvert.serialize(ec))
    const withoutPublicKey = new Uint8Array(AsnConvert.serialize(pki))
    const arn = await externalKeyArn(kms, 'ECC_NIST_P256')
    const params = await parametersFor(kms, arn, 'RSA_2048', 'RSA_AES_KEY_WRAP_SHA_256')
    expectImported(await importWrapped(kms, params, wrapKeyMaterial(params.publicKey, 'RSA_AES_KEY_WRAP_SHA_256', der)), arn)
    expectImported(await importWrapped(kms, params, wrapKeyMaterial(params.publicKey, 'RSA_AES_KEY_WRAP_SHA_256', withoutPublicKey)), arn)
  })
})

describe('DER parsing of untrusted bytes is total (asn1js throws on some malformed input)', () => {
  // two of the ≈0.3 % of random 48-byte strings on which asn1js's fromBER throws instead of
  // answering offset -1: the import answered 500 KMSInternalException instead of refusing them
  const THROWING = [
    '1828b2bb9e1887a60fe697a43c111ff0ad342d610f0105a759f8504fd95975ae88dc8c287858e5ce7b5fe9145b55d2e0',
    '1e11b679b43d71baf83f80b024cfd987f146103d9e2815fc49d7f234906b7c56e50aa9f4fe0deb05fef698a7007b8cc9',
  ].map((h) => new Uint8Array(Buffer.from(h, 'hex')))
  const notPkcs8 = E.left('The key material is not a PKCS#8 private key.')

  it('refuses such bytes as key material with IncorrectKeyMaterialException, not a 500', () => {
    for (const bytes of THROWING) {
      expect(validateEcPkcs8(bytes, 'ECC_NIST_P384', 'P-384')).toEqual(notPkcs8)
      expect(validateRsaPkcs8(bytes, 'RSA_2048', 2048)).toEqual(notPkcs8)
      expect(E.isLeft(sm2Decrypt(D, bytes))).toBe(true)
    }
  })

  it('answers every byte string with a value, never a throw: key material not PKCS#8 is refused, an SM2 ciphertext that is not one does not decrypt', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 96 }), (bytes) => {
      const ec = validateEcPkcs8(bytes, 'ECC_NIST_P256', 'P-256')
      if (E.isLeft(ec)) expect(typeof ec.left).toBe('string')
      expect(E.isLeft(validateRsaPkcs8(bytes, 'RSA_2048', 2048))).toBe(true)
      expect(E.isLeft(sm2Decrypt(D, bytes))).toBe(true)
    }), { numRuns: 3000 })
  })
})
