/**
 * Whether a file is an LMDB database that LMDB can open without faulting. LMDB maps its file into
 * memory and believes what the file says: a page past the end of a truncated file is a SIGBUS, a
 * wild page number in a file that is not LMDB's is a SIGSEGV — the process dies without a word,
 * and no `try` catches it. So before LMDB opens an existing file, its two meta pages are read here
 * the way LMDB's own `mdb_env_read_header` reads them (in the LMDB the `lmdb` package builds), and
 * the file is refused unless the meta LMDB will use is sound and the file holds every page it counts.
 *
 * A page starts with a 24-byte header (page number and txnid, 8 bytes each; pad and flags, 2 each;
 * 4 more); a meta page (flag `P_META`) has its `MDB_meta` right after it:
 *
 * | offset in the meta | field |
 * | --- | --- |
 * | 0 | `mm_magic`, 0xBEEFC0DE |
 * | 4 | `mm_version`, 2 in its low 16 bits |
 * | 8, 16 | `mm_address`, `mm_mapsize` |
 * | 24 | `mm_dbs[0]` (free pages), 48 bytes: its first 4 are the page size (`mm_psize`), its last 8 its root page |
 * | 72 | `mm_dbs[1]` (main database), 48 bytes, its root page at 112 |
 * | 120 | `mm_last_pg`, the last page in use |
 * | 128 | `mm_txnid`, the transaction that wrote this meta |
 *
 * Numbers are in the machine's byte order. Meta 0 is on page 0, meta 1 on page 1 (at the page
 * size meta 0 gives). LMDB's reader requires meta 0 to carry the meta flag, the magic and the
 * version, then uses meta 1 whenever meta 1's txnid is higher, without checking meta 1 at all. So a file passes when meta 0 is sound, meta 1 is sound too if its
 * txnid is higher, and the file is at least `(mm_last_pg + 1) × page size` bytes for the meta used.
 * Sound: the flag, the magic, the version, a page size that is a power of two in 512–65536 (the
 * same in both metas), at least the two meta pages in use, and each root page among those in use
 * (or none: all ones). LMDB's source allows a file shorter than that when its last pages are free,
 * but the `lmdb` package left none so in 3,000 random put/remove transactions (the length checked
 * after each): a shorter file is refused as truncated.
 *
 * An empty file is a database LMDB has not started yet (the server creates the file, then LMDB
 * writes its meta pages): LMDB starts it. What this cannot see is damage inside the pages that a
 * sound meta points to.
 *
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { endianness } from 'node:os'
import { StateLocationError } from './secure-path.js'

const MDB_MAGIC = 0xbeefc0de
const MDB_DATA_VERSION = 2
const P_META = 0x08
/** The page header's length: where the meta starts, and where the flags are (at 18). */
const HEADER = 24
/** Header and meta, through `mm_txnid`. */
const META_END = HEADER + 136
const NO_PAGE = 0xffff_ffff_ffff_ffffn

interface Meta {
  readonly pageSize: number
  readonly lastPage: bigint
  readonly txnid: bigint
}

/** The numbers of a page's bytes, in the machine's byte order (LMDB's). */
const reader = (page: Buffer) => endianness() === 'LE'
  ? { u16: (at: number) => page.readUInt16LE(at), u32: (at: number) => page.readUInt32LE(at), u64: (at: number) => page.readBigUInt64LE(at) }
  : { u16: (at: number) => page.readUInt16BE(at), u32: (at: number) => page.readUInt32BE(at), u64: (at: number) => page.readBigUInt64BE(at) }

/** The txnid a page's meta claims, sound or not (what LMDB compares). */
const txnidOf = (page: Buffer): bigint => reader(page).u64(HEADER + 128)

/** The meta of a page (its first {@link META_END} bytes), or undefined when it is not sound. */
const metaOf = (page: Buffer): Meta | undefined => {
  const { u16, u32, u64 } = reader(page)
  if ((u16(18) & P_META) === 0 || u32(HEADER) !== MDB_MAGIC || (u32(HEADER + 4) & 0xffff) !== MDB_DATA_VERSION) return undefined
  const pageSize = u32(HEADER + 24)
  const lastPage = u64(HEADER + 120)
  const roots = [u64(HEADER + 64), u64(HEADER + 112)]
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0 || lastPage < 1n) return undefined
  if (roots.some((root) => root !== NO_PAGE && (root < 2n || root > lastPage))) return undefined
  return { pageSize, lastPage, txnid: u64(HEADER + 128) }
}

/** Up to {@link META_END} bytes of `fd` at `position` (fewer at the end of the file). */
const readAt = (fd: number, position: number): Buffer => {
  const bytes = Buffer.alloc(META_END)
  return bytes.subarray(0, readSync(fd, bytes, 0, META_END, position))
}

/** Whether LMDB can open the non-empty file `fd` of `size` bytes (see the module's comment). */
const sound = (fd: number, size: number): boolean => {
  const page0 = readAt(fd, 0)
  const first = page0.length === META_END ? metaOf(page0) : undefined
  if (first === undefined) return false
  const page1 = readAt(fd, first.pageSize)
  if (page1.length < META_END) return false
  const used = txnidOf(page1) > first.txnid ? metaOf(page1) : first
  return used !== undefined && used.pageSize === first.pageSize && BigInt(size) >= (used.lastPage + 1n) * BigInt(used.pageSize)
}

/**
 * Refuses an existing state database that LMDB cannot open without faulting: not an LMDB file,
 * or truncated (see the module's comment). An empty file passes: LMDB starts it.
 * @param file - the database (a regular file, checked by `checkStateFile`)
 * @returns its size in bytes (0: a database LMDB has not started)
 * @throws StateLocationError when it is refused; the `open` error when it cannot be read
 * @since 0.2.0
 */
export const checkLmdbFile = (file: string): number => {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW)
  try {
    const { size } = fstatSync(fd)
    if (size > 0 && !sound(fd, size)) throw new StateLocationError(`${file} is not an LMDB state database of kms-key-import (or it is truncated): the state cannot be loaded`)
    return size
  } finally {
    closeSync(fd)
  }
}
