// The Slack front end on @slack/bolt: HTTP mode (signed requests on one
// route for commands, events and interactivity) or Socket Mode.
import type { Server } from "node:http";
import { App } from "@slack/bolt";
import type { SlackConfig } from "../../config.ts";
import type { Destination } from "../delivery/types.ts";
import type { PlatformAdapter, PlatformContext } from "../platform.ts";
import { boltLogger } from "./bolt-logger.ts";
import { registerHandlers } from "./handlers.ts";
import { SlackSender } from "./sender.ts";

export const SLACK_ROUTE = "/slack/events";

export interface SlackAdapter extends PlatformAdapter {
  /** The HTTP server in HTTP mode, once started. */
  httpServer(): Server | undefined;
}

export function createSlackAdapter(context: PlatformContext, config: SlackConfig): SlackAdapter {
  const socketMode = config.appToken !== undefined && config.signingSecret === undefined;
  const app = new App({
    token: config.botToken,
    ...(socketMode ? { socketMode: true, appToken: config.appToken } : { signingSecret: config.signingSecret, endpoints: SLACK_ROUTE }),
    logger: boltLogger(context.logger),
    clientOptions: {
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
      // The outbox retries; the client must neither retry nor sleep on 429 by itself.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
    },
  });

  const destination: Destination = { id: `slack:${config.channel}`, platform: "slack", channel: config.channel, locale: config.locale, maxTlp: config.maxTlp };
  registerHandlers(app, { context, config, destinationId: destination.id });
  let server: Server | undefined;

  return {
    name: "slack",
    sender: new SlackSender(app.client),
    destination,
    httpServer: () => server,
    async start() {
      if (socketMode) {
        await app.start();
        context.logger.info({ mode: "socket" }, "slack connected");
        return;
      }
      server = (await app.start({ port: config.port, ...(config.host ? { host: config.host } : {}) })) as Server;
      context.logger.info({ mode: "http", port: config.port, route: SLACK_ROUTE }, "slack receiver listening");
    },
    async stop() {
      await app.stop();
      context.logger.info({}, "slack stopped");
    },
  };
}
