import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BroadcastRenderers } from "../../../src/bot/delivery/broadcast.ts";
import { renderText } from "../../../src/bot/messages/render-text.ts";
import { registerScheduleRenderers } from "../../../src/bot/schedules/renderers.ts";
import { renderWeeklySummary } from "../../../src/bot/schedules/render-summary.ts";
import type { ProbeSection } from "../../../src/phases/summary/probe-section.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { testDirectory } from "../../support/members.ts";
import { createScenario, recordWeek49, WEEK_START } from "../../phases/summary/scenario.ts";
import { destination, lineContext } from "./context.ts";

const directory = testDirectory();
const AFTER_WEEK = new Date("2026-12-14T00:00:00Z");
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await recordWeek49(createScenario(database));
});

afterAll(async () => {
  await database.close();
});

const render = (maxTlp: "CLEAR" | "GREEN" | "AMBER" | "RED", locale: "ja" | "en" = "en", options = {}) =>
  renderWeeklySummary(database.db, directory, lineContext(locale), maxTlp, WEEK_START, { now: AFTER_WEEK, ...options });

describe("weekly summary TLP withholding", () => {
  it("withholds RED details from AMBER", async () => {
    const summary = await render("AMBER");
    const text = renderText(summary, "");
    expect(summary.tlp).toBe("AMBER");
    expect(summary.title).toBe("Weekly summary 2026-W49 (2026-11-30 to 2026-12-06)");
    expect(text).toContain("Anon JP");
    // Incident #2 was opened by an AMBER notice; only its AMBER+STRICT request is withheld.
    expect(text).toContain("opened #2 example.co.jp");
    expect(text).not.toContain("redsecret");
    expect(text).not.toContain("秘密の依頼");
    expect(text).toContain("Incidents: 2 opened / 1 closed");
  });

  it("counts what it withholds", async () => {
    const lines = (await render("AMBER")).lines;
    expect(lines).toContain("  opened +1 withheld (TLP:RED 1)");
    expect(lines).toContain("  closed +1 withheld (TLP:RED 1)");
    expect(lines).toContain("  +1 withheld (TLP:AMBER+STRICT 1)");
    expect(lines).toContain("Member organizations affected: 2");
    expect(lines).toContain("  ISP A");
  });

  it("shows everything to RED", async () => {
    const summary = await render("RED");
    const text = renderText(summary, "");
    expect(summary.tlp).toBe("RED");
    expect(text).toContain("opened #2 example.co.jp — mitigating");
    expect(text).toContain("redsecret");
    expect(text).toContain("秘密の依頼");
    expect(text).not.toContain("withheld");
  });

  it("labels a detail-free summary GREEN", async () => {
    const summary = await render("GREEN");
    expect(summary.tlp).toBe("GREEN");
    expect(renderText(summary, "")).not.toContain("Anon JP");
    expect(summary.lines).toContain("  +1 withheld (TLP:AMBER 1)");
    expect(summary.lines).toContain("  opened +2 withheld (TLP:AMBER 1, TLP:RED 1)");
  });

  it("withholds everything from CLEAR", async () => {
    const summary = await render("CLEAR");
    expect(summary.lines).toEqual(["The weekly summary is labelled TLP:GREEN, so it is not shown here. Members can read it with /dos summary."]);
  });
});

describe("weekly summary content", () => {
  it("renders times and states", async () => {
    const lines = (await render("AMBER")).lines;
    expect(lines).toContain("Detection to first mitigation: median 1h 15m / max 2h (#3) / 2 in total");
    expect(lines).toContain("Coordination request to acknowledgement: median 20m / max 20m (R1 #2) / 1 in total");
    expect(lines).toContain("  mitigating 1 / subsided 1 / closed 1");
  });

  it("renders in Japanese", async () => {
    const summary = await render("AMBER", "ja");
    expect(summary.title).toBe("週次サマリー 2026-W49（2026-11-30〜2026-12-06）");
    expect(summary.lines).toContain("  終結 +1件 非表示（TLP:RED 1件）");
    expect(summary.lines).toContain("  #1 old.example.jp — 沈静化（振り返り未開始）");
    expect(summary.lines).toContain("未完了の振り返り: 1件");
  });

  it("notes a late summary", async () => {
    const summary = await render("AMBER", "ja", { lateSince: new Date("2026-12-07T00:00:00Z") });
    expect(summary.lines[0]).toBe("※ 予定時刻 2026-12-07 09:00 +09:00 より遅れて投稿しています。");
  });

  it("notes a week in progress", async () => {
    const summary = await render("AMBER", "en", { now: new Date("2026-12-02T03:00:00Z") });
    expect(summary.lines[0]).toBe("Note: the week is not over; figures as of 2026-12-02 12:00 +09:00.");
  });
});

describe("probe section", () => {
  const probes: ProbeSection = {
    alerts: 3,
    tlp: "AMBER",
    sectors: [{ sector: "金融", sectorEn: "Finance", targets: 12, availability: 0.9925, alerts: 2 }],
  };

  it("renders when supplied", async () => {
    const lines = (await render("AMBER", "en", { probeSection: probes })).lines;
    expect(lines).toContain("Homepage probes: 3 alerts");
    expect(lines).toContain("  Finance: availability 99.3% (12 targets, 2 alerts)");
  });

  it("withholds sectors above clearance", async () => {
    const lines = (await render("GREEN", "ja", { probeSection: probes })).lines;
    expect(lines).toContain("ホームページ監視: 警報 3件");
    expect(lines).toContain("  +1件 非表示（TLP:AMBER 1件）");
  });

  it("is absent by default", async () => {
    expect((await render("AMBER")).lines.some((line) => line.startsWith("Homepage probes"))).toBe(false);
  });
});

describe("weekly_summary renderer", () => {
  it("renders per destination", async () => {
    const broadcasts = new BroadcastRenderers();
    registerScheduleRenderers(broadcasts, { now: () => AFTER_WEEK });
    const renderer = broadcasts.get("weekly_summary");
    const payload = { weekStart: WEEK_START, timeZone: "Asia/Tokyo", scheduledAt: "2026-12-07T00:00:00.000Z", late: true };

    const ja = await renderer({ db: database.db, directory, context: lineContext("ja"), destination: destination("CJA", "RED"), payload });
    const en = await renderer({ db: database.db, directory, context: lineContext("en"), destination: destination("CEN", "AMBER", "en"), payload });
    expect(ja.title.startsWith("週次サマリー")).toBe(true);
    expect(ja.tlp).toBe("RED");
    expect(en.tlp).toBe("AMBER");
    expect(en.lines[0]).toMatch(/^Note: this summary was due at 2026-12-07 09:00/);
  });

  it("rejects a malformed payload", async () => {
    const broadcasts = new BroadcastRenderers();
    registerScheduleRenderers(broadcasts);
    const input = { db: database.db, directory, context: lineContext("en"), destination: destination("C1", "AMBER"), payload: { weekStart: "2026-12-01" } };
    await expect(broadcasts.get("weekly_summary")(input)).rejects.toThrow(/not a Monday/);
  });
});
