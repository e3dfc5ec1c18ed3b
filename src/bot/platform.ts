// What a chat platform adapter (Slack, Matrix) gets from the bot and gives
// back. Adapters are thin: they turn platform events into command text and an
// actor, and deliver outbox posts; the phases know no platform.
import type { Database } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { MemberDirectory } from "../phases/actor.ts";
import type { Destination, Sender } from "./delivery/types.ts";
import type { CommandHandler } from "./handle.ts";
import type { WorkQueue } from "./work-queue.ts";

export interface PlatformContext {
  db: Database;
  handler: CommandHandler;
  directory: MemberDirectory;
  logger: Logger;
  timeZone: string;
  /** Asks the outbox worker to deliver now, after a command stored a record or a reply. */
  wakeDelivery(): void;
  /** Runs acknowledged commands one at a time. */
  commands: WorkQueue;
}

export interface PlatformAdapter {
  readonly name: "slack" | "matrix";
  /** Sends this platform's outbox posts. */
  readonly sender: Sender;
  /** The shared incident channel or room that receives every incident's story. */
  readonly destination: Destination;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** True while the platform can receive commands and send posts; /readyz and dosbot_platform_connected read it. */
  isConnected(): boolean;
}
