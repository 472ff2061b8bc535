/**
 * DescribeKey: the key's metadata, in every state (RULES.md §2.1), as it is at the request's
 * instant (expiry applied).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import type { RequestError } from '../errors/exceptions.js'
import { decodeRequest } from '../codecs/report.js'
import { keyIdMember } from '../codecs/key-id.js'
import { perProfile } from '../codecs/per-profile.js'
import type { KeyStore } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import type { OperationEnv, Outcome } from './env.js'
import { keyMetadata, type KeyMetadata } from './key-metadata.js'
import { resolveKey, type ResolveKeyError } from './resolve-key.js'

/** The DescribeKey request codec. @since 0.1.0 */
export const DescribeKeyRequest = perProfile((profile: Profile) => t.type({ KeyId: keyIdMember(profile) }))
/** @since 0.1.0 */
export type DescribeKeyRequest = t.TypeOf<ReturnType<typeof DescribeKeyRequest>>

/** DescribeKey's response. @since 0.1.0 */
export interface DescribeKeyResponse {
  readonly KeyMetadata: KeyMetadata
}

/** DescribeKey's errors. @since 0.1.0 */
export type DescribeKeyError = RequestError | ResolveKeyError

/**
 * Describes a key (key id, key ARN, alias name or alias ARN).
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param input - the request
 * @returns the metadata, or the error
 * @since 0.1.0
 */
export const describeKey = (env: OperationEnv, store: KeyStore, input: unknown): E.Either<DescribeKeyError, Outcome<DescribeKeyResponse>> =>
  pipe(
    decodeRequest(DescribeKeyRequest(env.profile), input),
    E.flatMap((req) => resolveKey(env, store, req.KeyId, true)),
    E.map(({ key }) => ({ store, response: { KeyMetadata: keyMetadata(env.profile, key) }, events: [] })),
  )
