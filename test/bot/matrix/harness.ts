// Runs the Matrix adapter with the real matrix-bot-sdk client against the
// test homeserver on 127.0.0.1, with a fresh SQLite file, the real command
// handler and the real outbox worker. The bot can be stopped and started
// again on the same database and homeserver, as a restart does.
import pino, { type Logger } from "pino";
import type { MatrixConfig } from "../../../src/config.ts";
import type { BroadcastRenderers } from "../../../src/bot/delivery/broadcast.ts";
import type { Destination } from "../../../src/bot/delivery/types.ts";
import { DeliveryWorker } from "../../../src/bot/delivery/worker.ts";
import type { CommandHandler } from "../../../src/bot/handle.ts";
import { createMatrixAdapter } from "../../../src/bot/matrix/adapter.ts";
import type { PlatformAdapter, PlatformContext } from "../../../src/bot/platform.ts";
import { WorkQueue } from "../../../src/bot/work-queue.ts";
import type { MemberDirectory } from "../../../src/phases/actor.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { createTestHandler } from "../../support/handler.ts";
import { startHomeserver, type ClientEvent, type TestHomeserver } from "../../support/matrix/homeserver.ts";

export const BOT = "@dosbot:isac.example";
export const BOT_TOKEN = "dosbot-secret-access-token";
/** Mapped to isp-a/alice by matrixUserId. */
export const ALICE = "@alice:isp-a.example";
/** Acts for isp-b through its homeserver. */
export const BOB = "@noc:isp-b.example";
export const MALLORY = "@mallory:evil.example";
/** Listed in the test config's matrix.inviteServers. */
export const PARTNER = "@ops:partner.example";

