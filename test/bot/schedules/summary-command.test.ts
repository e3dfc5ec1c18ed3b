import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summaryCommandReply, type SummaryCommandInput } from "../../../src/bot/schedules/summary-command.ts";
import type { Locale } from "../../../src/config.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { testDirectory } from "../../support/members.ts";
import { createScenario, recordWeek49 } from "../../phases/summary/scenario.ts";
import { lineContext } from "./context.ts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await recordWeek49(createScenario(database));
});

afterAll(async () => {
  await database.close();
});

function command(argument: string | undefined, locale: Locale = "ja", extra: Partial<SummaryCommandInput> = {}) {
  // Wednesday 2026-12-09 12:00 in Tokyo.
  const now = new Date("2026-12-09T03:00:00Z");
  return summaryCommandReply({ db: database.db, directory: testDirectory(), context: lineContext(locale), maxTlp: "RED", argument, now, ...extra });
}

describe("summaryCommandReply", () => {
  it.each([
    [undefined, "週次サマリー 2026-W49（2026-11-30〜2026-12-06）"],
    ["先週", "週次サマリー 2026-W49（2026-11-30〜2026-12-06）"],
    ["2026-W49", "週次サマリー 2026-W49（2026-11-30〜2026-12-06）"],
    ["12/3", "週次サマリー 2026-W49（2026-11-30〜2026-12-06）"],
    ["今週", "週次サマリー 2026-W50（2026-12-07〜2026-12-13）"],
  ])("renders the week of %s", async (argument, title) => {
    const reply = await command(argument);
    expect(reply.isError).toBe(false);
    expect(reply.title).toBe(title);
  });

  it("marks this week in progress", async () => {
    const reply = await command("this", "en");
    expect(reply.lines[0]).toBe("Note: the week is not over; figures as of 2026-12-09 12:00 +09:00.");
  });

  it.each<[string, Locale, string]>([
    ["来週", "ja", "週の指定「来週」を読み取れません。"],
    ["2026-W54", "en", '"2026-W54": that year has no such week.'],
    ["2026-12-20", "en", 'The week of "2026-12-20" has not started yet.'],
  ])("rejects %s", async (argument, locale, start) => {
    const reply = await command(argument, locale);
    expect(reply.isError).toBe(true);
    expect(reply.title.startsWith(start)).toBe(true);
  });

  it("adds the probe section", async () => {
    const probeSection = async () => ({ alerts: 0, sectors: [] });
    const reply = await command(undefined, "en", { probeSection });
    expect(reply.lines).toContain("Homepage probes: 0 alerts");
  });
});
