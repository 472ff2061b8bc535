/**
 * The endpoint writes every answer with `encodeResponseJson`, in one pass; `encodeResponse` (the
 * JSON value) stays the reference. Rule: for every operation of AWS's model and any response
 * value, well-typed or not, the text is `JSON.stringify(encodeResponse(…))`. Values are drawn
 * from each operation's output shape, with every member sometimes replaced by something else
 * (absent, wrong type, a function, a `__proto__` key in a map, a Date where a string goes).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeResponse, encodeResponseJson, type ModelOperationName } from '../../src/protocol/index.js'
import { kmsModel } from '../../src/protocol/generated/kms-model.js'

const odd = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.constant(() => 1), fc.string(), fc.integer(), fc.double(),
  fc.boolean(), fc.date({ noInvalidDate: false }), fc.uint8Array({ maxLength: 8 }), fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant(Object.fromEntries([['__proto__', 'x'], ['a', 1]])),
)

const valueOf = (name: string, depth: number): fc.Arbitrary<unknown> => {
  const shape = kmsModel.shapes[name]
  const typed = ((): fc.Arbitrary<unknown> => {
    switch (shape?.type) {
      case 'string': return shape.enum !== undefined ? fc.constantFrom(...shape.enum) : fc.string({ unit: 'binary', maxLength: 12 })
      case 'blob': return fc.uint8Array({ maxLength: 40 })
      case 'integer': case 'long': return fc.integer()
      case 'boolean': return fc.boolean()
      case 'timestamp': return fc.date({ noInvalidDate: false })
      case 'list': return depth > 6 ? fc.constant([]) : fc.array(valueOf(shape.member, depth + 1), { maxLength: 3 })
      case 'map': return depth > 6 ? fc.constant({}) : fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constant('__proto__'), fc.constant('1')), valueOf(shape.value, depth + 1), { maxKeys: 3 })
      case 'structure': {
        if (depth > 6) return fc.constant({})
        const members = Object.fromEntries(Object.entries(shape.members).map(([m, s]) => [m, valueOf(s, depth + 1)]))
        return fc.record(members, { requiredKeys: [] })
      }
      default: return fc.anything()
    }
  })()
  return fc.oneof({ arbitrary: typed, weight: 6 }, { arbitrary: odd, weight: 1 })
}

const operations = Object.keys(kmsModel.operations).filter((op) => kmsModel.operations[op]?.output !== undefined) as ModelOperationName[]

describe('encodeResponseJson', () => {
  it.each(operations)('%s: the text is JSON.stringify of encodeResponse, for any response object', (op) => {
    const output = kmsModel.operations[op]?.output ?? ''
    fc.assert(fc.property(valueOf(output, 0).filter((v) => typeof v === 'object' && v !== null), (response) => {
      expect(encodeResponseJson(op, response)).toBe(JSON.stringify(encodeResponse(op, response)))
    }), { numRuns: 40 })
  })

  it('writes {} for an operation without output, and for a response that is not an object', () => {
    expect(encodeResponseJson('DeleteAlias', { Anything: 1 })).toBe('{}')
    expect(encodeResponseJson('DescribeKey', undefined)).toBe('{}')
    expect(encodeResponseJson('DescribeKey', 'text')).toBe('{}')
  })

  it('writes a DescribeKey answer in the model\'s member order, blobs in base64 and timestamps in epoch seconds', () => {
    const created = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))
    expect(encodeResponseJson('DescribeKey', { KeyMetadata: { KeyState: 'Enabled', KeyId: 'k', CreationDate: created, Extra: 1 } }))
      .toBe('{"KeyMetadata":{"KeyId":"k","CreationDate":1704164645.678,"KeyState":"Enabled"}}')
    expect(encodeResponseJson('Encrypt', { CiphertextBlob: new Uint8Array([0xfb, 0xff]), KeyId: 'k' })).toBe('{"CiphertextBlob":"+/8=","KeyId":"k"}')
  })
})
