/**
 * Room in the state database's file for LMDB's next commit, written before the commit is issued:
 * zeros past the file's end, so that every page LMDB then writes lands inside the file. A disk
 * that is full (`ENOSPC`), a quota (`EDQUOT`) or a file-size limit (`EFBIG`) met while the state
 * grows then fails here, in a write of ours that refuses the commit before LMDB sees it, not inside
 * LMDB.
 *
 * Why not let LMDB meet it: `lmdb` 3.5.6 (its copy of LMDB, `mdb_page_flush` in
 * dependencies/lmdb/libraries/liblmdb/mdb.c) formats a failed page write's message into a buffer
 * of `malloc(100)` with `sprintf`, printing `iov_len`s of the write vector that were never set (up
 * to 11 characters each: stack garbage). From a database of about a megabyte on, the message is
 * longer than the buffer more often than not, the write past it damages the heap, and glibc ends
 * the process later (`corrupted size vs. prev_size`, SIGABRT): the server is gone, the request in
 * flight gets a closed connection instead of a 500.
 *
 * Why it is safe: LMDB reads no page past its last one (`me_last_pgno`, from its meta page) and
 * writes a page before it uses it, so the bytes past its last page are free space, whatever they
 * hold. Zeros are written only past the file's current end (never over a page LMDB wrote), and only
 * while no commit is running: the state database issues one at a time, each after {@link
 * FileRoom.ensure}, and refuses a state another process has open. They are flushed before the
 * commit is issued, so that the commit's own flush does not carry them; a crash that loses them
 * anyway leaves a shorter file, which LMDB grows again as before.
 *
 * Not covered: an I/O error (`EIO`) on a page LMDB writes inside the file, a filesystem that
 * allocates on overwrite (btrfs, ZFS: copy-on-write), and a file-size limit lowered below the
 * file's size while the server runs: those still reach LMDB's failing path (docs/security.md).
 *
 * @module
 */
import { closeSync, constants, fdatasync, fdatasyncSync, fstatSync, openSync, write, writeSync } from 'node:fs'
import { promisify } from 'node:util'

const writeAsync = promisify(write)
const fdatasyncAsync = promisify(fdatasync)

/** Zeros are written in pieces of this many bytes, and the file's size kept a multiple of it. */
const CHUNK = 1 << 20

/**
 * What a commit writes, counted as it is planned.
 * @since 0.2.0
 */
export interface CommitBound {
  /** Bytes of the records put (their encoded values). */
  bytes: number
  /** Records put. */
  records: number
  /**
   * Records put of more than a quarter page ({@link largeRecord}): only these can be stored on
   * overflow pages of their own, whose last page may be almost empty.
   */
  large: number
  /** Records written over or removed (each changes a leaf somewhere in the tree). */
  touched: number
}

/**
 * Whether LMDB may store a record of `bytes` on overflow pages of its own: it keeps a value in its
 * leaf while the node (8 bytes, the name, the value) fits in about half a page, so a quarter page
 * leaves room for a name of any length up to LMDB's limit (511 bytes at 4 KiB pages).
 * @param pageSize - LMDB's page size
 * @param bytes - the record's encoded value
 * @returns whether it counts as large in a {@link CommitBound}
 * @since 0.2.0
 */
export const largeRecord = (pageSize: number, bytes: number): boolean => bytes > pageSize / 4

/**
 * The most a commit can add past LMDB's last page: a record put takes at most twice its bytes and
 * their node's 16 (leaves are at least half full), and a large one a page more (an overflow
 * value's last);
 * a record written over or removed copies its path from the root (the tree's depth, one level
 * more if the tree grows, and one page of the free-page list for the pages it frees); and the
 * commit's own pages (the path that new records share, the free-page list's, the meta) take 16
 * pages and the tree's depth. Checked against LMDB's growth by a property test.
 * @param pageSize - LMDB's page size
 * @param treeDepth - the main tree's depth now
 * @param bound - what the commit writes
 * @returns bytes
 * @since 0.2.0
 */
