/**
 * The seed document's response envelope: `{"success": true, "data": …}` and
 * `{"success": false, "error": {"code": "VALIDATION_ERROR", "message": …}}`.
 *
 * This is **not** the KMS wire format. The seed page (docs/evidence.md, Terms)
 * showed it as the generic response example of its documentation site; real KMS and every AWS SDK
 * speak AWS JSON 1.1 (`{"__type", "message"}` errors, docs/evidence.md §7). The envelope exists only for
 * clients written against the seed page, and is served by the HTTP endpoint only when asked for
 * (`envelope: 'seed'`, `--envelope seed`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { KmsException } from '../errors/exceptions.js'
import type { WireResponse } from '../protocol/wire.js'

/**
 * A typed value as JSON for the envelope's `data`: `Uint8Array` → base64, `Date` → epoch seconds,
 * `undefined` members dropped (the envelope wraps any result; the AWS wire itself is encoded from
 * AWS's model, `protocol/encode.ts`).
 */
const toJsonValue = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (value instanceof Date) return value.getTime() / 1000
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v)
    return out
  }
  return value
}

/**
 * A successful envelope: `data` is exactly the KMS JSON response body (blobs base64, timestamps
 * epoch seconds), only framed differently.
 * @since 0.1.0
 */
export interface SuccessEnvelope {
  /** Always `true`. */
  readonly success: true
  /** The KMS JSON response body. */
  readonly data: unknown
}

/**
 * A failed envelope: `code` is the exception name in SCREAMING_SNAKE_CASE (see
 * {@link envelopeCode}), `message` is KMS's message, unchanged.
 * @since 0.1.0
 */
export interface FailureEnvelope {
  /** Always `false`. */
  readonly success: false
  /** What failed. */
  readonly error: {
    /** The exception name in SCREAMING_SNAKE_CASE ({@link envelopeCode}). */
    readonly code: string
    /** KMS's message, unchanged. */
    readonly message: string
  }
}

/**
 * The seed document's envelope (not KMS's format).
 * @since 0.1.0
 */
export type Envelope = SuccessEnvelope | FailureEnvelope

/**
 * Codes the seed document spells out itself; every other exception name goes through the general
 * rule of {@link envelopeCode}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { envelopeCode, SeedEnvelopeCodes } from 'kms-key-import/http'
 * assert.equal(SeedEnvelopeCodes.ValidationException, 'VALIDATION_ERROR')
 * assert.equal(envelopeCode('ValidationException'), SeedEnvelopeCodes.ValidationException) // not the rule's VALIDATION
 * ```
 * @since 0.1.0
 */
export const SeedEnvelopeCodes: Readonly<Record<string, string>> = Object.freeze({
  // The seed shows `VALIDATION_ERROR`, not the rule's `VALIDATION`.
  ValidationException: 'VALIDATION_ERROR',
})

/** The code used when a response cannot be read at all (a bug, never a client's doing). */
const INTERNAL_CODE = 'KMS_INTERNAL'

/**
 * The envelope code of an exception name: the `Exception` suffix dropped, the rest in
 * SCREAMING_SNAKE_CASE with acronyms kept whole (`KMSInvalidStateException` →
 * `KMS_INVALID_STATE`, `NotFoundException` → `NOT_FOUND`), except the codes the seed spells out
 * ({@link SeedEnvelopeCodes}: `ValidationException` → `VALIDATION_ERROR`). A namespaced AWS error
 * type (`com.amazonaws.kms#NotFoundException:http://…`) is reduced to its name first, as the AWS
 * SDKs do.
 * @param exceptionName - an AWS exception name (`__type`)
 * @returns the envelope code
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { envelopeCode } from 'kms-key-import/http'
 * assert.equal(envelopeCode('ExpiredImportTokenException'), 'EXPIRED_IMPORT_TOKEN')
 * assert.equal(envelopeCode('KMSInvalidStateException'), 'KMS_INVALID_STATE')
 * assert.equal(envelopeCode('com.amazonaws.kms#NotFoundException'), 'NOT_FOUND')
 * ```
 * @since 0.1.0
 */
export const envelopeCode = (exceptionName: string): string => {
  const name = exceptionName.replace(/^.*#/, '').replace(/:.*$/, '')
  const seed = Object.hasOwn(SeedEnvelopeCodes, name) ? SeedEnvelopeCodes[name] : undefined
  if (seed !== undefined) return seed
  const base = name.endsWith('Exception') && name.length > 'Exception'.length ? name.slice(0, -'Exception'.length) : name
  return base
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
}

const failure = (code: string, message: string): FailureEnvelope => ({ success: false, error: { code, message } })

const isEither = (u: E.Either<KmsException, unknown> | WireResponse): u is E.Either<KmsException, unknown> => {
  const tag = (u as { _tag?: unknown })._tag
  return tag === 'Left' || tag === 'Right'
}

const fromWire = (response: WireResponse): Envelope => {
  let parsed: unknown
  try {
    parsed = JSON.parse(response.body) as unknown
  } catch {
    return failure(INTERNAL_CODE, 'The response body is not valid JSON.')
  }
  if (response.status >= 200 && response.status < 300) return { success: true, data: parsed }
  const body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
  const type = typeof body.__type === 'string' ? body.__type : INTERNAL_CODE
  // AWS JSON 1.1 error bodies spell the member `message` or, for some services, `Message`.
  const message = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : ''
  return failure(envelopeCode(type), message)
}

/**
 * Frames an operation's result in the seed document's envelope. This is the seed page's generic
 * format, **not** the KMS wire format: use it only for clients written against that page.
 *
 * Accepts either an operation's typed result (an fp-ts `Either` of a {@link KmsException} or a
 * response; a response is converted to its JSON form as on the wire, so both inputs give the same
 * envelope) or a {@link WireResponse} from `Emulator.handle` (2xx → success with the parsed body,
 * otherwise failure from `__type` and `message`). Pure: no input is changed.
 * @param result - an `Either<KmsException, response>` or a `WireResponse`
 * @returns the envelope
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { toEnvelope } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const described = await kms.invoke('DescribeKey', { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })
 * assert.deepEqual(toEnvelope(described), {
 *   success: false,
 *   error: { code: 'NOT_FOUND', message: "Key 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist" },
 * })
 * ```
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { toEnvelope } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const envelope = toEnvelope(await kms.handle({ target: 'TrentService.CreateKey', body: '{}' }))
 * assert.ok(envelope.success)
 * assert.equal((envelope.data as { KeyMetadata: { KeyState: string } }).KeyMetadata.KeyState, 'Enabled')
 * ```
 * @since 0.1.0
 */
export const toEnvelope = (result: E.Either<KmsException, unknown> | WireResponse): Envelope => {
  if (!isEither(result)) return fromWire(result)
  return E.isLeft(result)
    ? failure(envelopeCode(result.left._tag), result.left.message)
    : { success: true, data: toJsonValue(result.right) }
}
