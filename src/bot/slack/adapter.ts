// The Slack front end on @slack/bolt: HTTP mode (signed requests on one
// route for commands, events and interactivity) or Socket Mode.
import type { Server } from "node:http";
import { App, SocketModeReceiver, type CustomRoute } from "@slack/bolt";
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

/** `customRoutes` are served beside SLACK_ROUTE in HTTP mode (the operations endpoints); Socket Mode ignores them. */
export function createSlackAdapter(context: PlatformContext, config: SlackConfig, customRoutes: CustomRoute[] = []): SlackAdapter {
  const socketMode = config.appToken !== undefined && config.signingSecret === undefined;
  const logger = boltLogger(context.logger);
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    // The outbox retries; the client must neither retry nor sleep on 429 by itself.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
  // Socket Mode: the receiver is built here so that its client's connection
  // events can be followed. Bolt passes clientOptions to the receiver it
  // builds itself through installerOptions, so this one gets them the same way
  // (apps.connections.open must go to SLACK_API_URL too).
  const socketReceiver = socketMode ? new SocketModeReceiver({ appToken: config.appToken!, logger, installerOptions: { clientOptions } }) : undefined;
  let socketConnected = false;
  socketReceiver?.client.on("connected", () => (socketConnected = true));
  socketReceiver?.client.on("disconnected", () => (socketConnected = false));
  socketReceiver?.client.on("reconnecting", () => (socketConnected = false));
  const app = new App({
    token: config.botToken,
    ...(socketReceiver ? { receiver: socketReceiver } : { signingSecret: config.signingSecret, endpoints: SLACK_ROUTE, customRoutes }),
    logger,
    clientOptions,
  });

  const destination: Destination = { id: `slack:${config.channel}`, platform: "slack", channel: config.channel, locale: config.locale, maxTlp: config.maxTlp };
  registerHandlers(app, { context, config, destinationId: destination.id });
  let server: Server | undefined;

  return {
    name: "slack",
    sender: new SlackSender(app.client),
    destination,
    httpServer: () => server,
    isConnected: () => (socketMode ? socketConnected : server?.listening === true),
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
      socketConnected = false;
      context.logger.info({}, "slack stopped");
    },
  };
}
