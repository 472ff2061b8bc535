/**
 * The endpoint's request log: one line per request, `METHOD PATH TARGET STATUS DURATIONms ID`.
 *
 * @module
 */
import { printable } from './refusals.js'

/**
 * What one log line reports.
 * @since 0.1.0
 */
export interface RequestLogEntry {
  /** The HTTP method (`-` when the request line could not be parsed). */
  readonly method: string
  /** The request path (`-` when the request line could not be parsed). */
  readonly path: string
  /** The `X-Amz-Target` header (empty when missing). */
  readonly target: string
  /** The status sent, or `undefined` when the client went away before an answer. */
  readonly status: number | undefined
  /** Time from the request's headers to the end of the response, milliseconds. */
  readonly durationMs: number
  /** The `x-amzn-RequestId` sent (empty when nothing was sent). */
  readonly requestId: string
}

/**
 * Formats one request as one line (no newline; client-supplied parts made printable, so a line is
 * always one line).
 * @param entry - the request
 * @returns e.g. `POST / TrentService.CreateKey 200 1.4ms 2b1f…`
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { formatLogLine } from 'kms-key-import/http'
 * const line = formatLogLine({ method: 'POST', path: '/', target: 'TrentService.CreateKey', status: 200, durationMs: 1.42, requestId: 'id' })
 * assert.equal(line, 'POST / TrentService.CreateKey 200 1.4ms id')
 * assert.equal(formatLogLine({ method: 'GET', path: '/\n', target: '', status: undefined, durationMs: 0, requestId: '' }), 'GET /? - aborted 0.0ms -')
 * ```
 * @since 0.1.0
 */
export const formatLogLine = (entry: RequestLogEntry): string =>
  [
    printable(entry.method, 16),
    printable(entry.path, 100),
    entry.target === '' ? '-' : printable(entry.target, 100),
    entry.status === undefined ? 'aborted' : String(entry.status),
    `${entry.durationMs.toFixed(1)}ms`,
    entry.requestId === '' ? '-' : printable(entry.requestId, 64),
  ].join(' ')

/**
 * The default log sink: one line to standard error.
 * @param line - the line, without newline
 * @since 0.1.0
 */
export const stderrLog = (line: string): void => {
  process.stderr.write(`${line}\n`)
}
