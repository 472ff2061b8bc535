/**
 * How operations and time move a key between states, as data. The state diagram of the guide and
 * the rules reference are generated from it, and a test drives each transition through the
 * emulator, so the data cannot drift from the behaviour.
 *
 * @module
 */
import type { KeyState } from '../model/enums.js'

/** What causes a transition. @since 0.1.0 */
export type TransitionCause =
  | 'CreateKey' | 'EnableKey' | 'DisableKey' | 'ScheduleKeyDeletion' | 'CancelKeyDeletion'
  | 'ImportKeyMaterial' | 'DeleteImportedKeyMaterial' | 'ValidTo passes' | 'DeletionDate passes'

/** One transition. `from` undefined: the key is created; `to` undefined: the key is gone. @since 0.1.0 */
export interface Transition {
  readonly cause: TransitionCause
  readonly from: KeyState | undefined
  readonly to: KeyState | undefined
  /** A condition, when the cause alone does not decide. */
  readonly when?: string
}

/** Every transition among the four states this library models (docs/evidence.md §2, §4, §9). @since 0.1.0 */
export const stateTransitions: readonly Transition[] = [
  { cause: 'CreateKey', from: undefined, to: 'PendingImport', when: 'Origin EXTERNAL' },
  { cause: 'CreateKey', from: undefined, to: 'Enabled', when: 'Origin AWS_KMS' },
  { cause: 'ImportKeyMaterial', from: 'PendingImport', to: 'Enabled' },
  { cause: 'EnableKey', from: 'Disabled', to: 'Enabled' },
  { cause: 'DisableKey', from: 'Enabled', to: 'Disabled' },
  { cause: 'DeleteImportedKeyMaterial', from: 'Enabled', to: 'PendingImport' },
  { cause: 'DeleteImportedKeyMaterial', from: 'Disabled', to: 'PendingImport' },
  { cause: 'ValidTo passes', from: 'Enabled', to: 'PendingImport' },
  { cause: 'ValidTo passes', from: 'Disabled', to: 'PendingImport' },
  { cause: 'ScheduleKeyDeletion', from: 'Enabled', to: 'PendingDeletion' },
  { cause: 'ScheduleKeyDeletion', from: 'Disabled', to: 'PendingDeletion' },
  { cause: 'ScheduleKeyDeletion', from: 'PendingImport', to: 'PendingDeletion' },
  { cause: 'CancelKeyDeletion', from: 'PendingDeletion', to: 'Disabled', when: 'the key has its material' },
  { cause: 'CancelKeyDeletion', from: 'PendingDeletion', to: 'PendingImport', when: 'an EXTERNAL key without material' },
  { cause: 'DeletionDate passes', from: 'PendingDeletion', to: undefined },
]

/** What causes a transition of a multi-Region key (docs/evidence.md §11). @since 0.2.0 */
export type MultiRegionTransitionCause =
  | 'ReplicateKey' | 'Creating ends' | 'UpdatePrimaryRegion' | 'Updating ends'
  | 'ScheduleKeyDeletion' | 'CancelKeyDeletion' | 'last replica deleted'

/** One transition of a multi-Region key. `from` undefined: the replica is created. @since 0.2.0 */
export interface MultiRegionTransition {
  readonly cause: MultiRegionTransitionCause
  readonly from: KeyState | undefined
  readonly to: KeyState
  /** A condition, when the cause alone does not decide. */
  readonly when?: string
}

/**
 * The transitions only multi-Region keys have, besides those of every key (docs/evidence.md §11):
 * the multi-Region pages of the rules reference draw them, and a test drives each one.
 * @since 0.2.0
 */
export const multiRegionTransitions: readonly MultiRegionTransition[] = [
  { cause: 'ReplicateKey', from: undefined, to: 'Creating', when: 'the replica' },
  { cause: 'Creating ends', from: 'Creating', to: 'PendingImport', when: 'imported material' },
  { cause: 'Creating ends', from: 'Creating', to: 'Enabled', when: 'KMS material' },
  { cause: 'ScheduleKeyDeletion', from: 'Creating', to: 'PendingDeletion', when: 'a replica being created' },
  { cause: 'UpdatePrimaryRegion', from: 'Enabled', to: 'Updating', when: 'the primary and the replica, both Enabled' },
  { cause: 'Updating ends', from: 'Updating', to: 'Enabled' },
  { cause: 'Updating ends', from: 'Updating', to: 'PendingImport', when: 'its material expired meanwhile' },
  { cause: 'ScheduleKeyDeletion', from: 'Enabled', to: 'PendingReplicaDeletion', when: 'a primary with replicas' },
  { cause: 'ScheduleKeyDeletion', from: 'Disabled', to: 'PendingReplicaDeletion', when: 'a primary with replicas' },
  { cause: 'ScheduleKeyDeletion', from: 'PendingImport', to: 'PendingReplicaDeletion', when: 'a primary with replicas' },
  { cause: 'CancelKeyDeletion', from: 'PendingReplicaDeletion', to: 'Disabled', when: 'the key has its material' },
  { cause: 'CancelKeyDeletion', from: 'PendingReplicaDeletion', to: 'PendingImport', when: 'an EXTERNAL key without material' },
  { cause: 'last replica deleted', from: 'PendingReplicaDeletion', to: 'PendingDeletion' },
]
