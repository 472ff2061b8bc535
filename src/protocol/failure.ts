/**
 * A request that does not decode is a value: where (the member's path), which constraint of AWS's
 * model it broke, and the offending value. {@link toRequestError} renders the failures of one
 * request to the exception AWS answers, in AWS's wording (docs/evidence.md §7) — the one place
 * that text is made.
 *
 * @module
 */
import { exception, type RequestError } from '../errors/exceptions.js'
import { Messages, renderMessage } from '../errors/messages.js'

/**
 * The JSON type a member's shape expects, as AWS names it in a SerializationException.
 * @since 0.2.0
 */
export type ExpectedType = 'String' | 'Blob' | 'Integer' | 'Boolean' | 'Timestamp' | 'Map' | 'List' | 'Structure'

/**
 * Which constraint a value broke. Model constraints (`Required` … `Enum`) are ValidationExceptions;
 * the others are SerializationExceptions (the value could not be read at all).
 * @since 0.2.0
 */
export type Constraint =
  | {
    /** A required member is absent or null. */
    readonly _tag: 'Required'
  }
  | {
    /** Shorter (string, blob, list, map) than the model's `min`, or longer than its `max`. */
    readonly _tag: 'MinLength' | 'MaxLength'
    /** The model's bound. */
    readonly limit: number
  }
  | {
    /** An integer below the model's `min`, or above its `max`. */
    readonly _tag: 'MinValue' | 'MaxValue'
    /** The model's bound. */
    readonly limit: number
  }
  | {
    /** A string that does not match the model's `pattern`. */
    readonly _tag: 'Pattern'
    /** The pattern, as the model (and AWS's message) writes it. */
    readonly pattern: string
  }
  | {
    /** A value outside the enum's values (the profile's). */
    readonly _tag: 'Enum'
    /** The accepted values, in the order AWS prints them. */
    readonly values: readonly string[]
  }
  | {
    /** A JSON value of another type than the shape's. */
    readonly _tag: 'WrongType'
    /** What the shape expects. */
    readonly expected: ExpectedType
  }
  | {
    /** A blob that is not standard base64; a timestamp no Date holds; a body that is no JSON object. */
    readonly _tag: 'NotBase64' | 'NotATimestamp' | 'NotAnObject'
  }

/**
 * One decode failure.
 * @since 0.2.0
 */
export interface DecodeFailure {
  /** Member names from the request down to the member (list items by 1-based index); empty for the body. */
  readonly path: readonly (string | number)[]
  /** What was broken. */
  readonly constraint: Constraint
  /** The offending value (a blob's decoded bytes). */
  readonly value: unknown
  /** A sensitive member (plaintext): its value is never shown. */
  readonly sensitive: boolean
}

const SERIALIZATION: ReadonlySet<Constraint['_tag']> = new Set(['WrongType', 'NotBase64', 'NotATimestamp', 'NotAnObject'])

/**
 * Whether a failure is a SerializationException (the value could not be read) rather than a
 * ValidationException (a model constraint).
 * @param f - the failure
 * @returns true for a wrong JSON type, bad base64, a bad timestamp or a body that is no object
 * @since 0.2.0
 */
export const isSerialization = (f: DecodeFailure): boolean => SERIALIZATION.has(f.constraint._tag)

/** AWS prints member names in camelCase. */
const camel = (key: string): string => (key.length === 0 ? key : key[0]!.toLowerCase() + key.slice(1))

/**
 * The member path as AWS prints it: `keyId`, `tags.1.member.tagKey`.
 * @param path - the failure's path
 * @returns the printed path
 * @since 0.2.0
 */
export const printPath = (path: readonly (string | number)[]): string =>
  path.map((p) => (typeof p === 'number' ? `${p}.member` : camel(p))).join('.')

const jsonKind = (u: unknown): string => {
  if (u === null) return 'NULL_VALUE'
  switch (typeof u) {
    case 'string': return 'STRING_VALUE'
    case 'number': return 'NUMBER_VALUE'
    case 'boolean': return u ? 'TRUE_VALUE' : 'FALSE_VALUE'
    default: return 'UNKNOWN_VALUE'
  }
}

