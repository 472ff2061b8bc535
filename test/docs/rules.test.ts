/**
 * The rules reference is generated from the profiles' data and committed; this fails when a
 * committed file is stale (run `npm run docs:rules`).
 */
import { describe, expect, it } from 'vitest'
import { staleDocs } from '../../src/cli/rules.js'
import { generatedDocs } from '../../src/docs/rules-reference.js'
import { profiles } from 'kms-key-import'

describe('the generated rules reference', () => {
  it('is current: docs/rules/, docs/decisions.md and the guide\'s state diagram match the profiles\' data', () => {
    expect(staleDocs()).toEqual([])
  })

  it('shows each profile completely: its state table, wrapping matrix, material rules and limits', () => {
    const docs = generatedDocs(profiles)
    for (const p of profiles) {
      const page = docs.get(`docs/rules/${p.name}.md`) ?? ''
      for (const op of Object.keys(p.stateTable)) expect(page).toContain(`| ${op} |`)
      for (const spec of p.enums.keySpec) expect(page).toContain(`\`${spec}\``)
      for (const rule of p.wrappingRules) expect(page).toContain(`\`${rule.id}\``)
      expect(page).toContain('## Limits')
    }
  })
})
