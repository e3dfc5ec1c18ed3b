import type { Prisma } from "../generated/prisma/client.ts";
import type { Database } from "./client.ts";
import { retryWhileBusy } from "./busy-retry.ts";

/** Runs `work` in one interactive transaction, starting over while another process holds the write lock. */
export function runInTransaction<T>(db: Database, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return retryWhileBusy(() => db.$transaction(work));
}
