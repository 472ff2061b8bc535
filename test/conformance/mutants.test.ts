/**
 * The kit against mutant targets (test/conformance/mutants.ts): every mutant is detected, and its
 * counterexample shrinks to a short script ending at the broken rule.
 */
import { describe, expect, it } from 'vitest'
import { LIFECYCLE_OPERATIONS, runConformance } from 'kms-key-import/conformance'
import { mutants } from './mutants.js'

describe('the conformance kit against mutant targets', () => {
  it('has at least ten mutants', () => {
    expect(mutants.length).toBeGreaterThanOrEqual(10)
  })
  for (const mutant of mutants) {
    it(`detects: ${mutant.name}, shrunk to at most ${mutant.maxSteps} step(s)`, async () => {
      const report = await runConformance({
        profile: mutant.profile, target: mutant.target, runs: 150, steps: 25, seed: 1, stopAfter: 1,
        ...(mutant.weights !== undefined ? { weights: mutant.weights } : {}), operations: mutant.operations ?? LIFECYCLE_OPERATIONS,
        ...(mutant.initialKeys !== undefined ? { initialKeys: mutant.initialKeys } : {}),
        ...(mutant.maxShrinkRuns !== undefined ? { maxShrinkRuns: mutant.maxShrinkRuns } : {}),
      })
      const [first] = report.divergences
      expect(first, 'no divergence found').toBeDefined()
      if (first === undefined) return
      expect(mutant.divergesAt).toContain(first.operation)
      const steps = first.script.filter((l) => !l.prologue)
      expect(steps.length, first.script.map((l) => l.line).join('\n')).toBeLessThanOrEqual(mutant.maxSteps)
      expect(steps.at(-1)?.line).toBe(first.step)
    })
  }
})
