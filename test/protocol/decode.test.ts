/**
 * Decoding by AWS's model (src/protocol/decode.ts) shape by shape, through real members of served
 * operations: what each shape accepts, the exact AWS report of what it refuses (docs/evidence.md
 * §7), and `decode(encode(x))` round trips between the response encoder and the request decoder
 * where a request and a response share a shape (blobs: `CiphertextType`; timestamps).
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeRequest, encodeResponse, type ModelOperationName } from '../../src/protocol/index.js'
import { classicProfile } from '../../src/profiles/classic.js'
import { profile20250605 } from '../../src/profiles/v2025-06-05.js'
import type { Profile } from '../../src/profiles/profile.js'

const MAX_DATE_MS = 8.64e15
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'
const BASE: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  ImportKeyMaterial: { KeyId: KEY_ID, ImportToken: 'AAAA', EncryptedKeyMaterial: 'AAAA' },
  GetParametersForImport: { KeyId: KEY_ID, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' },
  Encrypt: { KeyId: KEY_ID, Plaintext: 'AAAA' },
  DescribeKey: { KeyId: KEY_ID },
  ScheduleKeyDeletion: { KeyId: KEY_ID },
  CreateKey: {},
  ListKeyRotations: { KeyId: KEY_ID },
}

/** Decodes `op`'s valid request with `member` set to `value`. */
const decode = (op: ModelOperationName, member: string, value: unknown, profile: Profile = classicProfile) =>
  decodeRequest(profile, op, { ...BASE[op], [member]: value })

/** The decoded member. */
const accepted = (op: ModelOperationName, member: string, value: unknown, profile: Profile = classicProfile): unknown => {
  const result = decode(op, member, value, profile)
  if (E.isLeft(result)) throw new Error(`refused ${JSON.stringify(value)}: ${result.left.message}`)
  return (result.right as Readonly<Record<string, unknown>>)[member]
}

/** The AWS exception for `value` in `member`. */
const report = (op: ModelOperationName, member: string, value: unknown, profile: Profile = classicProfile) => {
  const result = decode(op, member, value, profile)
  if (E.isRight(result)) throw new Error(`expected a refusal of ${JSON.stringify(value)}`)
  return { _tag: result.left._tag, message: result.left.message }
}
const validation = (detail: string) => ({ _tag: 'ValidationException', message: `1 validation error detected: ${detail}` })
const serialization = (message: string) => ({ _tag: 'SerializationException', message })

describe('blobs (CiphertextType, PlaintextType)', () => {
  it('round-trip: a response blob encoded to base64 decodes to the same bytes, every length from 1 to 6144', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 6144 }), (bytes) => {
      const wire = encodeResponse('GetParametersForImport', { ImportToken: bytes }) as { ImportToken: string }
      expect(wire.ImportToken).toBe(Buffer.from(bytes).toString('base64'))
      expect(accepted('ImportKeyMaterial', 'ImportToken', wire.ImportToken)).toEqual(bytes)
    }), { numRuns: 50 })
  })

  it('decodes a Uint8Array from the pure API to a copy', () => {
    const bytes = new Uint8Array([1, 2, 3])
    const decoded = accepted('ImportKeyMaterial', 'ImportToken', bytes)
    expect(decoded).toEqual(bytes)
    expect(decoded).not.toBe(bytes)
  })

  it('shows a non-sensitive blob of the wrong length as AWS\'s Java service does', () => {
    expect(report('ImportKeyMaterial', 'ImportToken', '')).toEqual(validation(
      "Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'importToken' failed to satisfy constraint: Member must have length greater than or equal to 1"))
    expect(report('ImportKeyMaterial', 'ImportToken', Buffer.alloc(6145).toString('base64'))).toEqual(validation(
      "Value 'java.nio.HeapByteBuffer[pos=0 lim=6145 cap=6145]' at 'importToken' failed to satisfy constraint: Member must have length less than or equal to 6144"))
  })

  it('does not show a sensitive blob (Plaintext)', () => {
    expect(report('Encrypt', 'Plaintext', '')).toEqual(validation("Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1"))
  })

  it.each(['not base64!', 'AAA', 'AA=A', 'A-_B'])('refuses %j, which is not standard base64, with SerializationException', (value) => {
    expect(report('ImportKeyMaterial', 'ImportToken', value)).toEqual(serialization("Value at 'importToken' is not valid base64."))
  })

  it.each([[5, 'NUMBER_VALUE can not be converted to a Blob'], [[1], 'Start of list found where not expected']])('refuses %j with SerializationException %j', (value, message) => {
    expect(report('ImportKeyMaterial', 'ImportToken', value)).toEqual(serialization(message))
  })
})

