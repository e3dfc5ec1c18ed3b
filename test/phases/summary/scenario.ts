// Records of week 2026-W49 (2026-11-30 to 2026-12-06 in Asia/Tokyo), created
// through the real command handler at controlled times, with records just
// before and after the week that must not count in it.
import { expect } from "vitest";
import type { CommandHandler } from "../../../src/bot/handle.ts";
import type { TestDatabase } from "../../support/database.ts";
import { createTestHandler } from "../../support/handler.ts";

export const WEEK_START = "2026-11-30";

export interface Scenario {
  handler: CommandHandler;
  directory: ReturnType<typeof createTestHandler>["directory"];
  /** Runs a command as ORG/USER at a Japan-time "YYYY-MM-DDTHH:MM"; fails the test on an error reply. */
  run(at: string, actor: string, text: string): Promise<void>;
  setClock(at: string): void;
}

export function createScenario(database: TestDatabase): Scenario {
  let clock = new Date("2026-11-01T00:00:00Z");
  const { handler, directory } = createTestHandler(database, () => clock);
  const setClock = (at: string) => {
    clock = new Date(`${at}:00+09:00`);
  };
  const run = async (at: string, actor: string, text: string) => {
    setClock(at);
    const [org, user] = actor.split("/") as [string, string];
    const result = await handler.handle(text, directory.actor(org, user, "console"), "en");
    expect(result.duplicate).toBe(false);
    if (!result.duplicate) expect(result.reply.isError, `${text}: ${result.reply.title}`).toBe(false);
  };
  return { handler, directory, run, setClock };
}

/** Incidents #1 (subsided the week before), #2 (AMBER, mitigating) and #3 (RED, closed in the week). */
export async function recordWeek49(scenario: Scenario): Promise<void> {
  const { run } = scenario;
  // #1: the week before, subsided without a retrospective.
  await run("2026-11-26T10:00", "isp-a/alice", "notice target=old.example.jp attacker=Oldcrew");
  await run("2026-11-26T12:00", "isp-b/bob", "detect #1 vector=ntp-amp bps=2G");
  await run("2026-11-26T18:00", "isp-b/bob", "detect #1 status=ended");

  // #2: in the week, AMBER.
  await run("2026-12-01T10:00", "isp-a/alice", 'notice target=example.co.jp attacker="Anon JP" when="2026-12-01 21:00"');
  await run("2026-12-01T21:10", "isp-a/alice", "detect #2 vector=udp-flood,dns-amp bps=10G");
  await run("2026-12-01T21:40", "isp-a/alice", "mitigate #2 action=rtbh prefix=192.0.2.0/24");
  await run("2026-12-01T21:45", "isp-a/alice", "request #2 to=isp-b 上流でフィルタしてください");
  await run("2026-12-01T22:05", "isp-b/bob", "ack R1");
  await run("2026-12-02T10:00", "isp-b/bob", "request #2 to=isp-c urgent=yes tlp=AMBER+STRICT 秘密の依頼");

  // #3: in the week, RED, closed in the week.
  await run("2026-12-03T09:00", "isp-b/bob", "detect target=198.51.100.1 vector=syn-flood tlp=RED title=redsecret");
  await run("2026-12-03T11:00", "isp-b/bob", "mitigate #3 action=acl tlp=RED");
  await run("2026-12-03T11:30", "isp-b/bob", "detect #3 status=ended tlp=RED");
  await run("2026-12-04T10:00", "isp-b/bob", "review #3 lessons=none tlp=RED");
  await run("2026-12-05T10:00", "isp-b/bob", "close #3");

  // After the week: must not change the week's figures.
  await run("2026-12-07T00:00", "isp-a/alice", "mitigate #2 action=acl");
  await run("2026-12-08T09:00", "isp-a/alice", "detect #2 status=ended");
  await run("2026-12-08T10:00", "isp-c/carol", "decline R2");
}
