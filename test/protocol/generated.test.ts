/**
 * The protocol module generated from AWS's model (src/protocol/generated/kms-model.ts) is
 * committed; this fails when it is stale (run `npm run generate:protocol`).
 */
import { describe, expect, it } from 'vitest'
import { expectedProtocolModule, GENERATED_PATH, protocolModuleIsStale } from '../../src/cli/generate-protocol.js'
import { kmsModel } from '../../src/protocol/generated/kms-model.js'
import { operations } from 'kms-key-import'

describe('the protocol module generated from the vendored model', () => {
  it(`is current: ${GENERATED_PATH} is what the model gives`, () => {
    expect(protocolModuleIsStale()).toBe(false)
  })

  it('declares every operation of the model (54), each served operation among them', () => {
    expect(Object.keys(kmsModel.operations)).toHaveLength(54)
    for (const name of Object.keys(operations)) expect(kmsModel.operations[name]?.input, name).toBeDefined()
    expect(expectedProtocolModule()).toContain('export interface ModelOperations {')
  })
})
