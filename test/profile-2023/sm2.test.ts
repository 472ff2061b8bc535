/**
 * SM2 public-key encryption against the published vector of GB/T 32918.5-2017 / GM/T 0003.5-2012
 * Annex C (the recommended 256-bit curve, SM3): `sm2Decrypt` (src/crypto/sm2pke.ts) must recover
 * the plaintext from both ciphertext forms clients produce — the GM/T 0009 DER
 * `SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING, C2 OCTET STRING }` that OpenSSL writes, and
 * the raw `04 ‖ x ‖ y ‖ C3 ‖ C2` — and refuse any flipped bit. OpenSSL decrypts the same DER, so
 * the encoding built here is the standard one, not one this library invented.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { sm2Decrypt, sm2Encrypt } from '../../src/crypto/sm2pke.js'
import { flipBit } from '../support/kms.js'
import { openssl, requireOpenssl, tempDir } from './support.js'

const D = '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8'
const PLAINTEXT = 'encryption standard'
const X1 = '04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73'
const Y1 = 'E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0'
const C3 = '59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766'
const C2 = '21886CA989CA9C7D58087307CA93092D651EFA'

const bytes = (hex: string): Buffer => Buffer.from(hex, 'hex')

/** DER TLV with a short or long-form length. */
const tlv = (tag: number, value: Buffer): Buffer => {
  const n = value.length
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff])
  return Buffer.concat([Buffer.from([tag]), len, value])
}
/** A DER INTEGER of an unsigned big-endian value (minimal, with a 00 pad when the top bit is set). */
const derInteger = (v: Buffer): Buffer => {
  let i = 0
  while (i < v.length - 1 && v[i] === 0) i++
  const trimmed = v.subarray(i)
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

/** The vector in GM/T 0009 DER form. */
const DER = new Uint8Array(tlv(0x30, Buffer.concat([derInteger(bytes(X1)), derInteger(bytes(Y1)), tlv(0x04, bytes(C3)), tlv(0x04, bytes(C2))])))
/** The vector in raw C1C3C2 form with the uncompressed-point prefix. */
const RAW = new Uint8Array(Buffer.concat([Buffer.from([0x04]), bytes(X1), bytes(Y1), bytes(C3), bytes(C2)]))

const text = (r: E.Either<string, Uint8Array>): string | undefined => (E.isRight(r) ? Buffer.from(r.right).toString('utf8') : undefined)

describe('GB/T 32918.5 Annex C: SM2 encryption vector', () => {
  it('the DER form is what GM/T 0009 says: SEQUENCE of x, y (00-padded, top bit set), C3, C2', () => {
    expect(Buffer.from(DER).toString('hex').toUpperCase()).toBe(
      `307C` + `0220${X1}` + `022100${Y1}` + `0420${C3}` + `0413${C2}`,
    )
    expect(RAW.length).toBe(1 + 64 + 32 + 19)
  })

  it('sm2Decrypt recovers "encryption standard" from the GM/T 0009 DER form', () => {
    expect(text(sm2Decrypt(D.toLowerCase(), DER))).toBe(PLAINTEXT)
  })

  it('sm2Decrypt recovers "encryption standard" from raw 04 ‖ C1 ‖ C3 ‖ C2', () => {
    expect(text(sm2Decrypt(D.toLowerCase(), RAW))).toBe(PLAINTEXT)
  })

  it('the private key in upper-case hex works too', () => {
    expect(text(sm2Decrypt(D, DER))).toBe(PLAINTEXT)
  })

  it('any single flipped bit of the raw form is refused (Left, never a throw)', () => {
    const accepted: number[] = []
    for (let bit = 0; bit < RAW.length * 8; bit++) if (E.isRight(sm2Decrypt(D, flipBit(RAW, bit)))) accepted.push(bit)
    expect(accepted).toEqual([])
  })

  it('a flipped bit in any value of the DER form (x, y, C3, C2) is refused — one bit per byte, rotating', () => {
    // value bytes of the DER: x at 4..35, y (after its 00 pad) at 39..70, C3 at 73..104, C2 at 107..125
    const valueRanges: readonly (readonly [number, number])[] = [[4, 36], [39, 71], [73, 105], [107, 126]]
    const accepted: number[] = []
    for (const [from, to] of valueRanges) {
      for (let byte = from; byte < to; byte++) {
        const bit = byte * 8 + (byte % 8)
        if (E.isRight(sm2Decrypt(D, flipBit(DER, bit)))) accepted.push(bit)
      }
    }
    expect(DER.length).toBe(126)
    expect(accepted).toEqual([])
  })

  it('truncated ciphertexts and another private key are refused', () => {
    expect(E.isLeft(sm2Decrypt(D, RAW.subarray(0, RAW.length - 1)))).toBe(true)
    expect(E.isLeft(sm2Decrypt(D, DER.subarray(0, DER.length - 1)))).toBe(true)
    expect(E.isLeft(sm2Decrypt(D, RAW.subarray(0, 1 + 64 + 32)))).toBe(true)
    const other = (BigInt(`0x${D}`) + 1n).toString(16).padStart(64, '0')
    expect(E.isLeft(sm2Decrypt(other, DER))).toBe(true)
  })
})

describe('the vector through OpenSSL, and sm2Encrypt ↔ sm2Decrypt', () => {
  let dir: ReturnType<typeof tempDir>
  let spki: Uint8Array

  beforeAll(() => {
    requireOpenssl()
    dir = tempDir('sm2')
    // SEC1 ECPrivateKey { 1, d, [0] sm2 } — OpenSSL derives the public point itself
    const sec1 = tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x04, bytes(D)), tlv(0xa0, tlv(0x06, bytes('2a811ccf5501822d')))]))
    writeFileSync(dir.path('vector-key.der'), sec1)
    openssl(dir.dir, ['pkey', '-inform', 'DER', '-in', 'vector-key.der', '-out', 'vector-key.pem'])
    openssl(dir.dir, ['pkey', '-in', 'vector-key.pem', '-pubout', '-outform', 'DER', '-out', 'vector-pub.der'])
    spki = new Uint8Array(readFileSync(dir.path('vector-pub.der')))
  })
  afterAll(() => dir.remove())

  it('OpenSSL decrypts the DER form of the vector to the same plaintext', () => {
    writeFileSync(dir.path('vector-ct.der'), DER)
    const out = openssl(dir.dir, ['pkeyutl', '-decrypt', '-inkey', 'vector-key.pem', '-in', 'vector-ct.der'])
    expect(out.toString('utf8')).toBe(PLAINTEXT)
  })

  it('sm2Encrypt to the vector key, sm2Decrypt with its scalar; OpenSSL decrypts sm2Encrypt\'s output too', () => {
    const message = new TextEncoder().encode('key material for the China partition')
    const ct = sm2Encrypt(spki, message)
    expect(ct[0]).toBe(0x30)
    expect(text(sm2Decrypt(D, ct))).toBe(Buffer.from(message).toString('utf8'))
    writeFileSync(dir.path('ours.der'), ct)
    expect(openssl(dir.dir, ['pkeyutl', '-decrypt', '-inkey', 'vector-key.pem', '-in', 'ours.der']).toString('utf8')).toBe(Buffer.from(message).toString('utf8'))
  })

  it('sm2Decrypt reads OpenSSL\'s own SM2 encryption (pkeyutl -encrypt)', () => {
    writeFileSync(dir.path('msg.bin'), PLAINTEXT)
    openssl(dir.dir, ['pkeyutl', '-encrypt', '-pubin', '-inkey', 'vector-pub.der', '-keyform', 'DER', '-in', 'msg.bin', '-out', 'theirs.der'])
    expect(text(sm2Decrypt(D, new Uint8Array(readFileSync(dir.path('theirs.der')))))).toBe(PLAINTEXT)
  })
})
