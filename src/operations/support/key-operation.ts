/**
 * The shape shared by operations that act on one key: resolve, consult the state table, then
 * apply a pure change. Each operation module supplies only its change.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { KmsException, UnsupportedOperationException } from '../../errors/exceptions.js'
import type { KeyRecord } from '../../model/key-record.js'
import { getKey, putKey, type KeyStore } from '../../model/key-store.js'
import type { StatefulOperation } from '../../profiles/profile.js'
import type { OperationEnv, Outcome } from './env.js'
import { checkKey, type KeyStateError } from './key-gate.js'
import { settling } from './settling.js'
import { resolveKey, type ResolveKeyError } from './resolve-key.js'

/**
 * Errors every key operation can answer.
 * @inline
 * @since 0.1.0
 */
export type KeyOperationError = ResolveKeyError | UnsupportedOperationException | KeyStateError

/** What a key operation's change returns: the key's new record (or unchanged) and the response. @since 0.1.0 */
export interface KeyChange<R> {
  readonly key: KeyRecord
  readonly response: R
  /** Records of related multi-Region keys in other Regions that change with it (docs/evidence.md §11). @since 0.2.0 */
  readonly related?: readonly KeyRecord[]
}

/**
 * Builds a key operation.
 * @param operation - its row in the state table
 * @param change - the rule, after the key passed the state table (given the store, for related keys)
 * @returns the operation
 * @since 0.1.0
 */
export const keyOperation =
  <Req extends { readonly KeyId: string }, R, Err extends KmsException = never>(
    operation: StatefulOperation,
    change: (env: OperationEnv, key: KeyRecord, req: Req, store: KeyStore) => E.Either<Err, KeyChange<R>>,
  ) =>
  settling((env: OperationEnv, store: KeyStore, req: Req): E.Either<KeyOperationError | Err, Outcome<R>> =>
    pipe(
      resolveKey(env, store, req.KeyId, false),
      E.flatMap(({ key }) => checkKey(env.profile, operation, key)),
      E.flatMap((key) => change(env, key, req, store)),
      // an unchanged key leaves the very same store (a read must not look like a change)
      E.map(({ key, response, related }) => {
        const own = getKey(store, key.keyId, key.region) === key ? store : putKey(store, key)
        return { store: (related ?? []).reduce(putKey, own), response, events: [] }
      }),
    ))
