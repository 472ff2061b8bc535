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
 * | HTTP/1.1 request without `Host` | 400 | `SerializationException` | a malformed HTTP message (RFC 9112 §3.2) |
 * | `CONNECT` | 405 (+ `Allow: POST`) | `UnknownOperationException` | as any other method (answered on the socket, then closed) |
 * | more connections than the limit | 400 | `ThrottlingException` | AWS's name for "slow down" (common errors, 400): every AWS SDK retries it with backoff |
 * | request bodies held over the byte cap | 400 | `ThrottlingException` | as above |
 * | a bug in this library | 500 | `KMSInternalException` | what KMS answers for its own failures |
 *
 * Checks run in this order: `Host`, path, method, content type, size.
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
  /** The HTTP status. */
  readonly status: number
  /** The `__type` of the error body. */
  readonly type: string
  /** A template filled by `renderMessage` (`{name}` placeholders). */
  readonly message: string
}

/**
 * The HTTP layer's refusals, by case (CHOSEN, see the module documentation).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { HttpRefusals, serve } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider() })
 * const res = await fetch(server.url) // a GET
 * assert.equal(res.status, HttpRefusals.methodNotAllowed.status)
 * const body = (await res.json()) as { __type: string }
 * assert.equal(body.__type, HttpRefusals.methodNotAllowed.type)
 * await server.close()
 * ```
 * @since 0.1.0
 */
export const HttpRefusals = {
  /** A path other than `/`. */
  pathNotFound: {
    /** 404 Not Found. */
    status: 404,
    /** No operation lives there. */
    type: 'UnknownOperationException',
    /** Placeholder: `path`. */
    message: "No operation at path '{path}': AWS JSON 1.1 requests are POST /.",
  },
  /** A method other than `POST` on `/` (answered with `Allow: POST`). */
  methodNotAllowed: {
    /** 405 Method Not Allowed. */
    status: 405,
    /** No operation answers that method. */
    type: 'UnknownOperationException',
    /** Placeholder: `method`. */
    message: 'Method {method} is not allowed: AWS JSON 1.1 requests are POST /.',
  },
  /** No `Content-Type`. */
  contentTypeMissing: {
    /** 415 Unsupported Media Type. */
    status: 415,
    /** The Smithy server frameworks' name. */
    type: 'UnsupportedMediaTypeException',
    /** No placeholder. */
    message: 'Missing Content-Type: send application/x-amz-json-1.1 or application/json.',
  },
  /** A `Content-Type` other than the JSON ones. */
  contentTypeUnsupported: {
    /** 415 Unsupported Media Type. */
    status: 415,
    /** The Smithy server frameworks' name. */
    type: 'UnsupportedMediaTypeException',
    /** Placeholder: `contentType`. */
    message: "Content-Type '{contentType}' is not supported: send application/x-amz-json-1.1 or application/json.",
  },
  /** A body over the limit. */
  bodyTooLarge: {
    /** 413 Content Too Large. */
    status: 413,
    /** AWS's own name for a 413 (Lambda). */
    type: 'RequestTooLargeException',
    /** Placeholder: `limit`. */
    message: 'The request body is larger than the limit of {limit} bytes.',
  },
  /** A body shorter than its `Content-Length`. */
  bodyTruncated: {
    /** 400 Bad Request. */
    status: 400,
    /** The JSON protocols' name for a request that cannot be read. */
    type: 'SerializationException',
    /** No placeholder. */
    message: 'The request ended before the body its Content-Length announced.',
  },
  /** An HTTP message that does not parse. */
  malformedHttp: {
    /** 400 Bad Request. */
    status: 400,
    /** The JSON protocols' name for a request that cannot be read. */
    type: 'SerializationException',
    /** No placeholder. */
    message: 'The HTTP request could not be parsed.',
  },
  /** A header block over the limit. */
  headersTooLarge: {
    /** 431 Request Header Fields Too Large. */
    status: 431,
    /** The JSON protocols' name for a request that cannot be read. */
    type: 'SerializationException',
    /** No placeholder. */
    message: 'The HTTP request headers are too large.',
  },
  /** A request not received within the server's request timeout. */
  requestTimeout: {
    /** 408 Request Timeout. */
    status: 408,
    /** AWS's name for a 408 (S3's `RequestTimeout`). */
    type: 'RequestTimeoutException',
    /** No placeholder. */
    message: 'The request was not received in time.',
  },
  /** An HTTP/1.1 request without a `Host` header. */
  missingHost: {
    /** 400 Bad Request. */
    status: 400,
    /** A malformed HTTP message. */
    type: 'SerializationException',
    /** No placeholder. */
    message: 'The request has no Host header: HTTP/1.1 requires one.',
  },
  /** A connection over the limit (answered, then closed). */
  tooManyConnections: {
    /** 400, as AWS answers throttling. */
    status: 400,
    /** AWS's throttling error, which SDKs retry with backoff. */
    type: 'ThrottlingException',
    /** Placeholder: `limit`. */
    message: 'Rate exceeded: the endpoint serves at most {limit} connections at once.',
  },
  /** A request whose body would take the bytes held across requests over the cap. */
  buffersFull: {
    /** 400, as AWS answers throttling. */
    status: 400,
    /** AWS's throttling error, which SDKs retry with backoff. */
    type: 'ThrottlingException',
    /** Placeholder: `limit`. */
    message: 'Rate exceeded: the endpoint holds at most {limit} bytes of request bodies at once.',
  },
  /** A bug in this library. */
  internal: {
    /** 500 Internal Server Error. */
    status: 500,
    /** What KMS answers for its own failures. */
    type: 'KMSInternalException',
    /** No placeholder. */
    message: 'An internal error occurred.',
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
 * @since 0.1.0
 */
export const refusal = (id: HttpRefusalId, vars: Readonly<Record<string, string | number>> = {}): RenderedRefusal => {
  const r: HttpRefusal = HttpRefusals[id]
  return { status: r.status, type: r.type, message: renderMessage(r.message, vars) }
}

/**
 * The media types accepted for a request body (parameters such as `charset` are ignored).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { ACCEPTED_MEDIA_TYPES, serve } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider() })
 * const post = async (contentType: string): Promise<number> =>
 *   (await fetch(server.url, { method: 'POST', headers: { 'content-type': contentType, 'x-amz-target': 'TrentService.CreateKey' }, body: '{}' })).status
 * assert.equal(await post(`${ACCEPTED_MEDIA_TYPES[1]}; charset=utf-8`), 200)
 * assert.equal(await post('text/plain'), 415)
 * await server.close()
 * ```
 * @since 0.1.0
 */
export const ACCEPTED_MEDIA_TYPES: readonly string[] = ['application/x-amz-json-1.1', 'application/json']

/**
 * Checks a request's `Content-Type`: the media type (before any `;` parameter, case-insensitive)
 * must be one of {@link ACCEPTED_MEDIA_TYPES}. A missing header is refused too (as the Smithy
 * server frameworks do): every AWS SDK sends one.
 * @param contentType - the header's value, if any
 * @returns the refusal, or `undefined` when accepted
 * @since 0.1.0
 */
export const contentTypeRefusal = (contentType: string | undefined): RenderedRefusal | undefined => {
  // what every AWS SDK sends, answered without parsing
  if (contentType === 'application/x-amz-json-1.1') return undefined
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
