import type { Tlp } from "../bot/commands/types.ts";
import type { Database } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { MemberDirectory } from "./actor.ts";

export type Transaction = Prisma.TransactionClient;

/** Dependencies of every phase service, built once at start-up. */
export interface PhaseContext {
  db: Database;
  directory: MemberDirectory;
  defaultTlp: Tlp;
  now: () => Date;
}
