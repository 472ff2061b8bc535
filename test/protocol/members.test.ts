/**
 * The member codecs (src/protocol/members.ts): `decode(encode(x))` round trips for every codec, and
 * the exact AWS report of what each one refuses (docs/evidence.md §7), through `decodeRequest`.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  blobMember, booleanMember, enumMember, integerMember, optional, required, stringMapMember, stringMember, timestampMember,
} from '../../src/protocol/members.js'
import { decodeRequest } from '../../src/protocol/report.js'
import { classicProfile } from '../../src/profiles/classic.js'

const MAX_DATE_MS = 8.64e15

/** The AWS exception for one member `M` decoded with `codec`. */
const report = <A, O>(codec: t.Type<A, O, unknown>, value: unknown): { readonly _tag: string; readonly message: string } => {
  const result = decodeRequest(t.type({ Member: codec }), { Member: value })
  if (E.isRight(result)) throw new Error(`expected a refusal of ${JSON.stringify(value)}`)
  return { _tag: result.left._tag, message: result.left.message }
}
const validation = (detail: string): { _tag: string; message: string } => ({ _tag: 'ValidationException', message: `1 validation error detected: ${detail}` })
const serialization = (message: string): { _tag: string; message: string } => ({ _tag: 'SerializationException', message })

describe('blobMember', () => {
  const token = blobMember('ImportToken', { min: 1, max: 6144, sensitive: false })

  it('round-trips: decode(encode(bytes)) is the same bytes for every length from 1 to 6144', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 6144 }), (bytes) => {
        expect(token.decode(token.encode(bytes))).toEqual(E.right(bytes))
      }),
    )
  })

  it('round-trips the wire form: encode(decode(base64)) is the same standard base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), (bytes) => {
        const b64 = Buffer.from(bytes).toString('base64')
        const decoded = token.decode(b64)
        expect(E.isRight(decoded) && token.encode(decoded.right)).toBe(b64)
      }),
    )
  })

  it('decodes a Uint8Array from the pure API to a copy', () => {
    const bytes = new Uint8Array([1, 2, 3])
    const decoded = token.decode(bytes)
    if (E.isLeft(decoded)) throw new Error('refused')
    expect(decoded.right).toEqual(bytes)
    expect(decoded.right).not.toBe(bytes)
  })

  it('shows a non-sensitive blob of the wrong length as AWS\'s Java service does', () => {
    expect(report(token, '')).toEqual(validation(
      "Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'member' failed to satisfy constraint: Member must have length greater than or equal to 1"))
    expect(report(token, Buffer.alloc(6145).toString('base64'))).toEqual(validation(
      "Value 'java.nio.HeapByteBuffer[pos=0 lim=6145 cap=6145]' at 'member' failed to satisfy constraint: Member must have length less than or equal to 6144"))
  })

  it('does not show a sensitive blob', () => {
    const plaintext = blobMember('Plaintext', { min: 1, max: 4096, sensitive: true })
    expect(report(plaintext, '')).toEqual(validation("Value at 'member' failed to satisfy constraint: Member must have length greater than or equal to 1"))
  })

  it.each(['not base64!', 'AAA', 'AA=A', 'A-_B'])('refuses %j, which is not standard base64, with SerializationException', (value) => {
    expect(report(token, value)).toEqual(serialization("Value at 'member' is not valid base64."))
  })

  it.each([[5, 'NUMBER_VALUE can not be converted to a Blob'], [[1], 'Start of list found where not expected']])('refuses %j with SerializationException %j', (value, message) => {
    expect(report(token, value)).toEqual(serialization(message))
  })
})

describe('timestampMember', () => {
  const validTo = timestampMember('ValidTo')

  it('round-trips: decode(encode(date)) is the same instant for every Date', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        const decoded = validTo.decode(validTo.encode(date))
        expect(E.isRight(decoded) && decoded.right.getTime()).toBe(date.getTime())
      }),
    )
  })

  it('encodes to epoch seconds, possibly fractional', () => {
    expect(validTo.encode(new Date(1_700_000_000_250))).toBe(1_700_000_000.25)
  })

  it('round-trips the wire form for whole and millisecond-fractional seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_DATE_MS, max: MAX_DATE_MS }), (ms) => {
        const seconds = ms / 1000
        const decoded = validTo.decode(seconds)
        expect(E.isRight(decoded) && validTo.encode(decoded.right)).toBe(seconds)
      }),
    )
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 8.64e12 + 1, -8.64e12 - 1])('refuses %d, which no Date holds, with SerializationException', (value) => {
    expect(report(validTo, value)).toEqual(serialization("Value at 'member' is not a valid timestamp."))
  })

  it.each([['2026-01-01T00:00:00Z', 'STRING_VALUE can not be converted to a Timestamp'], [true, 'TRUE_VALUE can not be converted to a Timestamp']])(
    'refuses %j with SerializationException %j',
    (value, message) => {
      expect(report(validTo, value)).toEqual(serialization(message))
    },
  )
})

