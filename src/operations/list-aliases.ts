/**
 * ListAliases: the aliases, sorted by name, a page at a time; with `KeyId` (a key id or key ARN),
 * only that key's (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import type { InvalidMarkerException } from '../errors/exceptions.js'
import { limitMember, markerMember } from '../protocol/list-members.js'
import { optional, stringMember } from '../protocol/members.js'
import { requestCodec } from '../protocol/per-profile.js'
import { aliasArn } from '../model/alias.js'
import { allAliases, type KeyStore } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { decoded } from './support/operation.js'
import { pageOf, type Page } from './support/pagination.js'
import { resolveKey, type ResolvedKey, type ResolveKeyError } from './support/resolve-key.js'

/**
 * The ListAliases request codec.
 * @param profile - the profile whose limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, ListAliasesRequest } from 'kms-key-import'
 * assert.equal(ListAliasesRequest(classicProfile).decode({})._tag, 'Right')
 * assert.equal(ListAliasesRequest(classicProfile).decode({ Limit: 1001 })._tag, 'Left')
 * ```
 * @since 0.2.0
 */
export const ListAliasesRequest = requestCodec((profile: Profile) =>
  t.partial({
    /** Only this key's aliases: its key id or key ARN. */
    KeyId: optional(stringMember('KeyId', { min: 1, max: profile.limits.maxKeyIdLength })),
    /** Page size, 1 to 1000 (default 50). */
    Limit: limitMember,
    /** A previous response's `NextMarker`. */
    Marker: markerMember,
  }))
/** @since 0.2.0 */
export type ListAliasesRequest = t.TypeOf<ReturnType<typeof ListAliasesRequest>>

/** One entry of ListAliases. @since 0.2.0 */
export interface AliasListEntry {
  /** `alias/…`. */
  readonly AliasName: string
  /** The alias ARN. */
  readonly AliasArn: string
  /** The key id it points at. */
  readonly TargetKeyId: string
  /** When it was created. */
  readonly CreationDate: Date
  /** When it was last pointed at a key. */
  readonly LastUpdatedDate: Date
}

/** ListAliases' response. @since 0.2.0 */
export interface ListAliasesResponse {
  /** This page's aliases. */
  readonly Aliases: AliasListEntry[]
  /** Where the next page starts; only when `Truncated`. */
  readonly NextMarker?: string
  /** Whether more aliases follow. */
  readonly Truncated: boolean
}

/** ListAliases' errors. @since 0.2.0 */
export type ListAliasesError = ResolveKeyError | InvalidMarkerException

/** AWS's default page size of ListAliases (DOC: 50). */
const DEFAULT_LIMIT = 50

/**
 * The rule of ListAliases on a decoded request.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns a page of aliases, or the refusal
 * @since 0.2.0
 */
export const listAliasesRule = (env: OperationEnv, store: KeyStore, req: ListAliasesRequest): E.Either<ListAliasesError, Outcome<ListAliasesResponse>> =>
  pipe(
    req.KeyId === undefined
      ? E.right<ListAliasesError, string | undefined>(undefined)
      : E.map(({ key }: ResolvedKey): string | undefined => key.keyId)(resolveKey(env, store, req.KeyId, false)),
    E.map((keyId) => allAliases(store).filter((a) => keyId === undefined || a.targetKeyId === keyId).map((a): AliasListEntry => ({
      AliasName: a.aliasName,
      AliasArn: aliasArn(env.partition, env.region, env.accountId, a.aliasName),
      TargetKeyId: a.targetKeyId,
      CreationDate: new Date(a.creationDate),
      LastUpdatedDate: new Date(a.lastUpdatedDate),
    }))),
    E.flatMap((entries): E.Either<ListAliasesError, Page<AliasListEntry>> => pageOf(env.profile, 'aliases', entries, req.Limit, req.Marker, DEFAULT_LIMIT)),
    E.map((page) => ({
      store,
      response: { Aliases: [...page.items], ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}), Truncated: page.truncated },
      events: [],
    })),
  )

/**
 * Lists aliases.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param input - the request
 * @returns a page of aliases, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: created.right.KeyMetadata.KeyId })
 * const listed = await kms.invoke('ListAliases', { KeyId: created.right.KeyMetadata.Arn })
 * assert.ok(listed._tag === 'Right')
 * assert.deepEqual(listed.right.Aliases.map((a) => a.AliasName), ['alias/app'])
 * ```
 * @since 0.2.0
 */
export const listAliases = decoded(ListAliasesRequest, listAliasesRule)
