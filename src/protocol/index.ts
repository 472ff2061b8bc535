/**
 * The protocol layer: AWS JSON 1.1 end to end, one place for `handle`, the HTTP endpoint and
 * `invoke`. A request goes through these stages, each a pure function:
 *
 * 1. {@link route}: `X-Amz-Target: TrentService.X` → a served operation name (else
 *    UnknownOperationException);
 * 2. {@link parseBody}: the body's bytes → JSON (UTF-8; else SerializationException);
 * 3. `decodeRequest` (`decode.ts`): JSON → the typed request, every member checked as AWS's model
 *    says, under the profile's era (else ValidationException / SerializationException, rendered
 *    from data by `failure.ts`);
 * 4. the operation's rule (`src/operations/`, found in the registry), on the decoded request;
 * 5. `encodeResponseJson` (`encode.ts`): the typed response → JSON text by the model's output
 *    shape (`encodeResponse` gives the same as a JSON value); or
 *    `errorResponse` (`wire.ts`): the exception → `{"__type", "message"}` and its status.
 *
 * Adding an operation: write its rule and register it (`src/operations/support/registry.ts`);
 * stages 1–3 and 5 come from AWS's model (`model/`, generated into `generated/kms-model.ts`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type RequestError, type UnknownOperationException } from '../errors/exceptions.js'
import { Messages, renderMessage } from '../errors/messages.js'
import type { KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from '../operations/support/env.js'
import { isOperationName, operations, type OperationName } from '../operations/support/registry.js'
import { notServedOperations } from '../operations/support/not-served.js'
import { decodeRequest, type RequestOf } from './decode.js'
import { kmsModel } from './generated/kms-model.js'

/**
 * The served operation a target names.
 * @param target - the `X-Amz-Target` header (anything)
 * @returns the operation's name, or UnknownOperationException
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { route } from 'kms-key-import'
 * assert.deepEqual(route('TrentService.CreateKey'), { _tag: 'Right', right: 'CreateKey' })
 * assert.equal(route('TrentService.CreateAlias')._tag, 'Right')
 * assert.equal(route('TrentService.CreateGrant')._tag, 'Left') // not served: grants are out of scope
 * ```
 * @since 0.2.0
 */
export const route = (target: unknown): E.Either<UnknownOperationException, OperationName> => {
  const text = typeof target === 'string' ? target : ''
  const prefix = `${kmsModel.targetPrefix}.`
  const name = text.startsWith(prefix) ? text.slice(prefix.length) : ''
  if (isOperationName(name)) return E.right(name)
  const area = Object.hasOwn(notServedOperations, name) ? notServedOperations[name] : undefined
  const message = text === '' ? Messages.missingTarget
    : area !== undefined ? renderMessage(Messages.notServed, { operation: name, area })
    : renderMessage(Messages.unknownOperation, { target: text })
  return E.left(exception('UnknownOperationException', message))
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Parses a request body: UTF-8 JSON; an empty body is `{}`.
 * @param body - the body, as text or bytes
 * @returns the JSON value, or SerializationException
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { parseBody } from 'kms-key-import'
 * assert.deepEqual(parseBody(''), { _tag: 'Right', right: {} })
 * assert.equal(parseBody(new Uint8Array([0xff]))._tag, 'Left')
 * ```
 * @since 0.2.0
 */
export const parseBody = (body: string | Uint8Array): E.Either<RequestError, unknown> => {
  let text: string
  if (typeof body === 'string') text = body
  else {
    try {
      text = utf8.decode(body)
    } catch {
      return E.left(exception('SerializationException', Messages.bodyNotJson))
    }
  }
  if (text.trim() === '') return E.right({})
  try {
    return E.right(JSON.parse(text) as unknown)
  } catch {
    return E.left(exception('SerializationException', Messages.bodyNotJson))
  }
}

/**
 * What operation `N` may answer: its rule's error, or a request that does not decode.
 * @typeParam N - the operation
 * @since 0.2.0
 */
export type ErrorOf<N extends OperationName> = RequestError | (ReturnType<(typeof operations)[N]> extends E.Either<infer L, unknown> ? L : never)

/**
 * What operation `N` answers.
 * @typeParam N - the operation
 * @since 0.2.0
 */
export type ResponseOf<N extends OperationName> = ReturnType<(typeof operations)[N]> extends E.Either<unknown, Outcome<infer R>> ? R : never

/**
 * Decodes a request for a served operation and runs its rule: stages 3 and 4.
 * @param env - the operation environment
 * @param store - the store
 * @param name - a served operation
 * @param input - the request: parsed JSON, or the typed form
 * @returns the rule's outcome, or the decode failure or rule error
 * @since 0.2.0
 */
export const dispatch = <N extends OperationName>(env: OperationEnv, store: KeyStore, name: N, input: unknown): E.Either<ErrorOf<N>, Outcome<ResponseOf<N>>> => {
  // An early return, not pipe/flatMap: every request passes here, and each fp-ts combinator costs
  // ≈1–2 µs a call (docs/performance.md, the ImportKeyMaterial hot path).
  const request = decodeRequest(env.profile, name, input)
  if (E.isLeft(request)) return request
  // Each rule takes its model request type (the registry's `satisfies` holds it to that):
  // calling the union of rules needs the one view of them all as taking RequestOf<N>.
  const rule = operations[name] as (env: OperationEnv, store: KeyStore, request: RequestOf<N>) => E.Either<ErrorOf<N>, Outcome<ResponseOf<N>>>
  return rule(env, store, request.right)
}

export { decodeRequest, type RequestOf, type ModelOperationName } from './decode.js'
export { encodeResponse, encodeResponseJson } from './encode.js'
export { errorResponse, okResponse, AMZ_JSON_1_1, type WireResponse } from './wire.js'