describe('timestamps (DateType)', () => {
  it('round-trip: a response Date encoded to epoch seconds decodes to the same instant', () => {
    fc.assert(fc.property(fc.date({ noInvalidDate: true }), (date) => {
      const wire = encodeResponse('GetParametersForImport', { ParametersValidTo: date }) as { ParametersValidTo: number }
      expect((accepted('ImportKeyMaterial', 'ValidTo', wire.ParametersValidTo) as Date).getTime()).toBe(date.getTime())
    }))
  })

  it('encodes to epoch seconds, possibly fractional', () => {
    expect(encodeResponse('GetParametersForImport', { ParametersValidTo: new Date(1_700_000_000_250) })).toEqual({ ParametersValidTo: 1_700_000_000.25 })
  })

  it('decodes a Date of the pure API', () => {
    expect(accepted('ImportKeyMaterial', 'ValidTo', new Date(5000))).toEqual(new Date(5000))
  })

  it.each([8.64e12 + 1, -8.64e12 - 1])('refuses %d, which no Date holds, with SerializationException', (value) => {
    expect(report('ImportKeyMaterial', 'ValidTo', value)).toEqual(serialization("Value at 'validTo' is not a valid timestamp."))
  })

  it.each([8.64e12, -8.64e12])('accepts %d, an end of the range a Date holds (±8.64e15 ms)', (value) => {
    expect(accepted('ImportKeyMaterial', 'ValidTo', value)).toEqual(new Date(value * 1000))
  })

  it('round-trips whole and millisecond-fractional seconds', () => {
    fc.assert(fc.property(fc.integer({ min: -MAX_DATE_MS, max: MAX_DATE_MS }), (ms) => {
      const decoded = accepted('ImportKeyMaterial', 'ValidTo', ms / 1000) as Date
      expect(encodeResponse('GetParametersForImport', { ParametersValidTo: decoded })).toEqual({ ParametersValidTo: ms / 1000 })
    }))
  })

  it.each([['2026-01-01T00:00:00Z', 'STRING_VALUE can not be converted to a Timestamp'], [true, 'TRUE_VALUE can not be converted to a Timestamp']])(
    'refuses %j with SerializationException %j',
    (value, message) => {
      expect(report('ImportKeyMaterial', 'ValidTo', value)).toEqual(serialization(message))
    },
  )
})

describe('enums, narrowed by the profile', () => {
  it('accepts every value of the profile\'s set', () => {
    for (const v of classicProfile.enums.wrappingAlgorithm) expect(accepted('GetParametersForImport', 'WrappingAlgorithm', v)).toBe(v)
  })

  it('refuses every other string, printing the set in the profile\'s order', () => {
    fc.assert(fc.property(fc.string().filter((s) => !(classicProfile.enums.wrappingAlgorithm as readonly string[]).includes(s)), (s) => {
      expect(report('GetParametersForImport', 'WrappingAlgorithm', s)).toEqual(validation(
        `Value '${s}' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]`))
    }))
  })

  it('is case-sensitive', () => {
    expect(report('GetParametersForImport', 'WrappingAlgorithm', 'rsaes_oaep_sha_1')._tag).toBe('ValidationException')
  })

  it('a value of a later era is refused by an earlier one, accepted by its own', () => {
    expect(report('CreateKey', 'KeySpec', 'ML_DSA_65')._tag).toBe('ValidationException')
    expect(accepted('CreateKey', 'KeySpec', 'ML_DSA_65', profile20250605)).toBe('ML_DSA_65')
  })

  it.each([[1.5, 'NUMBER_VALUE can not be converted to a String'], [{}, 'Start of structure or map found where not expected.']])(
    'refuses the non-string %j with SerializationException %j',
    (value, message) => {
      expect(report('GetParametersForImport', 'WrappingAlgorithm', value)).toEqual(serialization(message))
    },
  )
})

describe('strings', () => {
  it('accepts every string within its length limits', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 2048 }), (s) => {
      expect(accepted('DescribeKey', 'KeyId', s)).toBe(s)
    }))
  })

  it('counts length in UTF-16 code units, as Java does', () => {
    const astral = '😀'.repeat(1025)
    expect(astral.length).toBe(2050)
    expect(report('DescribeKey', 'KeyId', astral)).toEqual(validation(
      `Value '${astral}' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048`))
  })

  it('reports a pattern with the text of AWS\'s model', () => {
    expect(report('ImportKeyMaterial', 'KeyMaterialId', 'G'.repeat(64), profile20250605)).toEqual(validation(
      `Value '${'G'.repeat(64)}' at 'keyMaterialId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-f0-9]+$`))
  })

  it('accepts the empty string where the length may be 0, pattern or not (docs/decisions.md, empty-pattern)', () => {
    expect(accepted('ImportKeyMaterial', 'KeyMaterialDescription', '', profile20250605)).toBe('')
    expect(report('ImportKeyMaterial', 'KeyMaterialDescription', 'a<b', profile20250605)._tag).toBe('ValidationException')
  })

  it('matches a pattern against the whole value, as Java does', () => {
    expect(report('ListKeyRotations', 'Marker', 'ok\u0001')).toEqual(validation(
      "Value 'ok\u0001' at 'marker' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\u00FF]*"))
  })
})

