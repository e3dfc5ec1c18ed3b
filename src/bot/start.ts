// Builds and starts the bot's parts in order: database, command handler,
// chat platform adapters and the outbox worker that serves them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../db/paths.ts";
import type { AppConfig } from "../config.ts";
import { openDatabase, sqliteFilePath, type Database } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { MemberDirectory } from "../phases/actor.ts";
import { registerAlertRenderers } from "../probe/correlate/renderers.ts";
import { mergeSectors } from "../probe/sectors.ts";
import { startProbing } from "../probe/service.ts";
import { weekFiguresSource } from "../probe/views/week-figures.ts";
import { BroadcastRenderers } from "./delivery/broadcast.ts";
import type { Destination } from "./delivery/types.ts";
import { DeliveryWorker } from "./delivery/worker.ts";
import { resolveScheduleConfig } from "./schedules/config.ts";
import { registerScheduleRenderers } from "./schedules/renderers.ts";
import { startSchedules } from "./schedules/start.ts";
import { CommandHandler } from "./handle.ts";
import { WorkQueue } from "./work-queue.ts";
import type { PlatformAdapter, PlatformContext } from "./platform.ts";
import { opsRoutes, startOpsServer, type OpsServer } from "../ops/http.ts";
import { setMetricsSources } from "../ops/metrics.ts";
import { DEFAULT_OPS_SETTINGS } from "../ops/settings.ts";

const BOT_VERSION = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;

export interface RunningBot {
  db: Database;
  handler: CommandHandler;
  directory: MemberDirectory;
  delivery: DeliveryWorker;
  platforms: PlatformAdapter[];
  stop(): Promise<void>;
}

export async function startBot(config: AppConfig, logger: Logger): Promise<RunningBot> {
  const { db, appliedMigrations } = await openDatabase(config.databaseUrl);
  logger.info({ database: sqliteFilePath(config.databaseUrl), appliedMigrations, config: config.configPath, locale: config.locale, timeZone: config.timeZone }, "database ready");

  const directory = new MemberDirectory(config);
  // Alerts need the destinations and the worker, which exist only after the platforms are built below.
  let alertDestinations: readonly Destination[] = [];
  let delivery: DeliveryWorker | undefined;
  const probing = await startProbing({
    db,
    logger: logger.child({ component: "probe" }),
    config: config.probe,
    alerts: { destinations: () => alertDestinations, wakeDelivery: () => delivery?.wake() },
  });
  const probeSection = weekFiguresSource({ db, tlp: config.probe.tlp });
  const handler = new CommandHandler({
    probeSection,
    phases: { db, directory, defaultTlp: config.defaultTlp, now: () => new Date() },
    probe: { db, config: config.probe, timeZone: config.timeZone, now: () => new Date(), alertDestinations: () => alertDestinations },
    timeZone: config.timeZone,
    logger,
  });

  // Adapters need a way to wake the worker, and the worker needs the adapters' senders.
  const commands = new WorkQueue(logger);
  const context: PlatformContext = { db, handler, directory, logger, timeZone: config.timeZone, wakeDelivery: () => delivery?.wake(), commands };
  const platforms: PlatformAdapter[] = [];
  const opsSettings = config.ops ?? DEFAULT_OPS_SETTINGS;
  const ops = { db, platforms, logger, outboxStuckAfterMs: opsSettings.outboxStuckAfterMs };
  setMetricsSources(ops);
  const slackHttp = config.slackRuntime?.signingSecret !== undefined;
  // Each platform's SDK is loaded only when that platform is configured:
  // @slack/bolt and matrix-bot-sdk each add about 30 MiB of RSS when imported.
  if (config.slackRuntime) {
    const { createSlackAdapter } = await import("./slack/adapter.ts");
    platforms.push(createSlackAdapter(context, config.slackRuntime, slackHttp ? opsRoutes(ops) : []));
  }
  if (config.matrixRuntime) {
    const { createMatrixAdapter } = await import("./matrix/adapter.ts");
    platforms.push(createMatrixAdapter(context, config.matrixRuntime));
  }

  const broadcasts = new BroadcastRenderers();
  registerScheduleRenderers(broadcasts, { probeSection });
  registerAlertRenderers(broadcasts, { sectors: mergeSectors(config.probe.sectors), resolveAfterMinutes: config.probe.correlation.resolveAfterMinutes });
  const destinations = platforms.map((platform) => platform.destination);
  alertDestinations = destinations;
  delivery = new DeliveryWorker({
    db,
    directory,
    timeZone: config.timeZone,
    destinations,
    senders: platforms.map((platform) => platform.sender),
    broadcasts,
    logger,
  });
  await delivery.start();
  for (const platform of platforms) await platform.start();
  const schedules = startSchedules({
    db,
    directory,
    destinations,
    broadcasts,
    logger,
    config: resolveScheduleConfig(config.schedules, config.timeZone),
  });
  // A separate operations server only for a long-running bot whose endpoints
  // are not on the Slack HTTP port. Configs built without loadConfig (tests) have no port.
  let opsServer: OpsServer | undefined;
  if (platforms.length > 0 && !slackHttp && config.ops?.port != null) {
    opsServer = await startOpsServer({ ...ops, host: config.ops.host, port: config.ops.port });
  }
  logger.info({ version: BOT_VERSION, platforms: platforms.map((platform) => platform.name), console: config.consoleEnabled }, "bot started");

  return {
    db,
    handler,
    directory,
    delivery,
    platforms,
    async stop() {
      for (const platform of platforms) await platform.stop();
      await commands.idle();
      await schedules.stop();
      await delivery?.stop();
      // Wake-ups after stop must not start new passes on a closed database.
      delivery = undefined;
      await probing.stop();
      await opsServer?.close();
      setMetricsSources(undefined);
      await db.$disconnect();
    },
  };
}
