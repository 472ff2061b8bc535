/**
 * Pages of a listing: `Limit` items from where `Marker` says, with `NextMarker` and `Truncated`
 * (AWS's shape for ListKeys, ListAliases, ListResourceTags, ListKeyPolicies, ListKeyRotations).
 *
 * A marker is opaque to clients: here the base64 of the listing's name, the next item's position,
 * and the identity of that item and of the last one returned (each base64url). The next page
 * starts at the item the marker names, wherever it now is, so that items deleted between two
 * calls (a script deleting each alias of a page before asking for the next) neither make the next
 * page skip items that remain nor make the marker invalid. A listing sorted by identity (ListAliases,
 * by alias name) starts at the first item not before the named one, whether that one remains or
 * not, and so never skips a remaining item. Another listing (in creation order) starts, when the
 * named item is gone too, after the last item returned; when both are gone, at the position (never
 * past the end), where it may skip as many remaining items as were deleted before it.
 * AWS documents only that a marker continues a listing (CHOSEN; docs/evidence.md §12).
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

/** What a marker says: the next item's position, identity and the identity of the item before it. */
interface Continuation {
  readonly position: number
  readonly next?: string
  readonly last?: string
}

/** The `Marker` member's limit (1–1,024 characters): base64 of at most 768 bytes. */
const MAX_MARKER_BYTES = 768

const idPart = (id: string): string => Buffer.from(id, 'utf8').toString('base64url')

const encodeMarker = (listing: string, position: number, next: string, last: string | undefined): string => {
  const head = `kki-${listing}:${position}:${idPart(next)}`
  const both = last === undefined ? head : `${head}.${idPart(last)}`
  // the identity of the last item returned only when it fits (a long tag key)
  return Buffer.from(both.length <= MAX_MARKER_BYTES ? both : head, 'latin1').toString('base64')
}

const B64URL = '[A-Za-z0-9_-]*'

const decodeMarker = (listing: string, marker: string): Continuation | undefined => {
  // the form of 0.2.0's first markers (a position alone) is still read: a page asked of a server
  // restarted on a newer version continues where it was
  const m = new RegExp(`^kki-${listing}:(\\d{1,9})(?::(${B64URL})(?:\\.(${B64URL}))?)?$`).exec(Buffer.from(marker, 'base64').toString('latin1'))
  if (m === null) return undefined
  const id = (part: string | undefined): string | undefined => (part === undefined ? undefined : Buffer.from(part, 'base64url').toString('utf8'))
  const next = id(m[2])
  const last = id(m[3])
  return { position: Number(m[1]), ...(next !== undefined ? { next } : {}), ...(last !== undefined ? { last } : {}) }
}

/**
 * Where the page a marker continues starts in `all` (see the module's description). In a listing
 * sorted by identity, at the first item not before the one the marker names, present or not.
 */
const startOf = <A>(all: readonly A[], idOf: (a: A) => string, sorted: boolean, c: Continuation): number => {
  if (sorted && c.next !== undefined) {
    const next = c.next
    const at = all.findIndex((a) => idOf(a) >= next)
    return at >= 0 ? at : all.length
  }
  if (c.next !== undefined) {
    const at = all.findIndex((a) => idOf(a) === c.next)
    if (at >= 0) return at
  }
  if (c.last !== undefined) {
    const at = all.findIndex((a) => idOf(a) === c.last)
    if (at >= 0) return at + 1
  }
  return Math.min(c.position, all.length)
}

/**
 * One page of `all`.
 * @param profile - the profile (its messages)
 * @param listing - the listing's name (a marker of one listing is refused by another)
 * @param all - every item, in listing order
 * @param idOf - an item's identity, unique in the listing (a key id, an alias name, a tag key)
 * @param limit - the page size (default `defaultLimit`)
 * @param marker - a previous page's `nextMarker`
 * @param defaultLimit - the page size when `limit` is absent (AWS: 100 for most listings)
 * @param sorted - whether `all` is sorted by identity (code-unit order), as ListAliases is
 * @returns the page, or InvalidMarkerException for a marker this listing did not issue
 * @since 0.2.0
 */
export const pageOf = <A>(
  profile: Profile, listing: string, all: readonly A[], idOf: (a: A) => string, limit: number | undefined, marker: string | undefined, defaultLimit = 100, sorted = false,
): E.Either<InvalidMarkerException, Page<A>> => {
  const continuation = marker === undefined ? { position: 0 } : decodeMarker(listing, marker)
  if (continuation === undefined) return E.left(exception('InvalidMarkerException', profile.messages.invalidMarker))
  const start = startOf(all, idOf, sorted, continuation)
  const size = limit ?? defaultLimit
  const end = start + size
  const truncated = end < all.length
  const items = all.slice(start, end)
  const next = all[end]
  const last = items[items.length - 1]
  return E.right({ items, nextMarker: truncated && next !== undefined ? encodeMarker(listing, end, idOf(next), last === undefined ? undefined : idOf(last)) : undefined, truncated })
}
