/**
 * A child process for test/persistence/disk-failure.test.ts: writes to a state database
 * (`openStateDb`) while its own file-size limit (lowered with `prlimit` to the database's two meta
 * pages, so that LMDB's write of any page fails) refuses the commits, then after the limit is lifted.
 *
 * Argument: the state database. Creates keys `a` and `b` and writes them; then, refused: `a`
 * removed and put again in one write (its slot gets a new key), and `b` removed; then, with room
 * again: `a` changed and `b` removed. Prints each write's outcome (`written` or `refused`), one a line.
 */
import { execFileSync } from 'node:child_process'
import { createEmulator } from '../../src/index.js'
import { openStateDb, type StateDb, type StateHeader } from '../../src/http.js'
import { createDeterministicProvider } from '../../src/testing.js'
import type { SnapshotKey } from '../../src/persistence/snapshot.js'

const opened = openStateDb({ stateFile: process.argv[2] ?? 'kms.mdb' })
const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey })
for (const Description of ['a', 'b']) await kms.invoke('CreateKey', { Description })
const { keys, ...header }: { keys: readonly SnapshotKey[] } & StateHeader = kms.snapshot()
const [a, b] = keys
if (a === undefined || b === undefined) throw new Error('two keys expected')

const db: StateDb = opened.db
const outcome = (put: readonly SnapshotKey[], removed: readonly string[]): Promise<void> =>
  db.write(put, removed, header).then(() => void process.stdout.write('written\n'), () => void process.stdout.write('refused\n'))
const fileSize = (limit: string): void => void execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${limit}:`])

await outcome([a, b], [])
fileSize('8192')
await outcome([{ ...a, description: 'a, again' }], [a.keyId])
await outcome([], [b.keyId])
fileSize('unlimited')
await outcome([{ ...a, description: 'a, changed' }], [])
await outcome([], [b.keyId])
kms.close()
await db.close()
