/**
 * No acknowledged write is lost when the server is killed: three SIGKILLs at random moments under
 * a writing client (`npm run soak:crash` does 100). See ./harness.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { crashRounds, TSX_SERVER } from './harness.js'

describe('serve --state under SIGKILL', () => {
  it('keeps every acknowledged write and leaves no temporary file, kill after kill', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kki-crash-'))
    const seed = Date.now() % 1_000_000
    try {
      const rounds = await crashRounds({ rounds: 3, dir, seed, command: TSX_SERVER })
      for (const [i, r] of rounds.entries()) {
        expect({ round: i, seed, lost: r.lost, leftovers: r.leftovers }).toEqual({ round: i, seed, lost: [], leftovers: [] })
        expect(r.loadedLine).toBe(`kms-key-import: state: loaded ${r.keys} key${r.keys === 1 ? '' : 's'} from ${join(dir, 'kms.mdb')}`)
      }
      expect(rounds.reduce((n, r) => n + r.acknowledged, 0)).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
