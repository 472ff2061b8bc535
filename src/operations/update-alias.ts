/**
 * UpdateAlias: points an existing alias at another key of the same key spec and key usage
 * (docs/evidence.md §12); the new key must not be pending deletion.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { exception, type NotFoundException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { aliasNameMember } from '../protocol/list-members.js'
import { keyIdMember } from '../protocol/key-id.js'
import { requestCodec } from '../protocol/per-profile.js'
import { aliasArn, type AliasRecord } from '../model/alias.js'
import { getAlias, getKey, putAlias, type KeyStore } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import { checkAliasPrefix } from './support/alias-name.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { checkKey } from './support/key-gate.js'
import type { KeyOperationError } from './support/key-operation.js'
import { decoded } from './support/operation.js'
import { resolveKey } from './support/resolve-key.js'

/**
 * The UpdateAlias request codec.
 * @param profile - the profile whose limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, UpdateAliasRequest } from 'kms-key-import'
 * assert.equal(UpdateAliasRequest(classicProfile).decode({ AliasName: 'alias/app', TargetKeyId: 'k' })._tag, 'Right')
 * assert.equal(UpdateAliasRequest(classicProfile).decode({ AliasName: 'alias/app' })._tag, 'Left')
 * ```
 * @since 0.2.0
 */
export const UpdateAliasRequest = requestCodec((profile: Profile) =>
  t.type({
    /** The alias to move. */
    AliasName: aliasNameMember,
    /** The new key: its key id or key ARN. */
    TargetKeyId: keyIdMember(profile),
  }))
/** @since 0.2.0 */
export type UpdateAliasRequest = t.TypeOf<ReturnType<typeof UpdateAliasRequest>>
/** UpdateAlias answers an empty body. @since 0.2.0 */
export type UpdateAliasResponse = Record<string, never>
/** UpdateAlias's errors. @since 0.2.0 */
export type UpdateAliasError = KeyOperationError | NotFoundException

/**
 * The rule of UpdateAlias on a decoded request.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the decoded request
 * @returns the new store, or the refusal
 * @since 0.2.0
 */
export const updateAliasRule = (env: OperationEnv, store: KeyStore, req: UpdateAliasRequest): E.Either<UpdateAliasError, Outcome<UpdateAliasResponse>> => {
  const m = env.profile.messages
  return pipe(
    checkAliasPrefix(env.profile, req.AliasName),
    E.flatMap((): E.Either<UpdateAliasError, AliasRecord> => {
      const alias = getAlias(store, req.AliasName)
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
        const moved: AliasRecord = Object.freeze({ ...alias, targetKeyId: key.keyId, lastUpdatedDate: env.now })
        return E.right({ store: putAlias(store, moved), response: {} as UpdateAliasResponse, events: [] })
      }),
    )),
  )
}

/**
 * Points an alias at another key.
 * @param env - the operation environment
 * @param store - the store
 * @param input - the request
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
export const updateAlias = decoded(UpdateAliasRequest, updateAliasRule)
