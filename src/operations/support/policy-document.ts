/**
 * The check a key policy passes before it is stored (docs/evidence.md §12): a JSON object with a
 * `Statement`. Policies are stored and returned, never enforced, so nothing else is checked.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type MalformedPolicyDocumentException } from '../../errors/exceptions.js'
import type { Profile } from '../../profiles/profile.js'

/**
 * Checks a key policy document.
 * @param profile - the profile (its messages)
 * @param policy - the document
 * @returns the document, or MalformedPolicyDocumentException
 * @since 0.2.0
 */
export const checkPolicyDocument = (profile: Profile, policy: string): E.Either<MalformedPolicyDocumentException, string> => {
  const parsed = E.tryCatch(() => JSON.parse(policy) as unknown, () => undefined)
  if (E.isLeft(parsed) || typeof parsed.right !== 'object' || parsed.right === null || Array.isArray(parsed.right)) {
    return E.left(exception('MalformedPolicyDocumentException', profile.messages.policyNotJson))
  }
  const statement = (parsed.right as Record<string, unknown>)['Statement']
  if (typeof statement !== 'object' || statement === null) return E.left(exception('MalformedPolicyDocumentException', profile.messages.policyNoStatement))
  return E.right(policy)
}
