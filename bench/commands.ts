// Slash-command intake benchmark: the real bot process, with Slack in HTTP
// mode on 127.0.0.1, gets bursts of concurrent signed /dos commands that
// each create a record; the local Slack Web API server in this process takes
// the replies and channel posts. Reports the acknowledgement latency (time to
// the HTTP response Slack waits for), how fast records are stored, and
// checks that each record is stored once.
//
// A first burst warms the process up (JIT, prepared queries) and is reported
// on its own; bursts start 500 ms apart.
//
// Usage: npm run bench:commands [-- --bursts 10 --size 50]
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { freePort, startBotProcess } from "../test/support/bot-process.ts";
import { slashCommandBody } from "../test/support/slack/payloads.ts";
import { FORM_CONTENT_TYPE, postSigned } from "../test/support/slack/signing.ts";
import { startSlackApiServer } from "../test/support/slack/web-api-server.ts";
import { TEST_WORKSPACE } from "../test/support/slack/workspace.ts";
import { machineDescription, percentile, writeReportSection } from "./report.ts";

const { values } = parseArgs({ options: { bursts: { type: "string", default: "10" }, size: { type: "string", default: "50" } } });
const bursts = Number(values.bursts);
const size = Number(values.size);
const SECRET = "bench-signing-secret";

const api = await startSlackApiServer({ token: TEST_WORKSPACE.botToken });
const port = await freePort();
const bot = await startBotProcess({
  config: {
    organizations: [{ id: "bench-isp", name: "Bench ISP", slackTeamIds: [TEST_WORKSPACE.teamId] }],
    members: [],
    slack: { channel: TEST_WORKSPACE.channelId },
  },
  env: { SLACK_BOT_TOKEN: TEST_WORKSPACE.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url, PORT: String(port), HOST: "127.0.0.1" },
  readyMessage: "bot started",
});
const url = `http://127.0.0.1:${port}/slack/events`;

function countNotices(): { total: number; duplicates: number } {
  const db = new Database(bot.databasePath, { readonly: true });
  try {
    const total = (db.prepare('SELECT COUNT(*) AS n FROM "Notice"').get() as { n: number }).n;
    const duplicates = (db.prepare('SELECT COUNT(*) AS n FROM (SELECT targets FROM "Notice" GROUP BY targets HAVING COUNT(*) > 1)').get() as { n: number }).n;
    return { total, duplicates };
  } finally {
    db.close();
  }
}

const PAUSE_MS = 500;
const latencies: number[] = [];
let warmUp: number[] = [];
const started = performance.now();
try {
  for (let burst = 0; burst <= bursts; burst++) {
    const burstStart = latencies.length;
    if (burst > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    // Sign every request first, so the measured time is the bot's, not the signing's.
    const bodies = Array.from({ length: size }, (_, index) =>
      slashCommandBody({
        text: `notice target=burst${burst}-${index}.example attacker="Bench ${burst}" 負荷試験`,
        response_url: api.responseUrl(),
        trigger_id: `bench-${burst}-${index}`,
      }),
    );
    await Promise.all(
      bodies.map(async (body, index) => {
        const sentAt = performance.now();
        const response = await postSigned(url, body, { secret: SECRET, contentType: FORM_CONTENT_TYPE });
        latencies.push(performance.now() - sentAt);
        if (response.status !== 200) throw new Error(`command ${burst}/${index} got HTTP ${response.status}`);
      }),
    );
    const burstLatencies = latencies.slice(burstStart).sort((a, b) => a - b);
    process.stderr.write(`burst ${burst}: p50 ${percentile(burstLatencies, 0.5).toFixed(1)} ms, max ${burstLatencies.at(-1)!.toFixed(1)} ms\n`);
    if (burst === 0) warmUp = latencies.splice(0);
  }

  const expected = (bursts + 1) * size;
  const deadline = Date.now() + 120_000;
  let counts = countNotices();
  while (counts.total < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    counts = countNotices();
  }
  const elapsedSeconds = (performance.now() - started) / 1000;

  latencies.sort((a, b) => a - b);
  warmUp.sort((a, b) => a - b);
  const p50 = percentile(latencies, 0.5);
  const p99 = percentile(latencies, 0.99);
  const max = latencies[latencies.length - 1]!;
  const verdict = p99 <= 50 && counts.total === expected && counts.duplicates === 0 ? "met" : "missed";

  const report = `## Slash-command intake

Command: \`npm run bench:commands -- --bursts ${bursts} --size ${size}\`
Machine: ${machineDescription()}
Date: ${new Date().toISOString()}

The real bot process (\`src/main.ts\`, Slack in HTTP mode on 127.0.0.1) gets
one warm-up burst, then ${bursts} bursts of ${size} concurrent signed \`/dos notice\`
commands, ${PAUSE_MS} ms apart. Each creates an incident and a notice; its reply
and channel posts go through the outbox to the local Slack Web API server
running in the benchmark process, which also sends the requests. Latency is
measured by the sender, from request start to the HTTP response, so it
includes the sender's own share of the two cores.

| measure | value |
| --- | --- |
| acknowledgement latency p50 | ${p50.toFixed(1)} ms |
| acknowledgement latency p99 | ${p99.toFixed(1)} ms |
| acknowledgement latency max | ${max.toFixed(1)} ms |
| warm-up burst p50 / max | ${percentile(warmUp, 0.5).toFixed(1)} / ${warmUp.at(-1)!.toFixed(1)} ms |
| records stored / expected | ${counts.total} / ${expected} |
| records stored more than once | ${counts.duplicates} |
| records per second (first send to last stored) | ${(counts.total / elapsedSeconds).toFixed(0)} |

Aim: p99 acknowledgement at most 50 ms after warm-up, every record stored once (warm-up burst included): **${verdict}**.
`;
  writeReportSection("commands", report);
  process.stdout.write(report);
} finally {
  await bot.stop();
  await api.close();
}
