/**
 * Turns io-ts decoding errors into the exception AWS answers: SerializationException for a value
 * of the wrong type, else one ValidationException listing every violated constraint in AWS's
 * format (docs/evidence.md §7):
 * `2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; …`
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { exception, type RequestError } from '../errors/exceptions.js'
import { Messages, renderMessage } from '../errors/messages.js'

/** AWS prints member names in camelCase. */
const camel = (key: string): string => (key.length === 0 ? key : key[0]!.toLowerCase() + key.slice(1))

const memberOf = (e: t.ValidationError): string => {
  for (let i = e.context.length - 1; i >= 0; i--) {
    const key = e.context[i]?.key ?? ''
    if (key !== '' && !/^\d+$/.test(key)) return camel(key)
  }
  return ''
}

/**
 * The AWS exception for a failed decode.
 * @param errors - io-ts errors
 * @returns SerializationException or ValidationException
 * @since 0.1.0
 */
export const reportErrors = (errors: t.Errors): RequestError => {
  const validation: string[] = []
  const seen = new Set<string>()
  for (const e of errors) {
    const member = memberOf(e)
    const raw = e.message ?? ''
    const kind = raw.slice(0, 2)
    const [shown, text] = raw.slice(2).split('\u0000') as [string, string | undefined]
    if (kind !== 'V:' || text === undefined) {
      if (member === '') return exception('SerializationException', Messages.bodyNotObject)
      if (text === 'base64') return exception('SerializationException', renderMessage(Messages.notBase64, { member }))
      if (text === 'timestamp') return exception('SerializationException', renderMessage(Messages.badTimestamp, { member }))
      return exception('SerializationException', text ?? Messages.bodyNotObject)
    }
    if (seen.has(member)) continue
    seen.add(member)
    validation.push(`Value${shown === '' ? '' : ` ${shown}`} at '${member}' failed to satisfy constraint: ${text}`)
  }
  const n = validation.length
  return exception('ValidationException', `${n} validation error${n === 1 ? '' : 's'} detected: ${validation.join('; ')}`)
}

/**
 * Decodes `input` with `codec`, mapping failures to the AWS exception.
 * @param codec - a request codec
 * @param input - anything
 * @returns the decoded request, or the exception
 * @since 0.1.0
 */
export const decodeRequest = <A>(codec: t.Decoder<unknown, A>, input: unknown): E.Either<RequestError, A> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return E.left(exception('SerializationException', Messages.bodyNotObject))
  // JSON.parse makes `"__proto__"` an own member; io-ts, merging an intersection's results, would
  // assign it and so make it the decoded request's prototype, whose members every operation would
  // then read as if sent. It is an unknown member, which the service ignores: left out here.
  const members: Record<string, unknown> = {}
  for (const key of Object.keys(input)) if (key !== '__proto__') members[key] = (input as Record<string, unknown>)[key]
  return E.mapLeft(reportErrors)(codec.decode(members))
}
