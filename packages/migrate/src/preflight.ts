/**
 * The checks between the plan and the first write: the ledger is claimed, the target answers with
 * these credentials, and the source conversations to copy are resolved.
 *
 * @module
 */
import type { ChatAdapter } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Task } from 'fp-ts/lib/Task.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { MigrationPlanError } from './errors.js'
import type { Ledger, LedgerLease, LedgerScope } from './ledger.js'
import type { Plan } from './plan.js'
import { isConfigurationFailure, resolveSelection, type SourceStream, unreadable } from './selection.js'

/** A conversation id no vendor has: reading it proves the credentials and the URL without side effects. */
export const probeConversationId = 'colloquy-preflight-check'

/** Reads a conversation that does not exist: `NotFound` (or any answer but a refusal) means reachable and accepted. */
const checkTarget =
  (target: ChatAdapter): TE.TaskEither<MigrationPlanError, void> =>
  async () => {
    const probe = await target.conversations.get({ conversationId: probeConversationId })()
    return E.isLeft(probe) && isConfigurationFailure(probe.left)
      ? E.left(unreadable('target', target, probe.left))
      : E.right(undefined)
  }

/**
 * Claims `scope` of the ledger as its only writer, where the ledger supports it (never in a dry
 * run, which writes nothing). Rejects with the ledger's `locked` error.
 */
export const claimLedger = (
  ledger: Ledger,
  scope: LedgerScope,
  dryRun: boolean,
): TE.TaskEither<Error, LedgerLease | undefined> => {
  const { acquire } = ledger
  return dryRun || acquire === undefined
    ? TE.right(undefined)
    : TE.tryCatch(
        () => acquire(scope),
        (error) => error as Error,
      )
}

/**
 * Claims one source conversation where the ledger is shared by concurrent runs on purpose
 * (`claimConversation`); `busy` when another run holds it. No claim in a dry run.
 */
export const claimConversation = (
  ledger: Ledger,
  scope: LedgerScope,
  sourceConversationId: string,
  dryRun: boolean,
): TE.TaskEither<Error, LedgerLease | undefined | 'busy'> => {
  const claim = ledger.claimConversation
  return dryRun || claim === undefined
    ? TE.right(undefined)
    : TE.tryCatch(
        async () => (await claim(scope, sourceConversationId)) ?? 'busy',
        (error) => error as Error,
      )
}

/** Runs `task` and gives the claim back whatever it ends with; a failed release is the Left then. */
export const withClaim =
  <A>(lease: LedgerLease | undefined, task: Task<E.Either<unknown, A>>): Task<E.Either<unknown, A>> =>
  async () => {
    const result = await task()
    const released = await releaseClaim(lease)()
    return E.isLeft(result) || E.isRight(released) ? result : released
  }

/** Gives a claim back. */
export const releaseClaim = (lease: LedgerLease | undefined): TE.TaskEither<Error, void> =>
  lease === undefined
    ? TE.right(undefined)
    : TE.tryCatch(
        () => lease.release(),
        (error) => error as Error,
      )

/**
 * Checks the target, then resolves the source selection (reading the source): the source
 * conversations to copy, or the {@link MigrationPlanError} saying which end failed and how.
 */
export const preflight = (
  source: ChatAdapter,
  target: ChatAdapter,
  plan: Plan,
): TE.TaskEither<MigrationPlanError, SourceStream> =>
  pipe(
    checkTarget(target),
    TE.flatMap(() => resolveSelection(source, plan.selection)),
  )
