/**
 * io-ts codecs for the members of KMS requests, with the constraints of the service model.
 *
 * A failing member records *why* in the io-ts error message: `V:<constraint>` for a model
 * constraint (reported as ValidationException in AWS's format) or `S:<message>` for a value of the
 * wrong JSON type (reported as SerializationException, as AWS's JSON 1.1 framework does). See
 * `report.ts`.
 *
 * @module
 */
import * as t from 'io-ts'

/** Tag of a failure: a model constraint, or a value of the wrong type. @internal */
export type FailureKind = 'V' | 'S'

/** How a value is shown in a validation message. */
type Shown = { readonly shown: string }

const jsonKind = (u: unknown): string => {
  if (u === null) return 'NULL_VALUE'
  if (Array.isArray(u)) return 'START_ARRAY'
  switch (typeof u) {
    case 'string': return 'STRING_VALUE'
    case 'number': return 'NUMBER_VALUE'
    case 'boolean': return u ? 'TRUE_VALUE' : 'FALSE_VALUE'
    case 'object': return 'START_OBJECT'
    default: return 'UNKNOWN_VALUE'
  }
}

/**
 * The JSON 1.1 framework's message for a value of the wrong JSON type (OBS format).
 * @param u - the value received
 * @param target - the member's shape: `String`, `Integer`, `Boolean`, `Timestamp`, `Blob`, `Map`
 * @returns the SerializationException message
 * @internal
 */
export const wrongTypeMessage = (u: unknown, target: string): string => {
  if (Array.isArray(u)) return 'Start of list found where not expected'
  if (typeof u === 'object' && u !== null) return 'Start of structure or map found where not expected.'
  const article = /^[AEIOU]/.test(target) ? 'an' : 'a'
  return `${jsonKind(u)} can not be converted to ${article} ${target}`
}

const fail = <A>(u: unknown, c: t.Context, kind: FailureKind, message: string, shown?: Shown): t.Validation<A> =>
  t.failure(u, c, `${kind}:${shown === undefined ? '' : shown.shown}\u0000${message}`)

const showString = (s: string): Shown => ({ shown: `'${s}'` })
const showNumber = (n: number): Shown => ({ shown: `'${n}'` })
const NULL_SHOWN: Shown = { shown: 'null' }

const isAbsent = (u: unknown): u is null | undefined => u === undefined || u === null

/**
 * Makes a member required: absent or null → `Member must not be null`.
 * @param codec - the member's codec
 * @returns a codec that refuses absence
 * @since 0.1.0
 */
export const required = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A, O, unknown> =>
  new t.Type<A, O, unknown>(
    codec.name,
    codec.is,
    (u, c) => (isAbsent(u) ? fail<A>(u, c, 'V', 'Member must not be null', NULL_SHOWN) : codec.validate(u, c)),
    codec.encode,
  )

/**
 * Makes a member optional: absent or null decode to `undefined`.
 * @param codec - the member's codec
 * @returns a codec that accepts absence
 * @since 0.1.0
 */
export const optional = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A | undefined, O | undefined, unknown> =>
  new t.Type<A | undefined, O | undefined, unknown>(
    codec.name,
    (u): u is A | undefined => u === undefined || codec.is(u),
    (u, c) => (isAbsent(u) ? t.success(undefined) : codec.validate(u, c)),
    (a) => (a === undefined ? undefined : codec.encode(a)),
  )

/** Constraints of a string member. @since 0.1.0 */
export interface StringConstraints {
  readonly min?: number
  readonly max?: number
  readonly pattern?: RegExp
  /** The pattern as AWS prints it in the message. */
  readonly patternText?: string
}

/**
 * A string member with length and pattern constraints (length in UTF-16 code units, as Java's).
 * @param name - codec name
 * @param k - constraints
 * @returns the codec
 * @since 0.1.0
 */
export const stringMember = (name: string, k: StringConstraints = {}): t.Type<string, string, unknown> =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string',
    (u, c) => {
      if (typeof u !== 'string') return fail(u, c, 'S', wrongTypeMessage(u, 'String'))
      if (k.max !== undefined && u.length > k.max) return fail(u, c, 'V', `Member must have length less than or equal to ${k.max}`, showString(u))
      if (k.min !== undefined && u.length < k.min) return fail(u, c, 'V', `Member must have length greater than or equal to ${k.min}`, showString(u))
      if (k.pattern !== undefined && !k.pattern.test(u)) return fail(u, c, 'V', `Member must satisfy regular expression pattern: ${k.patternText ?? k.pattern.source}`, showString(u))
      return t.success(u)
    },
    t.identity,
  )

/**
 * An enum member: the value must be one of `values` (the profile's value set).
 * @param name - codec name
 * @param values - accepted values, in the order AWS prints them
 * @returns the codec
 * @since 0.1.0
 */
export const enumMember = <V extends string>(name: string, values: readonly V[]): t.Type<V, V, unknown> => {
  const set = new Set<string>(values)
  return new t.Type<V, V, unknown>(
    name,
    (u): u is V => typeof u === 'string' && set.has(u),
    (u, c) => {
      if (typeof u !== 'string') return fail(u, c, 'S', wrongTypeMessage(u, 'String'))
      if (!set.has(u)) return fail(u, c, 'V', `Member must satisfy enum value set: [${values.join(', ')}]`, showString(u))
      return t.success(u as V)
    },
    t.identity,
  )
}

