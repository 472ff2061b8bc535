/**
 * DeleteAlias: removes an alias; its key is untouched, in any state (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type NotFoundException, type ValidationException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { aliasArn } from '../model/alias.js'
import { getAlias, getKey, putKey, type KeyStore } from '../model/key-store.js'
import { updateKey } from '../model/key-record.js'
import { checkAliasPrefix } from './support/alias-name.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** DeleteAlias's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type DeleteAliasRequest = Model.DeleteAliasRequest
/** DeleteAlias answers an empty body. @since 0.2.0 */
export type DeleteAliasResponse = Record<string, never>
/** DeleteAlias's errors. @since 0.2.0 */
export type DeleteAliasError = ValidationException | NotFoundException

/**
 * Deletes an alias.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the decoded request
 * @returns the new store, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: created.right.KeyMetadata.KeyId })
 * assert.equal((await kms.invoke('DeleteAlias', { AliasName: 'alias/app' }))._tag, 'Right')
 * const gone = await kms.invoke('DeleteAlias', { AliasName: 'alias/app' })
 * assert.ok(gone._tag === 'Left' && gone.left._tag === 'NotFoundException')
 * ```
 * @since 0.2.0
 */
export const deleteAlias = settling((env: OperationEnv, store: KeyStore, req: DeleteAliasRequest): E.Either<DeleteAliasError, Outcome<DeleteAliasResponse>> =>
  pipe(
    checkAliasPrefix(env.profile, req.AliasName),
    E.flatMap((): E.Either<DeleteAliasError, Outcome<DeleteAliasResponse>> => {
      const alias = getAlias(store, req.AliasName, env.region)
      const key = alias === undefined ? undefined : getKey(store, alias.targetKeyId)
      if (key === undefined) {
        return E.left(exception('NotFoundException', renderMessage(env.profile.messages.aliasNotFound, { aliasArn: aliasArn(env.partition, env.region, env.accountId, req.AliasName) })))
      }
      const without = putKey(store, updateKey(key, { aliases: key.aliases.filter((a) => a.aliasName !== req.AliasName) }))
      return E.right({ store: without, response: {} as DeleteAliasResponse, events: [] })
    }),
  ))
