/**
 * CreateAlias: a new alias for a key (docs/evidence.md §12). The target is a key id or key ARN (not
 * an alias); the key must not be pending deletion; the name must be free.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type AlreadyExistsException, type LimitExceededException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { aliasArn, makeAlias } from '../model/alias.js'
import { getAlias, putKey, type KeyStore } from '../model/key-store.js'
import { updateKey, type KeyRecord } from '../model/key-record.js'
import { checkAliasRoom, checkNewAliasName, type AliasNameError } from './support/alias-name.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { checkKey } from './support/key-gate.js'
import type { KeyOperationError } from './support/key-operation.js'
import { resolveKey } from './support/resolve-key.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** CreateAlias's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type CreateAliasRequest = Model.CreateAliasRequest
/** CreateAlias answers an empty body. @since 0.2.0 */
export type CreateAliasResponse = Record<string, never>
/** CreateAlias's errors. @since 0.2.0 */
export type CreateAliasError = KeyOperationError | AliasNameError | AlreadyExistsException | LimitExceededException

/**
 * Creates an alias.
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
 * assert.equal((await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: created.right.KeyMetadata.KeyId }))._tag, 'Right')
 * const described = await kms.invoke('DescribeKey', { KeyId: 'alias/app' })
 * assert.ok(described._tag === 'Right' && described.right.KeyMetadata.KeyId === created.right.KeyMetadata.KeyId)
 * const again = await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: created.right.KeyMetadata.KeyId })
 * assert.ok(again._tag === 'Left' && again.left._tag === 'AlreadyExistsException')
 * ```
 * @since 0.2.0
 */
export const createAlias = settling((env: OperationEnv, store: KeyStore, req: CreateAliasRequest): E.Either<CreateAliasError, Outcome<CreateAliasResponse>> =>
  pipe(
    checkNewAliasName(env.profile, req.AliasName),
    E.flatMap((): E.Either<CreateAliasError, Outcome<CreateAliasResponse>> => pipe(
      // CreateAlias's AWS error list has no InvalidArnException: a malformed ARN is NotFoundException
      resolveKey(env, store, req.TargetKeyId, false, 'NotFoundException'),
      E.flatMap(({ key }) => checkKey(env.profile, 'CreateAlias', key)),
      E.flatMap((key): E.Either<CreateAliasError, KeyRecord> => getAlias(store, req.AliasName, env.region) !== undefined
        ? E.left(exception('AlreadyExistsException', renderMessage(env.profile.messages.aliasExists, { aliasArn: aliasArn(env.partition, env.region, env.accountId, req.AliasName) })))
        : checkAliasRoom(env.profile, key)),
      E.map((key): Outcome<CreateAliasResponse> => ({ store: putKey(store, updateKey(key, { aliases: [...key.aliases, makeAlias(req.AliasName, env.now)] })), response: {} as CreateAliasResponse, events: [] })),
    )),
  ))