/** Constraints of a blob member. @since 0.1.0 */
export interface BlobConstraints {
  readonly min: number
  readonly max: number
  /** Sensitive members (plaintext) are not shown in messages, as AWS does (OBS). */
  readonly sensitive: boolean
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * A blob member: standard base64 on the wire, or a `Uint8Array` from the pure API. Invalid
 * base64 is a SerializationException; a length outside `[min, max]` a ValidationException that
 * shows the value as AWS's Java service does (`java.nio.HeapByteBuffer[pos=0 lim=N cap=N]`), or
 * not at all for sensitive members.
 * @param name - codec name
 * @param k - constraints
 * @returns the codec, decoding to a fresh `Uint8Array`
 * @since 0.1.0
 */
export const blobMember = (name: string, k: BlobConstraints): t.Type<Uint8Array, string, unknown> =>
  new t.Type<Uint8Array, string, unknown>(
    name,
    (u): u is Uint8Array => u instanceof Uint8Array,
    (u, c) => {
      let bytes: Uint8Array
      if (u instanceof Uint8Array) bytes = Uint8Array.from(u)
      else if (typeof u === 'string') {
        // Fast path: canonical base64 decodes and re-encodes to itself (a 2 KB token in ~2 µs,
        // where the regex takes ~15 µs); anything else must still pass the strict pattern.
        const decoded = Buffer.from(u, 'base64')
        if (decoded.toString('base64') !== u && !BASE64.test(u)) return fail(u, c, 'S', 'base64')
        bytes = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length)
      } else return fail(u, c, 'S', wrongTypeMessage(u, 'Blob'))
      if (bytes.length >= k.min && bytes.length <= k.max) return t.success(bytes)
      const shown: Shown | undefined = k.sensitive ? undefined : { shown: `'java.nio.HeapByteBuffer[pos=0 lim=${bytes.length} cap=${bytes.length}]'` }
      if (bytes.length > k.max) return fail(u, c, 'V', `Member must have length less than or equal to ${k.max}`, shown)
      return fail(u, c, 'V', `Member must have length greater than or equal to ${k.min}`, shown)
    },
    (a) => Buffer.from(a).toString('base64'),
  )

/** Largest epoch milliseconds a JavaScript `Date` holds. */
const MAX_DATE_MS = 8.64e15

/**
 * A timestamp member: epoch seconds (possibly fractional) on the wire, or a `Date` from the pure
 * API. Decodes to a `Date`. Anything else, or a value a `Date` cannot hold, is a
 * SerializationException.
 * @param name - codec name
 * @returns the codec
 * @since 0.1.0
 */
export const timestampMember = (name: string): t.Type<Date, number, unknown> =>
  new t.Type<Date, number, unknown>(
    name,
    (u): u is Date => u instanceof Date,
    (u, c) => {
      const ms = u instanceof Date ? u.getTime() : typeof u === 'number' ? u * 1000 : undefined
      if (ms === undefined) return fail(u, c, 'S', wrongTypeMessage(u, 'Timestamp'))
      if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return fail(u, c, 'S', 'timestamp')
      return t.success(new Date(Math.round(ms)))
    },
    (d) => d.getTime() / 1000,
  )

/**
 * An integer member with a range.
 * @param name - codec name
 * @param min - least value
 * @param max - greatest value
 * @returns the codec
 * @since 0.1.0
 */
export const integerMember = (name: string, min: number, max: number): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isInteger(u),
    (u, c) => {
      if (typeof u !== 'number' || !Number.isInteger(u)) return fail(u, c, 'S', wrongTypeMessage(u, 'Integer'))
      if (u < min) return fail(u, c, 'V', `Member must have value greater than or equal to ${min}`, showNumber(u))
      if (u > max) return fail(u, c, 'V', `Member must have value less than or equal to ${max}`, showNumber(u))
      return t.success(u)
    },
    t.identity,
  )

/**
 * A boolean member.
 * @param name - codec name
 * @returns the codec
 * @since 0.1.0
 */
export const booleanMember = (name: string): t.Type<boolean, boolean, unknown> =>
  new t.Type<boolean, boolean, unknown>(
    name,
    (u): u is boolean => typeof u === 'boolean',
    (u, c) => (typeof u === 'boolean' ? t.success(u) : fail(u, c, 'S', wrongTypeMessage(u, 'Boolean'))),
    t.identity,
  )

/**
 * A map of strings to strings (EncryptionContext). Decodes to a null-prototype frozen record, so
 * `__proto__` keys are plain data.
 * @param name - codec name
 * @returns the codec
 * @since 0.1.0
 */
export const stringMapMember = (name: string): t.Type<Readonly<Record<string, string>>, Readonly<Record<string, string>>, unknown> =>
  new t.Type<Readonly<Record<string, string>>, Readonly<Record<string, string>>, unknown>(
    name,
    (u): u is Readonly<Record<string, string>> => typeof u === 'object' && u !== null && !Array.isArray(u) && Object.values(u).every((v) => typeof v === 'string'),
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return fail(u, c, 'S', wrongTypeMessage(u, 'Map'))
      const out: Record<string, string> = Object.create(null) as Record<string, string>
      for (const [key, v] of Object.entries(u)) {
        if (typeof v !== 'string') return fail(u, c, 'S', wrongTypeMessage(v, 'String'))
        out[key] = v
      }
      return t.success(Object.freeze(out))
    },
    t.identity,
  )
