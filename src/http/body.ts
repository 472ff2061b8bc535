/**
 * Reads a request body under a size limit without ever holding more than the limit: an oversized
 * body is detected from `Content-Length` before reading, or while streaming when the length is not
 * announced (chunked), and the rest is read and thrown away so the connection stays usable.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'

/**
 * What reading a body gave.
 * @since 0.1.0
 */
export type BodyOutcome =
  | { readonly _tag: 'Body'; readonly bytes: Buffer }
  /** The body is over the limit; what was read is dropped, the rest is being discarded. */
  | { readonly _tag: 'TooLarge' }
  /** The client went away (or the stream failed) before the body ended. */
  | { readonly _tag: 'Aborted' }
  /** The bytes held across requests would go over their cap (see {@link ByteBudget}); the rest is discarded. @since 0.2.0 */
  | { readonly _tag: 'Busy' }

/**
 * A cap on the bytes of request bodies held at once, across all requests of a listener: each
 * chunk is taken from it while a body is read, and given back when the body is refused or
 * abandoned, or, once read whole, when its request is answered (until then the body waits for the
 * emulator: for its queue, an RSA key, a commit).
 * @since 0.2.0
 */
export interface ByteBudget {
  /** The cap, bytes. */
  readonly limit: number
  /**
   * Takes `n` bytes if they fit.
   * @param n - bytes
   * @returns whether they were taken
   */
  take(n: number): boolean
  /**
   * Gives `n` bytes back.
   * @param n - bytes
   */
  give(n: number): void
  /**
   * Bytes held now.
   * @returns bytes
   */
  held(): number
}

/**
 * A byte budget of `limit` bytes.
 * @param limit - the cap
 * @returns the budget
 * @since 0.2.0
 */
export const createByteBudget = (limit: number): ByteBudget => {
  let held = 0
  return {
    limit,
    take: (n) => {
      if (held + n > limit) return false
      held += n
      return true
    },
    give: (n) => {
      held = Math.max(0, held - n)
    },
    held: () => held,
  }
}

/**
 * The `Content-Length` a request announces.
 * @param req - the request
 * @returns the length, or `undefined` when absent (chunked) or not a plain decimal
 * @since 0.1.0
 */
export const declaredLength = (req: IncomingMessage): number | undefined => {
  const raw = req.headers['content-length']
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined
}

/**
 * How much of an oversized body is read and discarded before the connection is cut: at least
 * 64 MiB, or 16 times the limit.
 * @param maxBytes - the body limit
 * @returns bytes
 * @since 0.1.0
 */
export const discardLimitFor = (maxBytes: number): number => Math.max(64 * 1024 * 1024, 16 * maxBytes)

/**
 * Reads and throws away the rest of a request the endpoint has refused, so the connection can
 * serve its next request; past {@link discardLimitFor} the connection is closed instead.
 * @param req - the request
 * @param maxBytes - the body limit in force
 * @since 0.1.0
 */
export const discardBody = (req: IncomingMessage, maxBytes: number): void => {
  const limit = discardLimitFor(maxBytes)
  let discarded = 0
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length
    if (discarded > limit) req.socket.destroy()
  })
}

/**
 * What announces the end of a request's exchange (its `ServerResponse`): `close`.
 * @since 0.2.0
 */
export interface Closing {
  /**
   * @param event - `close`
   * @param listener - called once
   */
  once(event: 'close', listener: () => void): unknown
  /**
   * @param event - `close`
   * @param listener - the listener to remove
   */
  off(event: 'close', listener: () => void): unknown
}

/**
 * Reads `req`'s body, at most `maxBytes` of it.
 *
 * Over the limit, the result is `TooLarge` at once (before reading anything when `Content-Length`
 * says so) and the rest of the body is read and discarded, so the answer can be sent while the
 * client is still sending and the connection can serve its next request. A client that sends more
 * than {@link discardLimitFor} after that has its connection closed.
 * @param req - the request (not yet read)
 * @param maxBytes - the largest body accepted
 * @param budget - the cap on bytes held across requests (none when omitted): a chunk that does not
 *   fit makes the outcome `Busy`
 * @param answer - the request's response: a body read whole keeps its bytes of the budget until it
 *   closes (its answer is out, or the connection is gone), since the body is held until then; a
 *   read still pending then is `Aborted` and its bytes are given back. Node stops tracking a
 *   request once its response has finished: a request answered before its body ended (a timeout,
 *   a body cut short, a malformed chunk, all answered by the listener's `clientError`) would
 *   otherwise never end, error or close, and hold its bytes of the budget for good. Without it, the
 *   bytes are given back as soon as the body is read
 * @returns the outcome; never rejects
 * @since 0.1.0
 */
export const readBody = (req: IncomingMessage, maxBytes: number, budget?: ByteBudget, answer?: Closing): Promise<BodyOutcome> =>
  new Promise((resolve) => {
    let settled = false
    let taken = 0
    const giveBack = (): void => {
      budget?.give(taken)
      taken = 0
    }
    const answered = (): void => {
      settle({ _tag: 'Aborted' })
      giveBack()
    }
    const settle = (outcome: BodyOutcome): void => {
      if (!settled) {
        settled = true
        // a body read whole is held until its answer is out: its bytes are given back then
        if (outcome._tag !== 'Body' || answer === undefined) {
          answer?.off('close', answered)
          giveBack()
        }
        resolve(outcome)
      }
    }
    let chunks: Buffer[] = []
    let received = 0
    const onData = (chunk: Buffer): void => {
      received += chunk.length
      if (received > maxBytes) tooLarge()
      else if (budget !== undefined && !budget.take(chunk.length)) {
        req.off('data', onData)
        chunks = []
        discardBody(req, maxBytes)
        settle({ _tag: 'Busy' })
      } else {
        taken += budget === undefined ? 0 : chunk.length
        chunks.push(chunk)
      }
    }
    const tooLarge = (): void => {
      req.off('data', onData)
      chunks = []
      discardBody(req, maxBytes)
      settle({ _tag: 'TooLarge' })
    }
    const declared = declaredLength(req)
    if (declared !== undefined && declared > maxBytes) tooLarge()
    else req.on('data', onData)
    req.on('end', () => settle({ _tag: 'Body', bytes: Buffer.concat(chunks, received) }))
    req.on('error', () => settle({ _tag: 'Aborted' }))
    req.on('close', () => settle({ _tag: 'Aborted' }))
    answer?.once('close', answered)
  })
