/**
 * The one key policy name there is, `default` (DOC): any other name is NotFoundException
 * (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type NotFoundException } from '../../errors/exceptions.js'
import { renderMessage } from '../../errors/messages.js'
import type { Profile } from '../../profiles/profile.js'

/** The name of a key's policy. @since 0.2.0 */
export const DEFAULT_POLICY_NAME = 'default'

/**
 * Checks a `PolicyName` (absent means `default`).
 * @param profile - the profile (its messages)
 * @param policyName - the requested name
 * @returns `default`, or NotFoundException
 * @since 0.2.0
 */
export const checkPolicyName = (profile: Profile, policyName: string | undefined): E.Either<NotFoundException, string> =>
  policyName === undefined || policyName === DEFAULT_POLICY_NAME
    ? E.right(DEFAULT_POLICY_NAME)
    : E.left(exception('NotFoundException', renderMessage(profile.messages.policyNameNotFound, { policyName })))
