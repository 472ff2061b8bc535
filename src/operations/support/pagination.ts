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

/** The first `size` items of `items` from index `from`, and whether more follow. */
const takeFrom = <A>(items: Iterable<A>, from: number, size: number): { readonly items: A[]; readonly next: A | undefined } => {
  const out: A[] = []
  let index = 0
  for (const a of items) {
    if (index++ < from) continue
    if (out.length === size) return { items: out, next: a }
    out.push(a)
  }
  return { items: out, next: undefined }
}

/**
 * Where the page a marker continues starts in a listing in creation order (see the module's
 * description): one pass to the named item, a second only when it is gone.
 */
const startOf = <A>(items: () => Iterable<A>, idOf: (a: A) => string, c: Continuation): number => {
  const find = (id: string): number => {
    let index = 0
    for (const a of items()) {
      if (idOf(a) === id) return index
      index++
    }
    return -1
  }
  if (c.next !== undefined) {
    const at = find(c.next)
    if (at >= 0) return at
  }
  if (c.last !== undefined) {
    const at = find(c.last)
    if (at >= 0) return at + 1
  }
  return c.position
}

const refused = (profile: Profile): E.Either<InvalidMarkerException, never> => E.left(exception('InvalidMarkerException', profile.messages.invalidMarker))

const pageFrom = <A>(listing: string, taken: { readonly items: readonly A[]; readonly next: A | undefined }, idOf: (a: A) => string, end: number): Page<A> => {
  const last = taken.items[taken.items.length - 1]
  return taken.next === undefined
    ? { items: taken.items, nextMarker: undefined, truncated: false }
    : { items: taken.items, nextMarker: encodeMarker(listing, end, idOf(taken.next), last === undefined ? undefined : idOf(last)), truncated: true }
}

/**
 * One page of a listing in creation order, read lazily: a page costs the items up to its end, not
 * the listing (ListKeys of a store of 100,000 keys builds no list of them).
 * @param profile - the profile (its messages)
 * @param listing - the listing's name (a marker of one listing is refused by another)
 * @param items - every item, in listing order (called again only when the marker's items are gone)
 * @param idOf - an item's identity, unique in the listing (a key id, a tag key)
 * @param limit - the page size (default `defaultLimit`)
 * @param marker - a previous page's `nextMarker`
 * @param defaultLimit - the page size when `limit` is absent (AWS: 100 for most listings)
 * @param from - the items from the one with this identity on, or undefined when it is not listed
 *   (optional: a listing that can find an item without reading those before it)
 * @returns the page, or InvalidMarkerException for a marker this listing did not issue
 * @since 0.2.0
 */
export const pageOfSequence = <A>(
  profile: Profile, listing: string, items: () => Iterable<A>, idOf: (a: A) => string, limit: number | undefined, marker: string | undefined, defaultLimit = 100,
  from?: (id: string) => Iterable<A> | undefined,
): E.Either<InvalidMarkerException, Page<A>> => {
  const continuation = marker === undefined ? { position: 0 } : decodeMarker(listing, marker)
  if (continuation === undefined) return refused(profile)
  const size = limit ?? defaultLimit
  // the named items found directly, where the listing can: the page starts at the next one, or
  // after the last one returned
  if (from !== undefined) {
    const next = continuation.next === undefined ? undefined : from(continuation.next)
    if (next !== undefined) return E.right(pageFrom(listing, takeFrom(next, 0, size), idOf, continuation.position + size))
    const afterLast = continuation.last === undefined ? undefined : from(continuation.last)
    if (afterLast !== undefined) return E.right(pageFrom(listing, takeFrom(afterLast, 1, size), idOf, continuation.position + size))
  }
  const start = startOf(items, idOf, continuation)
  return E.right(pageFrom(listing, takeFrom(items(), start, size), idOf, start + size))
}

/**
 * One page of a listing sorted by identity (code-unit order), chosen from unsorted candidates in
 * one pass: the page's items are the smallest identities not before the marker's next item, kept
 * in a sorted array of at most `limit + 1` (ListAliases of 100,000 aliases sorts a page, not the
 * aliases). A marker of the first form (a position alone) sorts every candidate.
 * @param profile - the profile (its messages)
 * @param listing - the listing's name
 * @param candidates - every item, in any order
 * @param idOf - an item's identity, unique in the listing (an alias name)
 * @param limit - the page size (default `defaultLimit`)
 * @param marker - a previous page's `nextMarker`
 * @param defaultLimit - the page size when `limit` is absent
 * @returns the page, or InvalidMarkerException for a marker this listing did not issue
 * @since 0.2.0
 */
export const pageOfSorted = <A>(
  profile: Profile, listing: string, candidates: Iterable<A>, idOf: (a: A) => string, limit: number | undefined, marker: string | undefined, defaultLimit = 100,
): E.Either<InvalidMarkerException, Page<A>> => {
  const continuation = marker === undefined ? { position: 0 } : decodeMarker(listing, marker)
  if (continuation === undefined) return refused(profile)
  const size = limit ?? defaultLimit
  const byId = (a: A, b: A): number => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0)
  if (continuation.next === undefined && continuation.position > 0) {
    // the first form of marker: a position in the sorted listing
    const all = [...candidates].sort(byId)
    return E.right(pageFrom(listing, takeFrom(all, continuation.position, size), idOf, continuation.position + size))
  }
  const from = continuation.next
  const best: A[] = []
  let before = 0
  for (const a of candidates) {
    const id = idOf(a)
    if (from !== undefined && id < from) {
      before++
      continue
    }
    if (best.length > size && id >= idOf(best[size] as A)) continue
    // binary search for its place among the best so far
    let lo = 0
    let hi = best.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (idOf(best[mid] as A) < id) lo = mid + 1
      else hi = mid
    }
    best.splice(lo, 0, a)
    if (best.length > size + 1) best.pop()
  }
  return E.right(pageFrom(listing, { items: best.slice(0, size), next: best[size] }, idOf, before + size))
}

/**
 * One page of `all` (a listing held as an array: a key's tags, its materials).
 * @param profile - the profile (its messages)
 * @param listing - the listing's name (a marker of one listing is refused by another)
 * @param all - every item, in listing order
 * @param idOf - an item's identity, unique in the listing (a tag key, a key material id)
 * @param limit - the page size (default `defaultLimit`)
 * @param marker - a previous page's `nextMarker`
 * @param defaultLimit - the page size when `limit` is absent (AWS: 100 for most listings)
 * @returns the page, or InvalidMarkerException for a marker this listing did not issue
 * @since 0.2.0
 */
export const pageOf = <A>(
  profile: Profile, listing: string, all: readonly A[], idOf: (a: A) => string, limit: number | undefined, marker: string | undefined, defaultLimit = 100,
): E.Either<InvalidMarkerException, Page<A>> => pageOfSequence(profile, listing, () => all, idOf, limit, marker, defaultLimit)
