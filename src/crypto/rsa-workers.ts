/**
 * RSA key generation on worker threads that run at the lowest scheduling priority, so that on a
 * small machine the kernel always prefers the event loop (and anything else at normal priority)
 * to a key generation.
 *
 * - **Where.** Each worker is a `node:worker_threads` thread that generates synchronously
 *   (`generateKeyPairSync`), so the work stays on that thread; the asynchronous
 *   `crypto.generateKeyPair` would hand it to libuv's shared threadpool at normal priority, where
 *   four threads can take every core of a 2-core machine from the event loop. The key objects are
 *   posted back (structured clone of a `KeyObject`); the main thread only receives them.
 * - **Priority.** On Linux a worker renices its own thread as its first act: its thread id is in
 *   `/proc/thread-self` (`<pid>/task/<tid>`), and `os.setPriority(tid, 19)` changes that thread
 *   alone. Where that is not available (another OS, no /proc), the worker silently keeps normal
 *   priority: generation still runs off the event loop, only without the priority.
 * - **How many, when.** Up to `os.availableParallelism()` workers, each created on first need (a
 *   generation queued while every worker is busy) and kept for the next; a queue in front of them
 *   (first come, first served).
 * - **Never keeps a process alive for nothing.** An idle worker is `unref()`ed, so an idle process
 *   exits; a worker is ref'd while it generates, because someone waits for the key (as a
 *   threadpool generation is).
 * - **Never hangs, never throws.** A generation resolves to the key objects or to a Left: when
 *   its worker fails or exits, when no worker can be started, and, for every pending and queued
 *   generation, at `close()`, which terminates the workers. Later generations resolve to a Left at
 *   once.
 * - **Costs nothing until used.** `node:worker_threads` and `node:os` are loaded on the first
 *   generation (≈3–4 ms of a process's start that an application which never generates an RSA key
 *   does not pay).
 *
 * @module
 */
import type { KeyObject } from 'node:crypto'
import type { Worker } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'

/** The nice value of a generating thread: the lowest priority. */
const LOWEST_PRIORITY = 19

/**
 * The worker's program (CommonJS, run with `eval`, so it needs no file of its own beside the
 * built module). First it renices its own thread (Linux), then it answers each message: `probe`
 * with where it runs, `bits` with a fresh RSA key pair, generated synchronously on this thread.
 */
const WORKER_SOURCE = `
const { parentPort, threadId } = require('node:worker_threads')
const { generateKeyPairSync } = require('node:crypto')
const { readlinkSync } = require('node:fs')
const os = require('node:os')
let tid
try {
  const self = /\\/task\\/(\\d+)$/.exec(readlinkSync('/proc/thread-self'))
  if (self !== null) {
    tid = Number(self[1])
    os.setPriority(tid, ${LOWEST_PRIORITY})
  }
} catch {
  // no /proc/thread-self (not Linux), or renice refused: normal priority
}
parentPort.on('message', (m) => {
  if (m.probe === true) {
    let priority
    try {
      if (tid !== undefined) priority = os.getPriority(tid)
    } catch {}
    parentPort.postMessage({ ok: true, probe: { threadId, tid, priority } })
    return
  }
  try {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: m.bits, publicExponent: 0x10001 })
    parentPort.postMessage({ ok: true, keys: { publicKey, privateKey } })
  } catch {
    parentPort.postMessage({ ok: false })
  }
})
`

/**
 * A fresh RSA key pair as key objects.
 * @since 0.2.0
 */
export interface RsaKeyObjects {
  /** The public key. */
  readonly publicKey: KeyObject
  /** The private key. */
  readonly privateKey: KeyObject
}

/**
 * Where a worker runs: its `worker_threads` id, its kernel thread id and its nice value (both
 * undefined where the OS does not tell, see the module's notes).
 * @since 0.2.0
 */
export interface RsaWorkerProbe {
  /** `worker_threads.threadId` of the worker (never 0, the main thread's). */
  readonly threadId: number
  /** The kernel's id of the worker's thread (Linux), else undefined. */
  readonly tid: number | undefined
  /** `os.getPriority(tid)` read inside the worker (Linux), else undefined. */
  readonly priority: number | undefined
}

/**
 * Counters of an {@link RsaWorkers}.
 * @since 0.2.0
 */
export interface RsaWorkersStats {
  /** Workers alive now. */
  readonly workers: number
  /** Workers generating (or probing) now. */
  readonly busy: number
  /** Requests waiting for a worker. */
  readonly queued: number
  /** Whether `close()` was called. */
  readonly closed: boolean
}

/**
 * RSA key generation on low-priority worker threads.
 * @since 0.2.0
 */
export interface RsaWorkers {
  /**
   * A fresh RSA key pair (public exponent 65537), generated on a worker.
   * @param bits - modulus size
   * @returns the key objects, or Left with a reason; never rejects
   */
  generate(bits: number): Promise<E.Either<string, RsaKeyObjects>>
  /**
   * Where a worker runs (for tests and diagnostics); queued like a generation.
   * @returns the worker's thread ids and nice value, or Left with a reason; never rejects
   */
  probe(): Promise<E.Either<string, RsaWorkerProbe>>
  /**
   * Counters.
   * @returns a copy of the counters now
   */
  stats(): RsaWorkersStats
  /** Terminates the workers; pending and queued requests resolve to a Left; idempotent. */
  close(): void
}