describe('integers, booleans, maps, lists', () => {
  it('accepts integers within the range and refuses the rest', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 365 }), (n) => {
      expect(accepted('ScheduleKeyDeletion', 'PendingWindowInDays', n)).toBe(n)
    }))
    expect(report('ScheduleKeyDeletion', 'PendingWindowInDays', 400)).toEqual(validation(
      "Value '400' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 365"))
    expect(report('ScheduleKeyDeletion', 'PendingWindowInDays', 1.25)).toEqual(serialization('NUMBER_VALUE can not be converted to an Integer'))
  })

  it('accepts booleans', () => {
    for (const v of [true, false]) expect(accepted('CreateKey', 'MultiRegion', v)).toBe(v)
    expect(report('CreateKey', 'MultiRegion', 'true')).toEqual(serialization('STRING_VALUE can not be converted to a Boolean'))
  })

  it('decodes string maps to frozen null-prototype records, keeping a "__proto__" key as plain data', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.string()), (m) => {
      const decoded = accepted('Encrypt', 'EncryptionContext', m) as Readonly<Record<string, string>>
      expect({ ...decoded }).toEqual(m)
      expect(Object.isFrozen(decoded)).toBe(true)
    }))
    const decoded = accepted('Encrypt', 'EncryptionContext', JSON.parse('{"__proto__":"x"}')) as object
    expect(Object.entries(decoded)).toEqual([['__proto__', 'x']])
    expect(report('Encrypt', 'EncryptionContext', { a: 1 })).toEqual(serialization('NUMBER_VALUE can not be converted to a String'))
  })

  it('checks a list\'s length and each item: GrantTokens', () => {
    expect(accepted('DescribeKey', 'GrantTokens', ['a', 'b'])).toEqual(['a', 'b'])
    const eleven = Array.from({ length: 11 }, (_, i) => `t${i}`)
    expect(report('DescribeKey', 'GrantTokens', eleven)).toEqual(validation(
      `Value '[${eleven.join(', ')}]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10`))
    expect(report('DescribeKey', 'GrantTokens', ['ok', ''])).toEqual(validation(
      "Value '' at 'grantTokens.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1"))
    expect(report('DescribeKey', 'GrantTokens', 'token')).toEqual(serialization('STRING_VALUE can not be converted to a List'))
  })

  it('checks structures inside lists: CreateKey\'s Tags', () => {
    expect(accepted('CreateKey', 'Tags', [{ TagKey: 'k', TagValue: '' }])).toEqual([{ TagKey: 'k', TagValue: '' }])
    expect(report('CreateKey', 'Tags', [{ TagValue: 'v' }])).toEqual(validation(
      "Value null at 'tags.1.member.tagKey' failed to satisfy constraint: Member must not be null"))
    expect(report('CreateKey', 'Tags', ['k'])).toEqual(serialization('STRING_VALUE can not be converted to a Structure'))
  })
})

describe('required and optional members', () => {
  it('an absent or null required member is "Value null … Member must not be null"', () => {
    for (const value of [undefined, null]) {
      expect(report('DescribeKey', 'KeyId', value)).toEqual(validation("Value null at 'keyId' failed to satisfy constraint: Member must not be null"))
    }
  })

  it('an absent or null optional member is absent from the decoded request', () => {
    for (const value of [undefined, null]) {
      const decoded = decode('ScheduleKeyDeletion', 'PendingWindowInDays', value)
      expect(decoded).toEqual(E.right({ KeyId: KEY_ID }))
    }
  })

  it('several violations are reported together, in the model\'s member order', () => {
    const result = decodeRequest(classicProfile, 'GetParametersForImport', { WrappingAlgorithm: 'X' })
    expect(E.isLeft(result) && result.left.message).toBe(
      "3 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; "
      + "Value 'X' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]; "
      + "Value null at 'wrappingKeySpec' failed to satisfy constraint: Member must not be null")
  })

  it('a body that is not a JSON object is a SerializationException', () => {
    for (const body of [[], 'x', 1, null]) {
      const result = decodeRequest(classicProfile, 'DescribeKey', body)
      expect(E.isLeft(result) && result.left).toEqual(serialization('The request body must be a JSON object.'))
    }
  })
})
