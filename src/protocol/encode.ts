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

/**
 * One function per shape of the model, built on first use and kept: `build` makes it from the
 * shape; a shape that contains itself finds a forwarder to the function being built.
 * @param build - makes the function of a shape (it may ask for other shapes' functions)
 * @returns the function of a shape, by name
 */
const perShape = <F extends (value: unknown) => unknown>(build: (shape: ModelShape | undefined) => F): ((name: string) => F) => {
  const built = new Map<string, F>()
  return (name) => {
    const cached = built.get(name)
    if (cached !== undefined) return cached
    let self: F | undefined
    built.set(name, ((v: unknown) => self?.(v)) as F)
    self = build(kmsModel.shapes[name])
    built.set(name, self)
    return self
  }
}

type Encoder = (value: unknown) => unknown

const identity: Encoder = (v) => v

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

const compile = perShape(build)

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

/** Writes a value as JSON text, or `undefined` where `JSON.stringify` would leave it out. */
type Writer = (value: unknown) => string | undefined

const writeAny: Writer = (v) => JSON.stringify(v) as string | undefined

/** A character `JSON.stringify` escapes (control, quote, backslash, any surrogate to be checked). */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/
const writeNumber = (n: number): string => (Number.isFinite(n) ? String(n) : 'null')

const buildWriter = (shape: ModelShape | undefined): Writer => {
  switch (shape?.type) {
    case 'string': {
      // an enum's values are written from a table (they need no escaping); any other string is checked
      const quoted = new Map((shape.enum ?? []).map((e) => [e, JSON.stringify(e)]))
      return (v) => (typeof v === 'string' ? quoted.get(v) ?? (NEEDS_ESCAPE.test(v) ? writeAny(v) : `"${v}"`) : writeAny(v))
    }
    case 'boolean':
      return (v) => (v === true ? 'true' : v === false ? 'false' : writeAny(v))
    case 'integer':
    case 'long':
      return (v) => (typeof v === 'number' ? writeNumber(v) : writeAny(v))
    case 'blob':
      return (v) => (v instanceof Uint8Array ? `"${Buffer.from(v.buffer, v.byteOffset, v.length).toString('base64')}"` : writeAny(v))
    case 'timestamp':
      return (v) => (v instanceof Date ? writeNumber(v.getTime() / 1000) : writeAny(v))
    case 'list': {
      const item = writerOf(shape.member)
      return (v) => {
        if (!Array.isArray(v)) return writeAny(v)
        let out = '['
        for (let i = 0; i < v.length; i++) out += `${i === 0 ? '' : ','}${item(v[i]) ?? 'null'}`
        return `${out}]`
      }
    }
    case 'map': {
      const value = writerOf(shape.value)
      return (v) => {
        if (typeof v !== 'object' || v === null) return writeAny(v)
        let out = ''
        for (const [k, x] of Object.entries(v)) {
          // encodeResponse builds a plain object, where a `__proto__` key sets no member
          const text = k === '__proto__' ? undefined : value(x)
          if (text !== undefined) out += `${out === '' ? '' : ','}${JSON.stringify(k)}:${text}`
        }
        return `{${out}}`
      }
    }
    case 'structure': {
      const members = Object.entries(shape.members).map(([m, s]) => [m, `${JSON.stringify(m)}:`, writerOf(s)] as const)
      return (v) => {
        if (typeof v !== 'object' || v === null) return writeAny(v)
        const record = v as Readonly<Record<string, unknown>>
        let out = ''
        for (const [m, key, write] of members) {
          const x = record[m]
          const text = x === undefined ? undefined : write(x)
          if (text !== undefined) out += `${out === '' ? '' : ','}${key}${text}`
        }
        return `{${out}}`
      }
    }
    default:
      return writeAny
  }
}

const writerOf = perShape(buildWriter)

/**
 * The JSON text of an operation's response as AWS JSON 1.1 sends it: `JSON.stringify` of
 * {@link encodeResponse}, written in one pass without the intermediate value (every answer of
 * the endpoint goes through here).
 * @param operation - the operation
 * @param response - its response (blobs as `Uint8Array`, timestamps as `Date`); a value that is
 *   not an object (no rule answers one) is written `{}`
 * @returns the JSON body
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encodeResponseJson } from 'kms-key-import'
 * const text = encodeResponseJson('GetParametersForImport', { KeyId: 'k', PublicKey: new Uint8Array([1, 2]), ParametersValidTo: new Date(1500) })
 * assert.equal(text, '{"KeyId":"k","PublicKey":"AQI=","ParametersValidTo":1.5}')
 * ```
 * @since 0.2.0
 */
export const encodeResponseJson = (operation: ModelOperationName, response: unknown): string => {
  const output = kmsModel.operations[operation]?.output
  if (output === undefined || typeof response !== 'object' || response === null) return '{}'
  return writerOf(output)(response) ?? '{}'
}
