/**
 * Identifiers (src/model/ids.ts): key ids are lowercase version-4 UUIDs; key ARNs are
 * `arn:<partition>:kms:<region>:<account>:key/<key id>` and parse back to their parts.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AccountId, KeyArn, KeyId, keyArn, parseKeyArn } from 'kms-key-import'
import { isKeyId, keyIdFromBytes } from '../../src/model/ids.js'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('key ids', () => {
  it('formats any 16 bytes as a lowercase version-4 UUID that isKeyId accepts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 32 }), (bytes) => {
        const id = keyIdFromBytes(bytes)
        expect(id).toMatch(UUID_V4)
        expect(isKeyId(id)).toBe(true)
        expect(KeyId.is(id)).toBe(true)
      }),
    )
  })

  it('keeps every bit of the bytes but the version and variant bits, and does not change the bytes', () => {
    expect(keyIdFromBytes(Uint8Array.from({ length: 16 }, (_, i) => i))).toBe('00010203-0405-4607-8809-0a0b0c0d0e0f')
    expect(keyIdFromBytes(new Uint8Array(16).fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const before = Uint8Array.from(bytes)
        const digits = keyIdFromBytes(bytes).replaceAll('-', '')
        const hex = Buffer.from(bytes).toString('hex')
        // digit 12 is the version nibble; digit 16's two high bits are the variant
        expect(digits.slice(0, 12) + digits.slice(13, 16) + digits.slice(17)).toBe(hex.slice(0, 12) + hex.slice(13, 16) + hex.slice(17))
        expect(parseInt(digits[16] ?? '', 16) & 3).toBe(parseInt(hex[16] ?? '', 16) & 3)
        expect(bytes).toEqual(before)
      }),
    )
  })

  it('is a function of the first 16 bytes only', () => {
    const a = new Uint8Array(20).fill(9)
    const b = Uint8Array.from(a)
    b[19] = 0
    expect(keyIdFromBytes(a)).toBe(keyIdFromBytes(b))
  })

  it.each(['', 'nope', '0F0E0D0C-0B0A-4908-8706-050403020100', '0f0e0d0c0b0a49088706050403020100', ' 0f0e0d0c-0b0a-4908-8706-050403020100', 'alias/x'])(
    'does not take %j for a key id',
    (s) => {
      expect(isKeyId(s)).toBe(false)
    },
  )
})

describe('key ARNs', () => {
  const partitionRegion = fc.constantFrom(['aws', 'us-east-1'], ['aws', 'eu-west-3'], ['aws-cn', 'cn-north-1'], ['aws-us-gov', 'us-gov-west-1']) as fc.Arbitrary<
    readonly ['aws' | 'aws-cn' | 'aws-us-gov', string]
  >
  const account = fc.stringMatching(/^\d{12}$/)
  const keyId = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(keyIdFromBytes)

  it('round-trips: parseKeyArn(keyArn(p, r, a, id)) gives back the parts, and the ARN is a KeyArn', () => {
    fc.assert(
      fc.property(partitionRegion, account, keyId, ([partition, region], accountId, id) => {
        const arn = keyArn(partition, region, accountId, id)
        expect(arn).toBe(`arn:${partition}:kms:${region}:${accountId}:key/${id}`)
        expect(parseKeyArn(arn)).toEqual({ partition, region, accountId, resource: id })
        expect(KeyArn.is(arn)).toBe(true)
      }),
    )
  })

  it.each(['arn:aws:kms:us-east-1:111122223333:alias/x', 'arn:aws:kms:us-east-1:1111:key/x', 'arn:aws:s3:::b', 'key/x', 'arn:AWS:kms:us-east-1:111122223333:key/x'])(
    'does not parse %j as a KMS key ARN',
    (s) => {
      expect(parseKeyArn(s)).toBeUndefined()
    },
  )

  it('parses an ARN whose resource is not a key id, but KeyArn refuses it', () => {
    const s = 'arn:aws:kms:us-east-1:111122223333:key/not-a-uuid'
    expect(parseKeyArn(s)).toEqual({ partition: 'aws', region: 'us-east-1', accountId: '111122223333', resource: 'not-a-uuid' })
    expect(KeyArn.is(s)).toBe(false)
  })

  it('takes exactly 12 digits for an account id', () => {
    expect(AccountId.is('111122223333')).toBe(true)
    for (const s of ['11112222333', '1111222233334', '11112222333a', '']) expect(AccountId.is(s)).toBe(false)
  })
})
