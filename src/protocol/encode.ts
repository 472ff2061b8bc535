/**
 * Response encoding from AWS's model: an operation's response is written member by member as its
 * output shape says — blobs as standard base64, timestamps as epoch seconds, structures, lists and
 * maps recursively; absent members left out; nothing the model does not declare is sent.
 *
 * @module
 */
import { kmsModel } from './generated/kms-model.js'
import type { ModelShape } from './service-model.js'
import type { ModelOperationName } from './decode.js'

type Encoder = (value: unknown) => unknown

const identity: Encoder = (v) => v
const encoders = new Map<string, Encoder>()

const compile = (name: string): Encoder => {
  const cached = encoders.get(name)
  if (cached !== undefined) return cached
  let self: Encoder = identity
  encoders.set(name, (v) => self(v))
  self = build(kmsModel.shapes[name])
  encoders.set(name, self)
  return self
}

const build = (shape: ModelShape | undefined): Encoder => {
  switch (shape?.type) {
    case 'blob':
      return (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.length).toString('base64') : v)
    case 'timestamp':
      return (v) => (v instanceof Date ? v.getTime() / 1000 : v)
    case 'list': {
      const item = compile(shape.member)
      return (v) => (Array.isArray(v) ? v.map((x: unknown) => item(x)) : v)
    }
    case 'map': {
      const value = compile(shape.value)
      return (v) => {
        if (typeof v !== 'object' || v === null) return v
        const out: Record<string, unknown> = {}
        for (const [k, x] of Object.entries(v)) out[k] = value(x)
        return out
      }
    }
    case 'structure': {
      const members = Object.entries(shape.members).map(([m, s]) => [m, compile(s)] as const)
      return (v) => {
        if (typeof v !== 'object' || v === null) return v
        const record = v as Readonly<Record<string, unknown>>
        const out: Record<string, unknown> = {}
        for (const [m, encode] of members) {
          const x = record[m]
          if (x !== undefined) out[m] = encode(x)
        }
        return out
      }
    }
    default:
      return identity
  }
}

/**
 * The JSON value of an operation's response, as AWS JSON 1.1 sends it.
 * @param operation - the operation
 * @param response - its response (blobs as `Uint8Array`, timestamps as `Date`)
 * @returns a JSON-ready value
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encodeResponse } from 'kms-key-import'
 * const wire = encodeResponse('GetParametersForImport', { KeyId: 'k', PublicKey: new Uint8Array([1, 2]), ParametersValidTo: new Date(1500) })
 * assert.deepEqual(wire, { KeyId: 'k', PublicKey: 'AQI=', ParametersValidTo: 1.5 })
 * ```
 * @since 0.2.0
 */
export const encodeResponse = (operation: ModelOperationName, response: unknown): unknown => {
  const output = kmsModel.operations[operation]?.output
  return output === undefined ? {} : compile(output)(response)
}
