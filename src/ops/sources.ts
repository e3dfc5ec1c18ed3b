// Inputs that the operations endpoints and the scrape-time metrics read from
// the running bot.
import type { Database } from "../db/client.ts";
import type { Logger } from "../log.ts";

/** A configured chat platform as the readiness check and the metrics see it. */
export interface PlatformProbe {
  /** Platform name as used in outbox destination ids and metric labels: "slack", "matrix". */
  readonly name: string;
  /** True while the platform can receive commands and send posts. */
  isConnected(): boolean;
}

export interface OpsSources {
  db: Database;
  /** Configured platforms. The list is read on every request, so adapters added after this object was built are seen. */
  platforms: readonly PlatformProbe[];
  logger?: Logger;
}
