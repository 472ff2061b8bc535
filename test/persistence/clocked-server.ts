/**
 * A child process for test/persistence/disk-failure.test.ts: `serve({ stateFile })` on a manual
 * clock, so that a key's deletion date can be made to pass while the disk refuses commits.
 *
 * Arguments: the state database, then the clock's start (epoch ms). Prints `serving at URL` once
 * serving, `event NAME KEYID` for each event the emulator reports, and `advanced` after each
 * `advance MS` line read on stdin; closes the server and exits 0 on SIGTERM.
 */
import { createInterface } from 'node:readline'
import { serve } from '../../src/http.js'
import { manualClock } from '../../src/testing.js'

const [stateFile, start] = process.argv.slice(2)
const clock = manualClock(Number(start))
const server = await serve({
  port: 0, quiet: true, stateFile: stateFile ?? 'kms.mdb', clock,
  onEvent: (e) => void process.stdout.write(`event ${e.eventName} ${e.keyId}\n`),
})
process.stdout.write(`serving at ${server.url}\n`)
createInterface({ input: process.stdin }).on('line', (line) => {
  const advance = /^advance (\d+)$/.exec(line)
  if (advance === null) return
  clock.advance(Number(advance[1]))
  process.stdout.write('advanced\n')
})
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0))
})