describe('enumMember', () => {
  const algorithm = enumMember('WrappingAlgorithm', classicProfile.enums.wrappingAlgorithm)

  it('round-trips every value of the set', () => {
    fc.assert(
      fc.property(fc.constantFrom(...classicProfile.enums.wrappingAlgorithm), (v) => {
        expect(algorithm.decode(algorithm.encode(v))).toEqual(E.right(v))
      }),
    )
  })

  it('refuses every other string, printing the set in the profile\'s order', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !(classicProfile.enums.wrappingAlgorithm as readonly string[]).includes(s)), (s) => {
        expect(report(algorithm, s)).toEqual(validation(
          `Value '${s}' at 'member' failed to satisfy constraint: Member must satisfy enum value set: [RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]`))
      }),
    )
  })

  it('is case-sensitive', () => {
    expect(E.isLeft(algorithm.decode('rsaes_oaep_sha_1'))).toBe(true)
  })

  it.each([[null, 'NULL_VALUE can not be converted to a String'], [1.5, 'NUMBER_VALUE can not be converted to a String'], [{}, 'Start of structure or map found where not expected.']])(
    'refuses the non-string %j with SerializationException %j',
    (value, message) => {
      expect(report(algorithm, value)).toEqual(serialization(message))
    },
  )
})

describe('stringMember', () => {
  const keyId = stringMember('KeyId', { min: 1, max: 2048 })

  it('round-trips every string within its length limits', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 2048 }), (s) => {
        expect(keyId.decode(keyId.encode(s))).toEqual(E.right(s))
      }),
    )
  })

  it('counts length in UTF-16 code units, as Java does', () => {
    const astral = '😀'.repeat(1025)
    expect(astral.length).toBe(2050)
    expect(report(keyId, astral)).toEqual(validation(
      `Value '${astral}' at 'member' failed to satisfy constraint: Member must have length less than or equal to 2048`))
  })

  it('reports a pattern with the text AWS prints', () => {
    const id = stringMember('KeyMaterialId', { min: 64, max: 64, pattern: /^[a-f0-9]+$/, patternText: '^[a-f0-9]+$' })
    expect(report(id, 'G'.repeat(64))).toEqual(validation(
      `Value '${'G'.repeat(64)}' at 'member' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-f0-9]+$`))
  })
})

describe('integerMember, booleanMember, stringMapMember', () => {
  it('round-trips integers within the range and refuses the rest', () => {
    const days = integerMember('PendingWindowInDays', 1, 365)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 }), (n) => {
        expect(days.decode(days.encode(n))).toEqual(E.right(n))
      }),
    )
    expect(report(days, 400)).toEqual(validation("Value '400' at 'member' failed to satisfy constraint: Member must have value less than or equal to 365"))
    expect(report(days, 1.25)).toEqual(serialization('NUMBER_VALUE can not be converted to an Integer'))
  })

  it('round-trips booleans', () => {
    const b = booleanMember('MultiRegion')
    for (const v of [true, false]) expect(b.decode(b.encode(v))).toEqual(E.right(v))
    expect(report(b, 'true')).toEqual(serialization('STRING_VALUE can not be converted to a Boolean'))
  })

  it('round-trips string maps, keeping a "__proto__" key as plain data', () => {
    const context = stringMapMember('EncryptionContext')
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (m) => {
        const decoded = context.decode(context.encode(m))
        if (E.isLeft(decoded)) throw new Error('refused')
        expect({ ...decoded.right }).toEqual(m)
        expect(Object.isFrozen(decoded.right)).toBe(true)
      }),
    )
    const parsed = JSON.parse('{"__proto__":"x"}') as unknown
    const decoded = context.decode(parsed)
    expect(E.isRight(decoded) && Object.entries(decoded.right)).toEqual([['__proto__', 'x']])
    expect(report(context, { a: 1 })).toEqual(serialization('NUMBER_VALUE can not be converted to a String'))
  })
})

describe('required and optional', () => {
  it('required: an absent or null member is "Value null … Member must not be null"', () => {
    const member = required(stringMember('KeyId', { min: 1 }))
    for (const value of [undefined, null]) {
      expect(report(member, value)).toEqual(validation("Value null at 'member' failed to satisfy constraint: Member must not be null"))
    }
  })

  it('optional: an absent or null member decodes to undefined, and round-trips', () => {
    const member = optional(integerMember('N', 1, 10))
    expect(member.decode(undefined)).toEqual(E.right(undefined))
    expect(member.decode(null)).toEqual(E.right(undefined))
    expect(member.encode(undefined)).toBeUndefined()
    for (const v of [undefined, 1, 10]) expect(member.decode(member.encode(v))).toEqual(E.right(v))
  })
})
