/**
 * `npm run soak:crash`: 100 SIGKILLs of `kms-key-import serve --state` under a writing client
 * (see ./harness.ts), on the compiled build (`npm run build` first, which the script does). Prints
 * one line per kill and a summary ending `N acknowledged writes lost`; exits 1 when N > 0 or a
 * temporary file was left. `KILLS=20 SEED=7 npm run soak:crash` changes the count or replays a seed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BUILT_SERVER, crashRounds } from './harness.js'

const kills = Number(process.env.KILLS ?? 100)
const seed = Number(process.env.SEED ?? Date.now() % 1_000_000)
const dir = mkdtempSync(join(tmpdir(), 'kki-soak-'))
const started = performance.now()
process.stdout.write(`soak:crash: ${kills} kills, seed ${seed}, state in ${dir}\n`)
try {
  const rounds = await crashRounds({
    rounds: kills, dir, seed, command: BUILT_SERVER,
    onRound: (i, r) => process.stdout.write(`kill ${String(i + 1).padStart(3)}: ${String(r.acknowledged).padStart(4)} acknowledged, ${String(r.keys).padStart(6)} keys on disk, ${r.lost.length} lost, ${r.leftovers.length} leftover files\n`),
  })
  const acknowledged = rounds.reduce((n, r) => n + r.acknowledged, 0)
  const lost = rounds.flatMap((r) => r.lost)
  const leftovers = rounds.flatMap((r) => r.leftovers)
  for (const l of lost.slice(0, 20)) process.stdout.write(`  lost: ${l}\n`)
  for (const l of leftovers.slice(0, 20)) process.stdout.write(`  leftover: ${l}\n`)
  process.stdout.write(`soak:crash: ${kills} kills in ${((performance.now() - started) / 1000).toFixed(0)} s, ${acknowledged} acknowledged writes, ${leftovers.length} leftover files, ${lost.length} acknowledged writes lost\n`)
  process.exitCode = lost.length === 0 && leftovers.length === 0 ? 0 : 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