export const commitRoom = (pageSize: number, treeDepth: number, bound: CommitBound): number => {
  const path = (treeDepth + 2) * pageSize
  return 16 * pageSize + path + 2 * (bound.bytes + 16 * bound.records) + pageSize * bound.large + (path + pageSize) * bound.touched
}

/**
 * The room of one database file.
 * @since 0.2.0
 */
export interface FileRoom {
  /**
   * Makes the file reach at least `bytes` past LMDB's last page, writing zeros past its end when it
   * does not (then to a whole number of MiB, with an eighth of the used size, at least 1 MiB,
   * spare, so that growth writes zeros once per megabyte or more, not before each commit), here,
   * synchronously (for a commit at open, before anything is served).
   * @param bytes - the most the next commit may add past LMDB's last page
   * @throws the write's error (`ENOSPC`, `EDQUOT`, `EFBIG`, `EIO`, with its `code`) when the file
   *   could not be made to reach `bytes` past LMDB's last page (the spare alone missing is no error)
   */
  readonly ensure: (bytes: number) => void
  /**
   * As {@link FileRoom.ensure}, the zeros written off the event loop (libuv's threadpool): a spare
   * of an eighth of a large state is megabytes.
   * @param bytes - the most the next commit may add past LMDB's last page
   * @returns undefined when the file already reaches that far (nothing to wait for); else a
   *   promise settled once it does, rejected with the write's error when it cannot
   */
  readonly prepare: (bytes: number) => Promise<void> | undefined
  /** Closes the file's descriptor (after the database is closed); again, nothing. */
  readonly close: () => void
}

/** A write that wrote nothing: the disk's refusal, with no errno of its own. */
const wroteNothing = (at: number): Error => Object.assign(new Error(`EIO: nothing written past ${at}, write`), { code: 'EIO' })

/**
 * The room of LMDB's file `file`, kept through a descriptor of its own, open until `close`.
 * @param file - the database file (already checked: no symlink, the process's own)
 * @param usedBytes - where LMDB's pages end now: (its last page + 1) × page size
 * @returns the file's room
 * @since 0.2.0
 */
export const fileRoom = (file: string, usedBytes: () => number): FileRoom => {
  const fd = openSync(file, constants.O_RDWR | constants.O_NOFOLLOW)
  let chunk: Buffer | undefined
  let open = true
  /**
   * Where the file must end, when it is short of `bytes` past LMDB's pages, and the zeros to write
   * there (allocated on the first growth); undefined when it is not short.
   */
  const plan = (bytes: number): { readonly used: number; readonly end: number; readonly target: number; readonly zeros: Buffer } | undefined => {
    const used = usedBytes()
    const end = fstatSync(fd).size
    if (end - used >= bytes) return undefined
    chunk ??= Buffer.alloc(CHUNK)
    return { used, end, target: Math.ceil((used + bytes + Math.max(CHUNK, Math.floor(used / 8))) / CHUNK) * CHUNK, zeros: chunk }
  }
  return {
    ensure: (bytes) => {
      const p = plan(bytes)
      if (p === undefined) return
      let end = p.end
      try {
        // a write may be short (a file-size limit cuts it at the limit): the next one then fails
        while (end < p.target) {
          const written = writeSync(fd, p.zeros, 0, Math.min(CHUNK, p.target - end), end)
          if (written === 0) throw wroteNothing(end)
          end += written
        }
      } catch (error) {
        // the spare could not be had, but the commit's room was: it goes ahead
        if (end - p.used < bytes) throw error
      }
      // flushed here, not by the next commit's flush (megabytes of zeros in one commit's latency)
      fdatasyncSync(fd)
    },
    prepare: (bytes) => {
      const p = plan(bytes)
      if (p === undefined) return undefined
      return (async () => {
        let end = p.end
        try {
          while (end < p.target) {
            const { bytesWritten } = await writeAsync(fd, p.zeros, 0, Math.min(CHUNK, p.target - end), end)
            if (bytesWritten === 0) throw wroteNothing(end)
            end += bytesWritten
          }
        } catch (error) {
          if (end - p.used < bytes) throw error
        }
        await fdatasyncAsync(fd)
      })()
    },
    close: () => {
      if (!open) return
      open = false
      closeSync(fd)
    },
  }
}