/**
 * The JSON 1.1 framework's message for a value of the wrong JSON type (OBS format).
 * @param u - the value received
 * @param target - what the member's shape expects
 * @returns the SerializationException message
 * @since 0.2.0
 */
export const wrongTypeMessage = (u: unknown, target: ExpectedType): string => {
  if (Array.isArray(u)) return 'Start of list found where not expected'
  if (typeof u === 'object' && u !== null) return 'Start of structure or map found where not expected.'
  const article = /^[AEIOU]/.test(target) ? 'an' : 'a'
  return `${jsonKind(u)} can not be converted to ${article} ${target}`
}

/** How AWS's Java service shows a value in a validation message; undefined: not shown. */
const shown = (f: DecodeFailure): string | undefined => {
  if (f.constraint._tag === 'Required') return 'null'
  if (f.sensitive) return undefined
  const v = f.value
  if (v instanceof Uint8Array) return `'java.nio.HeapByteBuffer[pos=0 lim=${v.length} cap=${v.length}]'`
  if (Array.isArray(v)) return `'[${v.map(String).join(', ')}]'`
  return `'${String(v)}'`
}

const requirement = (c: Constraint): string => {
  switch (c._tag) {
    case 'Required': return 'Member must not be null'
    case 'MinLength': return `Member must have length greater than or equal to ${c.limit}`
    case 'MaxLength': return `Member must have length less than or equal to ${c.limit}`
    case 'MinValue': return `Member must have value greater than or equal to ${c.limit}`
    case 'MaxValue': return `Member must have value less than or equal to ${c.limit}`
    case 'Pattern': return `Member must satisfy regular expression pattern: ${c.pattern}`
    case 'Enum': return `Member must satisfy enum value set: [${c.values.join(', ')}]`
    default: return ''
  }
}

const serializationMessage = (f: DecodeFailure): string => {
  const member = printPath(f.path)
  switch (f.constraint._tag) {
    case 'WrongType': return wrongTypeMessage(f.value, f.constraint.expected)
    case 'NotBase64': return renderMessage(Messages.notBase64, { member })
    case 'NotATimestamp': return renderMessage(Messages.badTimestamp, { member })
    default: return Messages.bodyNotObject
  }
}

/**
 * The text of one validation failure: `Value 'X' at 'member' failed to satisfy constraint: …`.
 * @param f - a model-constraint failure
 * @returns the text
 * @since 0.2.0
 */
export const validationText = (f: DecodeFailure): string => {
  const value = shown(f)
  return `Value${value === undefined ? '' : ` ${value}`} at '${printPath(f.path)}' failed to satisfy constraint: ${requirement(f.constraint)}`
}

/**
 * The exception AWS answers for a request's decode failures: the first SerializationException
 * when a value could not be read, else one ValidationException listing each member's first
 * violated constraint (`2 validation errors detected: …; …`).
 * @param failures - at least one failure, in the order found
 * @returns SerializationException or ValidationException
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { toRequestError } from 'kms-key-import'
 * const e = toRequestError([{ path: ['KeyId'], constraint: { _tag: 'Required' }, value: undefined, sensitive: false }])
 * assert.equal(e.message, "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
 * ```
 * @since 0.2.0
 */
export const toRequestError = (failures: readonly DecodeFailure[]): RequestError => {
  const unreadable = failures.find(isSerialization)
  if (unreadable !== undefined) return exception('SerializationException', serializationMessage(unreadable))
  const seen = new Set<string>()
  const texts: string[] = []
  for (const f of failures) {
    const at = printPath(f.path)
    if (seen.has(at)) continue
    seen.add(at)
    texts.push(validationText(f))
  }
  const n = texts.length
  return exception('ValidationException', `${n} validation error${n === 1 ? '' : 's'} detected: ${texts.join('; ')}`)
}

/**
 * The ValidationException of a required member that is absent, for a rule that requires a member
 * AWS's model leaves optional.
 * @param member - the member's name
 * @returns `1 validation error detected: Value null at 'member' failed to satisfy constraint: Member must not be null`
 * @since 0.2.0
 */
export const missingMember = (member: string): RequestError =>
  toRequestError([{ path: [member], constraint: { _tag: 'Required' }, value: undefined, sensitive: false }])
