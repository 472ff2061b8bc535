/**
 * Pages of a listing: `Limit` items from where `Marker` says, with `NextMarker` and `Truncated`
 * (AWS's shape for ListKeys, ListAliases, ListResourceTags, ListKeyPolicies). A marker is opaque to
 * clients: here the base64 of the listing's name and the next item's position.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type InvalidMarkerException } from '../../errors/exceptions.js'
import type { Profile } from '../../profiles/profile.js'

/** A page of a listing. @since 0.2.0 */
export interface Page<A> {
  /** The items of this page. */
  readonly items: readonly A[]
  /** Where the next page starts, when there is one. */
  readonly nextMarker: string | undefined
  /** Whether there are more items. */
  readonly truncated: boolean
}

const encodeMarker = (listing: string, index: number): string => Buffer.from(`kki-${listing}:${index}`).toString('base64')
const decodeMarker = (listing: string, marker: string): number | undefined => {
  const m = new RegExp(`^kki-${listing}:(\\d{1,9})$`).exec(Buffer.from(marker, 'base64').toString('latin1'))
  return m === null ? undefined : Number(m[1])
}

/**
 * One page of `all`.
 * @param profile - the profile (its messages)
 * @param listing - the listing's name (a marker of one listing is refused by another)
 * @param all - every item, in listing order
 * @param limit - the page size (default `defaultLimit`)
 * @param marker - a previous page's `nextMarker`
 * @param defaultLimit - the page size when `limit` is absent (AWS: 100 for most listings)
 * @returns the page, or InvalidMarkerException
 * @since 0.2.0
 */
export const pageOf = <A>(
  profile: Profile, listing: string, all: readonly A[], limit: number | undefined, marker: string | undefined, defaultLimit = 100,
): E.Either<InvalidMarkerException, Page<A>> => {
  const start = marker === undefined ? 0 : decodeMarker(listing, marker)
  if (start === undefined || start > all.length) return E.left(exception('InvalidMarkerException', profile.messages.invalidMarker))
  const size = limit ?? defaultLimit
  const truncated = start + size < all.length
  return E.right({ items: all.slice(start, start + size), nextMarker: truncated ? encodeMarker(listing, start + size) : undefined, truncated })
}
