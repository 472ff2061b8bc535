/**
 * An operation as the registry serves it: its request decoded by its codec, then its rule, which
 * takes the typed request. The rules of the operations around a key are written this way so that
 * decoding can move to the protocol layer without touching them.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import type { KmsException, RequestError } from '../../errors/exceptions.js'
import type { KeyStore } from '../../model/key-store.js'
import type { Profile } from '../../profiles/profile.js'
import { decodeRequest } from '../../protocol/report.js'
import type { OperationEnv, Outcome } from './env.js'

/**
 * Joins a request codec and a rule.
 * @param codec - the request codec per profile
 * @param rule - the rule, on the decoded request
 * @returns the operation on an undecoded request
 * @since 0.2.0
 */
export const decoded =
  <Req, Err extends KmsException, R>(
    codec: (profile: Profile) => t.Decoder<unknown, Req>,
    rule: (env: OperationEnv, store: KeyStore, req: Req) => E.Either<Err, Outcome<R>>,
  ) =>
  (env: OperationEnv, store: KeyStore, input: unknown): E.Either<RequestError | Err, Outcome<R>> => {
    const req = decodeRequest(codec(env.profile), input)
    return E.isLeft(req) ? req : rule(env, store, req.right)
  }
