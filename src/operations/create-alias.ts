/**
 * CreateAlias: a new alias for a key (docs/evidence.md §12). The target is a key id or key ARN (not
 * an alias); the key must not be pending deletion; the name must be free.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { exception, type AlreadyExistsException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { aliasNameMember } from '../protocol/list-members.js'
import { keyIdMember } from '../protocol/key-id.js'
import { requestCodec } from '../protocol/per-profile.js'
import { aliasArn, makeAlias } from '../model/alias.js'
import { getAlias, putAlias, type KeyStore } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import { checkNewAliasName, type AliasNameError } from './support/alias-name.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { checkKey } from './support/key-gate.js'
import type { KeyOperationError } from './support/key-operation.js'
import { decoded } from './support/operation.js'
import { resolveKey } from './support/resolve-key.js'

/**
 * The CreateAlias request codec.
 * @param profile - the profile whose limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, CreateAliasRequest } from 'kms-key-import'
 * assert.equal(CreateAliasRequest(classicProfile).decode({ AliasName: 'alias/app', TargetKeyId: 'k' })._tag, 'Right')
 * assert.equal(CreateAliasRequest(classicProfile).decode({ AliasName: 'alias/a b', TargetKeyId: 'k' })._tag, 'Left') // the model's pattern
 * ```
 * @since 0.2.0
 */
export const CreateAliasRequest = requestCodec((profile: Profile) =>
  t.type({
    /** `alias/` and a name. */
    AliasName: aliasNameMember,
    /** The key: its key id or key ARN. */
    TargetKeyId: keyIdMember(profile),
  }))
/** @since 0.2.0 */
export type CreateAliasRequest = t.TypeOf<ReturnType<typeof CreateAliasRequest>>
/** CreateAlias answers an empty body. @since 0.2.0 */
export type CreateAliasResponse = Record<string, never>
/** CreateAlias's errors. @since 0.2.0 */
export type CreateAliasError = KeyOperationError | AliasNameError | AlreadyExistsException

/**
 * The rule of CreateAlias on a decoded request: the name's checks, the target key and its state,
 * then the name must be free.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the decoded request
 * @returns the new store, or the refusal
 * @since 0.2.0
 */
export const createAliasRule = (env: OperationEnv, store: KeyStore, req: CreateAliasRequest): E.Either<CreateAliasError, Outcome<CreateAliasResponse>> =>
  pipe(
    checkNewAliasName(env.profile, req.AliasName),
    E.flatMap((): E.Either<CreateAliasError, Outcome<CreateAliasResponse>> => pipe(
      // CreateAlias's AWS error list has no InvalidArnException: a malformed ARN is NotFoundException
      resolveKey(env, store, req.TargetKeyId, false, 'NotFoundException'),
      E.flatMap(({ key }) => checkKey(env.profile, 'CreateAlias', key)),
      E.flatMap((key): E.Either<CreateAliasError, Outcome<CreateAliasResponse>> => getAlias(store, req.AliasName) !== undefined
        ? E.left(exception('AlreadyExistsException', renderMessage(env.profile.messages.aliasExists, { aliasArn: aliasArn(env.partition, env.region, env.accountId, req.AliasName) })))
        : E.right({ store: putAlias(store, makeAlias(req.AliasName, key.keyId, env.now)), response: {} as CreateAliasResponse, events: [] })),
    )),
  )

/**
 * Creates an alias.
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
export const createAlias = decoded(CreateAliasRequest, createAliasRule)
