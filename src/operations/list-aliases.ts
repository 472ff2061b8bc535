/**
 * ListAliases: the aliases, sorted by name, a page at a time; with `KeyId` (a key id or key ARN),
 * only that key's (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { InvalidMarkerException } from '../errors/exceptions.js'
import { aliasArn } from '../model/alias.js'
import { aliasNamesIn, getAlias, type KeyStore } from '../model/key-store.js'
import type { KeyRecord } from '../model/key-record.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { pageOfSorted, type Page } from './support/pagination.js'
import { resolveKey, type ResolvedKey, type ResolveKeyError } from './support/resolve-key.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** ListAliases's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type ListAliasesRequest = Model.ListAliasesRequest

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
 * Lists aliases.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
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
export const listAliases = settling((env: OperationEnv, store: KeyStore, req: ListAliasesRequest): E.Either<ListAliasesError, Outcome<ListAliasesResponse>> =>
  pipe(
    req.KeyId === undefined
      ? E.right<ListAliasesError, KeyRecord | undefined>(undefined)
      : E.map(({ key }: ResolvedKey): KeyRecord | undefined => key)(resolveKey(env, store, req.KeyId, false)),
    // a key's own aliases, or every alias of the Region (by name, from the alias index: a page
    // sorts its own items, not the Region's aliases)
    E.map((key) => key === undefined
      ? aliasNamesIn(store, env.region)
      : key.aliases.map((a) => a.aliasName)),
    E.flatMap((candidates) => pageOfSorted(env.profile, 'aliases', candidates, (name) => name, req.Limit, req.Marker, DEFAULT_LIMIT)),
    E.map((page): Page<AliasListEntry> => ({
      ...page,
      items: page.items.flatMap((name) => {
        const a = getAlias(store, name, env.region)
        return a === undefined ? [] : [{
          AliasName: a.aliasName,
          AliasArn: aliasArn(env.partition, env.region, env.accountId, a.aliasName),
          TargetKeyId: a.targetKeyId,
          CreationDate: new Date(a.creationDate),
          LastUpdatedDate: new Date(a.lastUpdatedDate),
        }]
      }),
    })),
    E.map((page) => ({
      store,
      response: { Aliases: [...page.items], ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}), Truncated: page.truncated },
      events: [],
    })),
  ))
