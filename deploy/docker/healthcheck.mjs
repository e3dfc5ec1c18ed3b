// Docker HEALTHCHECK: requests /healthz where the bot serves it. In Slack
// HTTP mode (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET set) that is the Slack
// port (PORT, default 3000). Otherwise it is the operations server (OPS_PORT,
// default 9464). HEALTHCHECK_URL overrides both. Exit status 0 is healthy,
// 1 is not.
const env = process.env;
const slackHttp = Boolean(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET);
const port = slackHttp ? env.PORT || "3000" : env.OPS_PORT || "9464";
const url = env.HEALTHCHECK_URL || `http://127.0.0.1:${port}/healthz`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  process.exitCode = response.ok ? 0 : 1;
  if (!response.ok) console.error(`health check failed: ${url} returned HTTP ${response.status}`);
} catch (error) {
  console.error(`health check failed: ${url}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