export interface LogRecord {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface MatrixHarness {
  server: TestHomeserver;
  database: TestDatabase;
  handler: CommandHandler;
  directory: MemberDirectory;
  /** The configured shared incident room, with Alice, Bob and the bot joined. */
  room: string;
  config: MatrixConfig;
  /** Every log line of the bot, parsed. */
  logs: LogRecord[];
  adapter?: PlatformAdapter;
  worker?: DeliveryWorker;
  /** Starts a new adapter and worker; by default waits until the bot long-polls. */
  startBot(options?: { waitForSync?: boolean }): Promise<void>;
  stopBot(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Leave the bot out of the configured room, so a test can invite it. */
  botOutsideRoom?: boolean;
  accessToken?: string;
  homeserverUrl?: string;
  /** Renderers of broadcasts and alerts for the outbox worker. */
  broadcasts?: BroadcastRenderers;
}

function captureLogs(): { logger: Logger; logs: LogRecord[] } {
  const logs: LogRecord[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => logs.push(JSON.parse(line) as LogRecord) });
  return { logger, logs };
}

export async function startMatrixHarness(options: HarnessOptions = {}): Promise<MatrixHarness> {
  const server = await startHomeserver({ serverName: "isac.example" });
  for (const [userId, token] of [
    [BOT, BOT_TOKEN],
    [ALICE, "alice-token"],
    [BOB, "bob-token"],
    [MALLORY, "mallory-token"],
    [PARTNER, "partner-token"],
  ] as const) {
    server.registerUser(userId, token);
  }
  const room = server.createRoom({ creator: ALICE, members: options.botOutsideRoom ? [BOB] : [BOB, BOT], name: "ISAC DDoS" });

  const database = await createTestDatabase();
  const destinations: Destination[] = [];
  const { handler, directory } = createTestHandler(database, undefined, { alertDestinations: () => destinations });
  const { logger, logs } = captureLogs();
  const config: MatrixConfig = {
    homeserverUrl: options.homeserverUrl ?? server.url,
    accessToken: options.accessToken ?? BOT_TOKEN,
    room,
    commandPrefix: "!dos",
    inviteServers: ["partner.example"],
    locale: "ja",
    maxTlp: "AMBER",
  };

  const harness: MatrixHarness = {
    server,
    database,
    handler,
    directory,
    room,
    config,
    logs,
    async startBot({ waitForSync = true } = {}) {
      const firstRequest = server.requests.length;
      const context: PlatformContext = {
        db: database.db,
        handler,
        directory,
        logger,
        timeZone: "Asia/Tokyo",
        wakeDelivery: () => harness.worker?.wake(),
        commands: new WorkQueue(logger),
      };
      const adapter = createMatrixAdapter(context, config);
      destinations.splice(0, destinations.length, adapter.destination);
      const worker = new DeliveryWorker({
        broadcasts: options.broadcasts,
        db: database.db,
        directory,
        timeZone: "Asia/Tokyo",
        destinations: [adapter.destination],
        senders: [adapter.sender],
        logger,
        pollMs: 50,
      });
      harness.adapter = adapter;
      harness.worker = worker;
      await worker.start();
      await adapter.start();
      if (waitForSync) await waitForLongPoll(server, firstRequest);
    },
    async stopBot() {
      await harness.adapter?.stop();
      await harness.worker?.stop();
      harness.adapter = undefined;
      harness.worker = undefined;
    },
    async close() {
      await harness.stopBot();
      await server.close();
      await database.close();
    },
  };
  return harness;
}

/**
 * Waits until the bot has a sync request open and every earlier sync request
 * since `firstRequest` has its response. The bot has then handled what it
 * received and is long-polling.
 */
export async function waitForLongPoll(server: TestHomeserver, firstRequest: number, timeoutMs = 5_000): Promise<void> {
  await eventually(
    () => {
      const syncs = server.requests.slice(firstRequest).filter((record) => record.kind === "sync" && record.userId === BOT);
      const pending = syncs.findIndex((record) => record.status === undefined);
      return pending >= 0 && syncs.slice(0, pending).every((record) => record.status !== undefined) ? true : undefined;
    },
    timeoutMs,
    "the bot to long-poll",
  );
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends a plain text message as `sender`, optionally with an m.relates_to, and returns its event id. */
export function say(harness: MatrixHarness, sender: string, body: string, relatesTo?: Record<string, unknown>, room = harness.room): string {
  return harness.server.injectEvent(room, sender, "m.room.message", { msgtype: "m.text", body, ...(relatesTo ? { "m.relates_to": relatesTo } : {}) });
}

export function inThread(root: string): Record<string, unknown> {
  return { rel_type: "m.thread", event_id: root, is_falling_back: true, "m.in_reply_to": { event_id: root } };
}

/** Returns the bot's m.room.message events, in the order stored. */
export function botMessages(harness: MatrixHarness): ClientEvent[] {
  return harness.server.sentBy(BOT, "m.room.message");
}

export function relationOf(event: ClientEvent): Record<string, any> | undefined {
  return event.content["m.relates_to"] as Record<string, any> | undefined;
}

/** Waits for the bot's reply to the command event `commandId`. */
export function waitForReplyTo(harness: MatrixHarness, commandId: string, timeoutMs = 5_000): Promise<ClientEvent> {
  return harness.server.waitForEvent((event) => event.sender === BOT && relationOf(event)?.["m.in_reply_to"]?.event_id === commandId, timeoutMs);
}

/** Returns the bot's replies to the command event `commandId`. */
export function repliesTo(harness: MatrixHarness, commandId: string): ClientEvent[] {
  return botMessages(harness).filter((event) => relationOf(event)?.["m.in_reply_to"]?.event_id === commandId && relationOf(event)?.is_falling_back !== true);
}

/** Waits for the incident's root message in the room and returns its event id, as the outbox stored it. */
export async function waitForRoot(harness: MatrixHarness, incidentId: number): Promise<string> {
  const thread = await eventually(
    () => harness.database.db.incidentThread.findUnique({ where: { destination_incidentId: { destination: `matrix:${harness.room}`, incidentId } } }).then((row) => row ?? undefined),
    5_000,
    `the root message of incident #${incidentId}`,
  );
  return thread.rootRemoteId;
}
