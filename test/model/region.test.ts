/**
 * Regions and partitions (src/model/region.ts): the China partition is a region property.
 */
import { describe, expect, it } from 'vitest'
import { partitionOf } from 'kms-key-import'
import { isRegionName } from '../../src/model/region.js'

describe('regions', () => {
  it.each([
    ['us-east-1', 'aws'], ['eu-central-1', 'aws'], ['ap-southeast-4', 'aws'],
    ['cn-north-1', 'aws-cn'], ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'], ['us-gov-east-1', 'aws-us-gov'],
  ])('puts %s in the partition %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition)
    expect(isRegionName(region)).toBe(true)
  })

  // the ISO partitions' Regions and the European Sovereign Cloud's are not of a modelled partition
  it.each(['', 'mars', 'us-east', 'US-EAST-1', 'us-east-1a', 'useast1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1', 'eusc-de-east-1'])('does not take %j for a region name', (s) => {
    expect(isRegionName(s)).toBe(false)
  })
})
