/**
 * Key resolution (docs/evidence.md §2.1): a key id or key ARN (aliases only where the operation takes
 * them) to the key as it is now.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type InvalidArnException, type NotFoundException } from '../../errors/exceptions.js'
import { renderMessage } from '../../errors/messages.js'
import type { KmsEvent } from '../../model/events.js'
import { isKeyId, keyArn, parseKeyArn, type KeyId } from '../../model/ids.js'
import type { KeyRecord } from '../../model/key-record.js'
import { getAlias, getKey, type KeyStore } from '../../model/key-store.js'
import { aliasArn } from '../../model/alias.js'
import { settleKey } from '../../model/settle.js'
import { partitionOf } from '../../model/region.js'
import type { OperationEnv } from './env.js'

/** A key found, settled at the request's instant. @since 0.1.0 */
export interface ResolvedKey {
  /** The key, settled at the request's instant. */
  readonly key: KeyRecord
  /** Expiry events that settling produced (already happened, not yet persisted). */
  readonly events: readonly KmsEvent[]
}

/**
 * Errors of key resolution.
 * @inline
 * @since 0.1.0
 */
export type ResolveKeyError = NotFoundException | InvalidArnException

/**
 * Resolves a `KeyId` member.
 * @param env - the operation environment
 * @param store - the store
 * @param keyIdInput - key id, key ARN, or (with `allowAlias`) an alias name or alias ARN of this account and region
 * @param allowAlias - whether the operation accepts aliases (DescribeKey, Encrypt …)
 * @param malformedArn - the exception for a malformed `arn:` KeyId: InvalidArnException where the
 *   operation's AWS error list has it, else NotFoundException `Invalid arn`
 * @returns the settled key, or NotFound / InvalidArn
 * @since 0.1.0
 */
export const resolveKey = (
  env: OperationEnv, store: KeyStore, keyIdInput: string, allowAlias: boolean, malformedArn: 'InvalidArnException' | 'NotFoundException' = 'InvalidArnException',
): E.Either<ResolveKeyError, ResolvedKey> => {
  const m = env.profile.messages
  const notFound = (id: KeyId): NotFoundException =>
    exception('NotFoundException', renderMessage(m.keyNotFound, { arn: keyArn(env.partition, env.region, env.accountId, id) }))
  const lookup = (id: KeyId): E.Either<ResolveKeyError, ResolvedKey> => {
    const stored = getKey(store, id, env.region)
    if (stored === undefined) return E.left(notFound(id))
    const settled = settleKey(stored, env.now)
    return settled.key === undefined ? E.left(notFound(id)) : E.right({ key: settled.key, events: settled.events })
  }
  const byAlias = (aliasName: string, shownArn: string): E.Either<ResolveKeyError, ResolvedKey> => {
    const alias = getAlias(store, aliasName, env.region)
    return alias === undefined ? E.left(exception('NotFoundException', renderMessage(m.aliasNotFound, { aliasArn: shownArn }))) : lookup(alias.targetKeyId as KeyId)
  }
  if (allowAlias && keyIdInput.startsWith('alias/')) {
    return byAlias(keyIdInput, aliasArn(env.partition, env.region, env.accountId, keyIdInput))
  }
  if (keyIdInput.startsWith('arn:')) {
    const parts = parseKeyArn(keyIdInput)
    const aliasParts = allowAlias && parts === undefined ? /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/.exec(keyIdInput) : null
    if (aliasParts !== null) {
      // an alias of this account and region; any other alias ARN names no alias here
      const here = aliasParts[1] === env.partition && aliasParts[2] === env.region && aliasParts[3] === env.accountId
      return here ? byAlias(aliasParts[4]!, keyIdInput) : E.left(exception('NotFoundException', renderMessage(m.aliasNotFound, { aliasArn: keyIdInput })))
    }
    if (parts === undefined || parts.partition !== partitionOf(parts.region) || !isKeyId(parts.resource)) {
      // operations without InvalidArnException in their AWS error list answer NotFoundException (OBS: Encrypt)
      return E.left(malformedArn === 'InvalidArnException'
        ? exception('InvalidArnException', renderMessage(m.invalidArn, { value: keyIdInput }))
        : exception('NotFoundException', m.invalidArnNotFound))
    }
    if (parts.region !== env.region) return E.left(exception('NotFoundException', renderMessage(m.arnOfOtherRegion, { region: parts.region })))
    if (parts.accountId !== env.accountId) {
      return E.left(exception('NotFoundException', renderMessage(m.keyNotFound, { arn: keyIdInput })))
    }
    return lookup(parts.resource)
  }
  if (!isKeyId(keyIdInput)) return E.left(exception('NotFoundException', renderMessage(m.invalidKeyId, { value: keyIdInput })))
  return lookup(keyIdInput)
}
