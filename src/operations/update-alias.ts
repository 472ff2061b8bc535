/**
 * UpdateAlias: points an existing alias at another key of the same key spec and key usage
 * (docs/evidence.md §12); the new key must not be pending deletion.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type LimitExceededException, type NotFoundException, type ValidationException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { aliasArn, type AliasRecord, type KeyAlias } from '../model/alias.js'
import { getAlias, getKey, putKey, type KeyStore } from '../model/key-store.js'
import { updateKey } from '../model/key-record.js'
import { checkAliasPrefix, checkAliasRoom } from './support/alias-name.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { checkKey } from './support/key-gate.js'
import type { KeyOperationError } from './support/key-operation.js'
import { resolveKey } from './support/resolve-key.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** UpdateAlias's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type UpdateAliasRequest = Model.UpdateAliasRequest
/** UpdateAlias answers an empty body. @since 0.2.0 */
export type UpdateAliasResponse = Record<string, never>
/** UpdateAlias's errors. @since 0.2.0 */
export type UpdateAliasError = KeyOperationError | NotFoundException | ValidationException | LimitExceededException

/**
 * Points an alias at another key.
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
 * const a = await kms.invoke('CreateKey', {})
 * const b = await kms.invoke('CreateKey', {})
 * assert.ok(a._tag === 'Right' && b._tag === 'Right')
 * await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: a.right.KeyMetadata.KeyId })
 * assert.equal((await kms.invoke('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: b.right.KeyMetadata.Arn }))._tag, 'Right')
 * const described = await kms.invoke('DescribeKey', { KeyId: 'alias/app' })
 * assert.ok(described._tag === 'Right' && described.right.KeyMetadata.KeyId === b.right.KeyMetadata.KeyId)
 * ```
 * @since 0.2.0
 */
export const updateAlias = settling((env: OperationEnv, store: KeyStore, req: UpdateAliasRequest): E.Either<UpdateAliasError, Outcome<UpdateAliasResponse>> => {
  const m = env.profile.messages
  return pipe(
    checkAliasPrefix(env.profile, req.AliasName),
    E.flatMap((): E.Either<UpdateAliasError, AliasRecord> => {
      const alias = getAlias(store, req.AliasName, env.region)
      return alias === undefined
        ? E.left(exception('NotFoundException', renderMessage(m.aliasNotFound, { aliasArn: aliasArn(env.partition, env.region, env.accountId, req.AliasName) })))
        : E.right(alias)
    }),
    E.flatMap((alias) => pipe(
      // UpdateAlias's AWS error list has no InvalidArnException: a malformed ARN is NotFoundException
      resolveKey(env, store, req.TargetKeyId, false, 'NotFoundException'),
      E.flatMap(({ key }) => checkKey(env.profile, 'UpdateAlias', key)),
      E.flatMap((key): E.Either<UpdateAliasError, Outcome<UpdateAliasResponse>> => {
        const from = getKey(store, alias.targetKeyId)
        if (from !== undefined && (from.keySpec !== key.keySpec || from.keyUsage !== key.keyUsage)) {
          return E.left(exception('ValidationException', renderMessage(m.aliasTargetMismatch, {
            aliasName: req.AliasName, fromSpec: from.keySpec, fromUsage: from.keyUsage, toSpec: key.keySpec, toUsage: key.keyUsage,
          })))
        }
        if (from === undefined || from.keyId === key.keyId) return E.right({ store, response: {} as UpdateAliasResponse, events: [] })
        const room = checkAliasRoom(env.profile, key)
        if (E.isLeft(room)) return room
        // the alias leaves the record of its key for the record of the new one
        const moved: KeyAlias = { aliasName: alias.aliasName, creationDate: alias.creationDate, lastUpdatedDate: env.now }
        const left = putKey(store, updateKey(from, { aliases: from.aliases.filter((a) => a.aliasName !== alias.aliasName) }))
        return E.right({ store: putKey(left, updateKey(key, { aliases: [...key.aliases, moved] })), response: {} as UpdateAliasResponse, events: [] })
      }),
    )),
  )
})
