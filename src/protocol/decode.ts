/**
 * Request decoding from AWS's model: every member of an operation's input shape is read and
 * checked as the model says — `required`, `min`/`max` length of strings, blobs and lists, `min`/`max`
 * of integers, `enum` (the profile's values), `pattern`, and the JSON type of each shape (a value
 * of the wrong type is a SerializationException) — before any rule runs, members no rule reads
 * (`GrantTokens`, `DryRun`, `Tags`, `Policy`, …) included. Failures are data
 * ({@link DecodeFailure}), rendered once by `toRequestError`.
 *
 * A member the model does not declare, or the profile's era does not have
 * (`Profile.absentMembers`), is an unknown member, which the service ignores: it is left out of the
 * decoded request, as is `"__proto__"`.
 *
 * Decoders are compiled once per (profile, operation) from the model's data.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { RequestError } from '../errors/exceptions.js'
import type { Profile } from '../profiles/profile.js'
import { acceptedValues } from './enums.js'
import { type DecodeFailure, type ExpectedType, toRequestError } from './failure.js'
import { kmsModel, type ModelOperations } from './generated/kms-model.js'
import type { ModelShape } from './service-model.js'

type Path = readonly (string | number)[]

/** What a compiled decoder gives for an invalid value (its failures are pushed to the list). */
const INVALID: unique symbol = Symbol('invalid')

/** A compiled decoder: the decoded value, or INVALID with the failures pushed. */
type Decoder = (u: unknown, path: Path, failures: DecodeFailure[]) => unknown

const failWith = (failures: DecodeFailure[], path: Path, constraint: DecodeFailure['constraint'], value: unknown, sensitive = false): typeof INVALID => {
  failures.push({ path, constraint, value, sensitive })
  return INVALID
}

const wrongType = (failures: DecodeFailure[], path: Path, u: unknown, expected: ExpectedType): typeof INVALID =>
  failWith(failures, path, { _tag: 'WrongType', expected }, u)

const isAbsent = (u: unknown): u is null | undefined => u === undefined || u === null
const isObject = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null && !Array.isArray(u) && !(u instanceof Uint8Array) && !(u instanceof Date)

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Reads a blob: standard base64 on the wire, or a `Uint8Array` from the pure API (copied).
 * @param u - the value
 * @returns the bytes, or undefined when `u` is a string that is not standard base64, or `'type'`
 */
const readBlob = (u: unknown): Uint8Array | 'base64' | 'type' => {
  if (u instanceof Uint8Array) return Uint8Array.from(u)
  if (typeof u !== 'string') return 'type'
  // Fast path: canonical base64 decodes and re-encodes to itself (a 2 KB token in ~2 µs, where
  // the regex takes ~15 µs); anything else must still pass the strict pattern.
  const decoded = Buffer.from(u, 'base64')
  if (decoded.toString('base64') !== u && !BASE64.test(u)) return 'base64'
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length)
}

/** Largest epoch milliseconds a JavaScript `Date` holds. */
const MAX_DATE_MS = 8.64e15

/** A length (or value) check shared by strings, blobs, lists and maps. */
const lengthFailure = (shape: { readonly min?: number; readonly max?: number }, n: number): DecodeFailure['constraint'] | undefined => {
  if (shape.max !== undefined && n > shape.max) return { _tag: 'MaxLength', limit: shape.max }
  if (shape.min !== undefined && n < shape.min) return { _tag: 'MinLength', limit: shape.min }
  return undefined
}

/**
 * A pattern of the model as a JavaScript regular expression. AWS's service matches a whole value
 * (Java's `Pattern.matches`); an empty value is not checked against it (CHOSEN, see
 * docs/decisions.md: a member whose length may be 0 accepts "" even where its pattern says `+`).
 */
