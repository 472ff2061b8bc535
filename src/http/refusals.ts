/**
 * What the HTTP layer itself refuses, before a request reaches `Emulator.handle`: the framing of
 * AWS JSON 1.1 (`POST /`, a JSON content type, a bounded body, a parsable HTTP message). AWS
 * publishes none of these answers; each is CHOSEN, kept here as data, and answered in AWS's error
 * shape `{"__type", "message"}` so every AWS SDK can read it:
 *
 * | case | status | `__type` | why this name |
 * |---|---|---|---|
 * | path other than `/` | 404 | `UnknownOperationException` | no operation lives there |
 * | method other than `POST` on `/` | 405 (+ `Allow: POST`) | `UnknownOperationException` | no operation answers that method |
 * | `Content-Type` missing or not JSON | 415 | `UnsupportedMediaTypeException` | the Smithy server frameworks' name (restJson1 malformed-request tests) |
 * | body over the limit | 413 | `RequestTooLargeException` | AWS's own name for a 413 (Lambda) |
 * | HTTP message cut off or unparsable | 400 | `SerializationException` | the JSON protocols' name for a request that cannot be read |
 * | header block too large | 431 | `SerializationException` | as above |
 * | request not received within the server's request timeout | 408 | `RequestTimeoutException` | AWS's name for a 408 (S3's `RequestTimeout`) |
 * | a bug in this library | 500 | `KMSInternalException` | what KMS answers for its own failures |
 *
 * Checks run in the order of the table's first four rows: path, method, content type, size.
 * An unknown or missing `X-Amz-Target` is not refused here: `Emulator.handle` answers
 * `UnknownOperationException` (400) for it, as for any target it does not serve.
 *
 * @module
 */
import { renderMessage } from '../errors/messages.js'

/**
 * One refusal of the HTTP layer: status, AWS-style error name and message template.
 * @since 0.1.0
 */
export interface HttpRefusal {
  readonly status: number
  readonly type: string
  /** A template filled by `renderMessage` (`{name}` placeholders). */
  readonly message: string
}

/**
 * The HTTP layer's refusals, by case (CHOSEN, see the module documentation).
 * @since 0.1.0
 */
export const HttpRefusals = {
  pathNotFound: {
    status: 404, type: 'UnknownOperationException', message: "No operation at path '{path}': AWS JSON 1.1 requests are POST /.",
  },
  methodNotAllowed: {
    status: 405, type: 'UnknownOperationException', message: 'Method {method} is not allowed: AWS JSON 1.1 requests are POST /.',
  },
  contentTypeMissing: {
    status: 415, type: 'UnsupportedMediaTypeException',
    message: 'Missing Content-Type: send application/x-amz-json-1.1 or application/json.',
  },
  contentTypeUnsupported: {
    status: 415, type: 'UnsupportedMediaTypeException',
    message: "Content-Type '{contentType}' is not supported: send application/x-amz-json-1.1 or application/json.",
  },
  bodyTooLarge: {
    status: 413, type: 'RequestTooLargeException', message: 'The request body is larger than the limit of {limit} bytes.',
  },
  bodyTruncated: {
    status: 400, type: 'SerializationException', message: 'The request ended before the body its Content-Length announced.',
  },
  malformedHttp: {
    status: 400, type: 'SerializationException', message: 'The HTTP request could not be parsed.',
  },
  headersTooLarge: {
    status: 431, type: 'SerializationException', message: 'The HTTP request headers are too large.',
  },
  requestTimeout: {
    status: 408, type: 'RequestTimeoutException', message: 'The request was not received in time.',
  },
  internal: {
    status: 500, type: 'KMSInternalException', message: 'An internal error occurred.',
  },
} as const satisfies Readonly<Record<string, HttpRefusal>>

/** A case of {@link HttpRefusals}. @since 0.1.0 */
export type HttpRefusalId = keyof typeof HttpRefusals

/**
 * A refusal rendered: status, `__type` and the filled message.
 * @since 0.1.0
 */
export interface RenderedRefusal {
  readonly status: number
  readonly type: string
  readonly message: string
}

/**
 * Renders a refusal's message.
 * @param id - the case
 * @param vars - the template's values
 * @returns status, `__type`, message
 * @example
 * refusal('methodNotAllowed', { method: 'GET' }).message // 'Method GET is not allowed: AWS JSON 1.1 requests are POST /.'
 * @since 0.1.0
 */
export const refusal = (id: HttpRefusalId, vars: Readonly<Record<string, string | number>> = {}): RenderedRefusal => {
  const r: HttpRefusal = HttpRefusals[id]
  return { status: r.status, type: r.type, message: renderMessage(r.message, vars) }
}

/** The media types accepted for a request body (parameters such as `charset` are ignored). @since 0.1.0 */
export const ACCEPTED_MEDIA_TYPES: readonly string[] = ['application/x-amz-json-1.1', 'application/json']

/**
 * Checks a request's `Content-Type`: the media type (before any `;` parameter, case-insensitive)
 * must be one of {@link ACCEPTED_MEDIA_TYPES}. A missing header is refused too (as the Smithy
 * server frameworks do): every AWS SDK sends one.
 * @param contentType - the header's value, if any
 * @returns the refusal, or `undefined` when accepted
 * @example
 * contentTypeRefusal('application/x-amz-json-1.1; charset=utf-8') // undefined
 * @since 0.1.0
 */
export const contentTypeRefusal = (contentType: string | undefined): RenderedRefusal | undefined => {
  if (contentType === undefined || contentType.trim() === '') return refusal('contentTypeMissing')
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase()
  return ACCEPTED_MEDIA_TYPES.includes(media) ? undefined : refusal('contentTypeUnsupported', { contentType: printable(contentType) })
}

/**
 * A client-supplied string made safe to echo in a message or a log line: control characters
 * replaced by `?`, cut to `max` characters.
 * @param s - the string
 * @param max - the longest result (default 200)
 * @returns the printable string
 * @since 0.1.0
 */
export const printable = (s: string, max = 200): string => {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?')
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}
