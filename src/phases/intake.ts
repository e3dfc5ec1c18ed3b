// Intake idempotency. Platforms deliver the same command more than once
// (Slack retries, Matrix redelivery after a restart); the first delivery's
// key is stored and later ones are recognised and dropped.
import { retryWhileBusy } from "../db/busy-retry.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { Database } from "../db/client.ts";
import type { Platform } from "./actor.ts";
import type { Transaction } from "./context.ts";

export interface Intake {
  /** Platform delivery id, unique per logical command. */
  key: string;
  platform: Platform;
}

/** Raised when an intake key was already handled; the command must have no effect. */
export class DuplicateDelivery extends Error {
  constructor(readonly key: string) {
    super(`delivery ${key} was already handled`);
    this.name = "DuplicateDelivery";
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Records the intake inside a transaction, so the receipt and the change commit together. */
export async function claimIntake(tx: Transaction | Database, intake: Intake | undefined): Promise<void> {
  if (!intake) return;
  try {
    await tx.inboundReceipt.create({ data: { key: intake.key, platform: intake.platform } });
    // Inside a transaction a busy error aborts the whole transaction, which runInTransaction retries.
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateDelivery(intake.key);
    throw error;
  }
}

/** Records the intake on its own, for replies that change no record; retries while the database is busy. */
export function claimIntakeNow(db: Database, intake: Intake | undefined): Promise<void> {
  return retryWhileBusy(() => claimIntake(db, intake));
}