/**
 * Options of {@link createRsaWorkers}.
 * @since 0.2.0
 */
export interface RsaWorkersOptions {
  /** Workers at most (default `os.availableParallelism()`). */
  readonly workers?: number
}

type Request = { readonly bits: number } | { readonly probe: true }
type Reply = { readonly ok: false } | { readonly ok: true; readonly keys?: RsaKeyObjects; readonly probe?: RsaWorkerProbe }

interface Job {
  readonly request: Request
  readonly done: (reply: Reply | undefined) => void
}

interface Slot {
  readonly worker: Worker
  job: Job | undefined
}

/**
 * The worker threads of this process (of every {@link createRsaWorkers}) in a generation now,
 * including those terminated in the middle of one that have not stopped yet.
 */
const working = new Set<Worker>()

/**
 * How many worker threads of this process are generating an RSA key now, counting those that
 * `close()` terminated in the middle of a generation and that have not stopped yet. A generation
 * is one call into OpenSSL that no `terminate()` interrupts (an RSA-4096 pair takes seconds at the
 * workers' low priority), and Node waits for every worker thread before the process exits: a
 * command that must stop within seconds (`serve` on SIGTERM) asks this first.
 * @returns the count
 * @since 0.2.0
 */
export const rsaGenerationsRunning = (): number => working.size

/**
 * Creates the workers' front: no thread is started until the first generation.
 * @param options - how many workers at most
 * @returns the generator
 * @since 0.2.0
 */
export const createRsaWorkers = (options: RsaWorkersOptions = {}): RsaWorkers => {
  // set with the modules, before the first dispatch
  let most = 1
  let WorkerThread: typeof Worker | undefined
  let loading: Promise<boolean> | undefined
  const load = (): Promise<boolean> =>
    (loading ??= Promise.all([import('node:worker_threads'), import('node:os')]).then(
      ([threads, os]) => {
        WorkerThread = threads.Worker
        most = Math.max(1, Math.floor(options.workers ?? os.availableParallelism()))
        return true
      },
      () => false,
    ))
  const slots: Slot[] = []
  const queue: Job[] = []
  let closed = false

  const finish = (slot: Slot, reply: Reply | undefined): void => {
    const job = slot.job
    slot.job = undefined
    slot.worker.unref()
    job?.done(reply)
  }

  const drop = (slot: Slot): void => {
    const at = slots.indexOf(slot)
    if (at < 0) return
    slots.splice(at, 1)
    finish(slot, undefined)
    void slot.worker.terminate().catch(() => undefined)
    dispatch()
  }

  const spawn = (): Slot | undefined => {
    if (WorkerThread === undefined) return undefined
    try {
      const worker = new WorkerThread(WORKER_SOURCE, { eval: true, stdout: false, stderr: false })
      const slot: Slot = { worker, job: undefined }
      worker.on('message', (reply: Reply) => {
        working.delete(worker)
        finish(slot, reply)
        dispatch()
      })
      worker.on('error', () => drop(slot))
      worker.on('messageerror', () => drop(slot))
      worker.on('exit', () => {
        working.delete(worker)
        drop(slot)
      })
      slots.push(slot)
      return slot
    } catch {
      return undefined
    }
  }

  function dispatch(): void {
    while (!closed && queue.length > 0) {
      const slot = slots.find((s) => s.job === undefined) ?? (slots.length < most ? spawn() : undefined)
      if (slot === undefined) {
        // no worker could be started and none is alive to take the queue later: fail it now
        if (slots.length === 0) for (const job of queue.splice(0)) job.done(undefined)
        return
      }
      const job = queue.shift()
      if (job === undefined) return
      slot.job = job
      working.add(slot.worker)
      slot.worker.ref()
      try {
        slot.worker.postMessage(job.request)
      } catch {
        drop(slot)
      }
    }
  }

  const ask = (request: Request): Promise<Reply | undefined> =>
    new Promise((resolve) => {
      if (closed) {
        resolve(undefined)
        return
      }
      queue.push({ request, done: resolve })
      if (WorkerThread !== undefined) dispatch()
      else void load().then(dispatch)
    })

  return Object.freeze({
    generate: async (bits: number) => {
      const reply = await ask({ bits })
      return reply?.ok === true && reply.keys !== undefined ? E.right(reply.keys) : E.left(`RSA-${bits} key generation failed${closed ? ' (closed)' : ''}`)
    },
    probe: async () => {
      const reply = await ask({ probe: true })
      return reply?.ok === true && reply.probe !== undefined ? E.right(reply.probe) : E.left('no worker answered')
    },
    stats: () => ({ workers: slots.length, busy: slots.filter((s) => s.job !== undefined).length, queued: queue.length, closed }),
    close: () => {
      if (closed) return
      closed = true
      for (const job of queue.splice(0)) job.done(undefined)
      for (const slot of slots.splice(0)) {
        finish(slot, undefined)
        void slot.worker.terminate().catch(() => undefined)
      }
    },
  })
}