const wholeMatch = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`, 'u')

const compile = (profile: Profile, name: string, cache: Map<string, Decoder>): Decoder => {
  const cached = cache.get(name)
  if (cached !== undefined) return cached
  // recursive shapes: a forward reference filled once compiled
  let self: Decoder = () => INVALID
  cache.set(name, (u, p, f) => self(u, p, f))
  self = build(profile, name, kmsModel.shapes[name], cache)
  cache.set(name, self)
  return self
}

const build = (profile: Profile, name: string, shape: ModelShape | undefined, cache: Map<string, Decoder>): Decoder => {
  if (shape === undefined) throw new TypeError(`the model has no shape ${name}`)
  switch (shape.type) {
    case 'string': {
      if (shape.enum !== undefined) {
        const values = acceptedValues(profile, name, shape.enum)
        const set = new Set(values)
        return (u, path, failures) => {
          if (typeof u !== 'string') return wrongType(failures, path, u, 'String')
          return set.has(u) ? u : failWith(failures, path, { _tag: 'Enum', values }, u)
        }
      }
      const pattern = shape.pattern === undefined ? undefined : wholeMatch(shape.pattern)
      const sensitive = shape.sensitive === true
      return (u, path, failures) => {
        if (typeof u !== 'string') return wrongType(failures, path, u, 'String')
        const length = lengthFailure(shape, u.length)
        if (length !== undefined) return failWith(failures, path, length, u, sensitive)
        if (pattern !== undefined && u.length > 0 && !pattern.test(u)) return failWith(failures, path, { _tag: 'Pattern', pattern: shape.pattern! }, u, sensitive)
        return u
      }
    }
    case 'blob': {
      const sensitive = shape.sensitive === true
      return (u, path, failures) => {
        const bytes = readBlob(u)
        if (bytes === 'type') return wrongType(failures, path, u, 'Blob')
        if (bytes === 'base64') return failWith(failures, path, { _tag: 'NotBase64' }, u)
        const length = lengthFailure(shape, bytes.length)
        return length === undefined ? bytes : failWith(failures, path, length, bytes, sensitive)
      }
    }
    case 'integer':
    case 'long':
      return (u, path, failures) => {
        if (typeof u !== 'number' || !Number.isInteger(u)) return wrongType(failures, path, u, 'Integer')
        if (shape.min !== undefined && u < shape.min) return failWith(failures, path, { _tag: 'MinValue', limit: shape.min }, u)
        if (shape.max !== undefined && u > shape.max) return failWith(failures, path, { _tag: 'MaxValue', limit: shape.max }, u)
        return u
      }
    case 'boolean':
      return (u, path, failures) => (typeof u === 'boolean' ? u : wrongType(failures, path, u, 'Boolean'))
    case 'timestamp':
      return (u, path, failures) => {
        const ms = u instanceof Date ? u.getTime() : typeof u === 'number' ? u * 1000 : undefined
        if (ms === undefined) return wrongType(failures, path, u, 'Timestamp')
        if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return failWith(failures, path, { _tag: 'NotATimestamp' }, u)
        return new Date(Math.round(ms))
      }
    case 'list': {
      const item = compile(profile, shape.member, cache)
      return (u, path, failures) => {
        if (!Array.isArray(u)) return wrongType(failures, path, u, 'List')
        const before = failures.length
        const out = u.map((x: unknown, i) => item(x, [...path, i + 1], failures))
        if (failures.length > before) return INVALID
        const length = lengthFailure(shape, out.length)
        return length === undefined ? Object.freeze(out) : failWith(failures, path, length, out)
      }
    }
    case 'map': {
      const key = compile(profile, shape.key, cache)
      const value = compile(profile, shape.value, cache)
      return (u, path, failures) => {
        if (!isObject(u)) return wrongType(failures, path, u, 'Map')
        const before = failures.length
        // a null-prototype record: "__proto__" keys are plain data
        const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
        for (const [k, v] of Object.entries(u)) {
          key(k, path, failures)
          out[k] = value(v, [...path, k], failures)
        }
        if (failures.length > before) return INVALID
        const length = lengthFailure(shape, Object.keys(out).length)
        return length === undefined ? Object.freeze(out) : failWith(failures, path, length, u)
      }
    }
    case 'structure':
      return structure(profile, shape, [], cache)
  }
}

const structure = (
  profile: Profile, shape: Extract<ModelShape, { type: 'structure' }>, absent: readonly string[], cache: Map<string, Decoder>,
): Decoder => {
  const required = new Set(shape.required ?? [])
  const members = Object.entries(shape.members)
    .filter(([m]) => !absent.includes(m))
    .map(([m, s]) => ({ name: m, top: [m] as const, required: required.has(m), decode: compile(profile, s, cache) }))
  return (u, path, failures) => {
    if (!isObject(u)) return path.length === 0 ? failWith(failures, path, { _tag: 'NotAnObject' }, u) : wrongType(failures, path, u, 'Structure')
    const before = failures.length
    const out: Record<string, unknown> = {}
    for (const m of members) {
      const v = Object.hasOwn(u, m.name) ? u[m.name] : undefined
      // a request's own members (the hot path) reuse their path; nested ones extend the parent's
      const at = path.length === 0 ? m.top : [...path, m.name]
      if (isAbsent(v)) {
        if (m.required) failWith(failures, at, { _tag: 'Required' }, v)
        continue
      }
      const decoded = m.decode(v, at, failures)
      if (decoded !== INVALID) out[m.name] = decoded
    }
    return failures.length > before ? INVALID : out
  }
}

/** Names of the operations of AWS's model. @since 0.2.0 */
export type ModelOperationName = keyof ModelOperations

/** The decoded request of an operation. @since 0.2.0 */
export type RequestOf<N extends ModelOperationName> = ModelOperations[N]['request']

const decoders = new WeakMap<Profile, Map<string, Decoder>>()
const EMPTY: Decoder = (u, path, failures) => (isObject(u) ? {} : failWith(failures, path, { _tag: 'NotAnObject' }, u))

const requestDecoder = (profile: Profile, operation: string): Decoder => {
  let byOperation = decoders.get(profile)
  if (byOperation === undefined) {
    byOperation = new Map()
    decoders.set(profile, byOperation)
  }
  const key = `op:${operation}`
  const cached = byOperation.get(key)
  if (cached !== undefined) return cached
  const input = kmsModel.operations[operation]?.input
  const shape = input === undefined ? undefined : kmsModel.shapes[input]
  const decoder = shape?.type === 'structure'
    ? structure(profile, shape, profile.absentMembers[operation] ?? [], byOperation)
    : EMPTY
  byOperation.set(key, decoder)
  return decoder
}

/**
 * Decodes an operation's request as AWS's model says, under a profile's era.
 * @param profile - the profile (its enum values and the members its era has)
 * @param operation - the operation's name
 * @param input - the request: parsed JSON (base64 blobs, epoch-second timestamps) or the typed
 *   form (`Uint8Array`, `Date`)
 * @returns the decoded request, holding exactly the members the era declares, or the exception
 *   AWS answers (ValidationException, SerializationException)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, decodeRequest } from 'kms-key-import'
 * const ok = decodeRequest(classicProfile, 'DescribeKey', { KeyId: 'alias/x', Unknown: 1 })
 * assert.deepEqual(ok, { _tag: 'Right', right: { KeyId: 'alias/x' } })
 * const bad = decodeRequest(classicProfile, 'DescribeKey', { GrantTokens: 'x' })
 * assert.ok(bad._tag === 'Left' && bad.left._tag === 'SerializationException')
 * ```
 * @since 0.2.0
 */
export const decodeRequest = <N extends ModelOperationName>(profile: Profile, operation: N, input: unknown): E.Either<RequestError, RequestOf<N>> => {
  const failures: DecodeFailure[] = []
  const decoded = requestDecoder(profile, operation)(input, [], failures)
  // The decoder built this value from the model's shape for N: it is a RequestOf<N>.
  return decoded === INVALID || failures.length > 0 ? E.left(toRequestError(failures)) : E.right(decoded as RequestOf<N>)
}
