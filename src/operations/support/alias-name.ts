/**
 * The checks an alias name passes after the model's pattern (docs/evidence.md §12): every alias
 * operation wants the `alias/` prefix; CreateAlias also refuses the reserved `alias/aws/` prefix
 * and an empty name (InvalidAliasNameException, in its AWS error list). UpdateAlias and DeleteAlias
 * of such names find no alias (NotFoundException), since none can be created.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type InvalidAliasNameException, type LimitExceededException, type ValidationException } from '../../errors/exceptions.js'
import { renderMessage } from '../../errors/messages.js'
import { RESERVED_ALIAS_PREFIX } from '../../model/alias.js'
import type { KeyRecord } from '../../model/key-record.js'
import type { Profile } from '../../profiles/profile.js'

/**
 * The refusals of an alias name.
 * @inline
 * @since 0.2.0
 */
export type AliasNameError = ValidationException | InvalidAliasNameException

/**
 * Checks the `alias/` prefix of an alias name.
 * @param profile - the profile (its messages)
 * @param aliasName - the name, past the model's pattern
 * @returns the name, or ValidationException
 * @since 0.2.0
 */
export const checkAliasPrefix = (profile: Profile, aliasName: string): E.Either<ValidationException, string> =>
  aliasName.startsWith('alias/') ? E.right(aliasName) : E.left(exception('ValidationException', profile.messages.aliasPrefix))

/**
 * Checks the name of a new alias: the prefix, then not reserved, then not empty.
 * @param profile - the profile (its messages)
 * @param aliasName - the name, past the model's pattern
 * @returns the name, or the refusal
 * @since 0.2.0
 */
export const checkNewAliasName = (profile: Profile, aliasName: string): E.Either<AliasNameError, string> => {
  const m = profile.messages
  return E.flatMap(checkAliasPrefix(profile, aliasName), (name): E.Either<AliasNameError, string> => {
    if (name.startsWith(RESERVED_ALIAS_PREFIX)) return E.left(exception('InvalidAliasNameException', renderMessage(m.aliasReserved, { aliasName })))
    if (name === 'alias/') return E.left(exception('InvalidAliasNameException', renderMessage(m.aliasEmpty, { aliasName })))
    return E.right(name)
  })
}

/** Aliases a key may have (DOC resource-limits.html, "Aliases per KMS key: 50"). @since 0.2.0 */
export const MAX_ALIASES_PER_KEY = 50

/**
 * The key, when it can take one more alias: CreateAlias and UpdateAlias "might encounter this
 * quota" (DOC resource-limits.html); past it, LimitExceededException (message CHOSEN).
 * @param profile - the profile (its messages)
 * @param key - the alias's new target
 * @returns the key, or LimitExceededException
 * @since 0.2.0
 */
export const checkAliasRoom = (profile: Profile, key: KeyRecord): E.Either<LimitExceededException, KeyRecord> =>
  key.aliases.length < MAX_ALIASES_PER_KEY
    ? E.right(key)
    : E.left(exception('LimitExceededException', renderMessage(profile.messages.aliasLimit, { max: MAX_ALIASES_PER_KEY })))
