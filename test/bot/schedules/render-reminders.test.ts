import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Tlp } from "../../../src/bot/commands/types.ts";
import { BroadcastRenderers } from "../../../src/bot/delivery/broadcast.ts";
import type { Reply } from "../../../src/bot/messages/reply.ts";
import { registerScheduleRenderers } from "../../../src/bot/schedules/renderers.ts";
import type { Locale } from "../../../src/config.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { createScenario, type Scenario } from "../../phases/summary/scenario.ts";
import { jst } from "../../phases/reminders/rules.ts";
import { destination, lineContext } from "./context.ts";

let database: TestDatabase;
let scenario: Scenario;
let clock = jst("2026-12-07T21:00");
const broadcasts = new BroadcastRenderers();
registerScheduleRenderers(broadcasts, { now: () => clock });

beforeEach(async () => {
  database = await createTestDatabase();
  scenario = createScenario(database);
});

afterEach(async () => {
  await database.close();
});

function render(type: string, payload: unknown, maxTlp: Tlp = "AMBER", locale: Locale = "ja"): Promise<Reply> {
  const input = { db: database.db, directory: scenario.directory, context: lineContext(locale), destination: destination("C1", maxTlp, locale), payload };
  return broadcasts.get(type)(input);
}

describe("expected start reminder", () => {
  beforeEach(async () => {
    await scenario.run("2026-12-07T10:00", "isp-a/alice", 'notice target=example.co.jp when="2026-12-07 21:00-23:00"');
    await scenario.run("2026-12-07T20:00", "isp-a/alice", "detect #1 observed=no");
  });

  it("asks members that have not answered", async () => {
    const post = await render("reminder_expected_start", { noticeId: 1 });
    expect(post.title).toBe("事案 #1: 予知 N1 の予告時刻になりました");
    expect(post.lines).toContain("予告日時: 2026-12-07 21:00 +09:00 – 2026-12-07 23:00 +09:00");
    expect(post.lines).toContain("未回答の会員企業: ISP B、ISP C");
    expect(post.next).toEqual(["攻撃を検知したら: /dos detect #1 vector=udp-flood bps=10G", "影響がなければ: /dos detect #1 observed=no"]);
  });

  it("sets the subject for buttons", async () => {
    const post = await render("reminder_expected_start", { noticeId: 1 });
    expect(post.subject).toEqual({ incident: 1, state: "predicted" });
    expect(post.tlp).toBe("AMBER");
  });

  it("is withheld above clearance", async () => {
    const post = await render("reminder_expected_start", { noticeId: 1 }, "GREEN", "en");
    expect(post.title).toBe("#1");
    expect(post.subject).toBeUndefined();
    expect(post.lines.join(" ")).not.toContain("ISP B");
  });
});

describe("request acknowledgement reminder", () => {
  beforeEach(async () => {
    await scenario.run("2026-12-07T10:00", "isp-a/alice", "detect target=example.co.jp vector=udp-flood");
    await scenario.run("2026-12-07T10:10", "isp-a/alice", "request #1 to=isp-b 上流でフィルタしてください");
    clock = jst("2026-12-07T11:10");
  });

  it("addresses the requested organization", async () => {
    const post = await render("reminder_request_ack", { requestId: 1, repeat: 2, at: clock.toISOString() });
    expect(post.title).toBe("協調対処依頼 R1: ISP B の受領をお待ちしています（再通知 2回目）");
    expect(post.lines[0]).toBe("依頼から1時間が経過しましたが、まだ受領されていません。");
    expect(post.subject).toEqual({ incident: 1, state: "under_attack", request: { id: 1, state: "requested" } });
  });

  it("says no action after acknowledgement", async () => {
    await scenario.run("2026-12-07T11:00", "isp-b/bob", "ack R1");
    const post = await render("reminder_request_ack", { requestId: 1, repeat: 2, at: clock.toISOString() }, "AMBER", "en");
    expect(post.lines[0]).toBe("The situation changed after this reminder was scheduled, so no action is needed.");
    expect(post.subject).toBeUndefined();
  });
});

describe("overdue reminders", () => {
  beforeEach(async () => {
    await scenario.run("2026-12-07T10:00", "isp-a/alice", "detect target=example.co.jp vector=udp-flood");
  });

  it("nudges for a mitigation", async () => {
    const post = await render("reminder_mitigation_overdue", { incidentId: 1, days: 1 }, "AMBER", "en");
    expect(post.title).toBe("Incident #1: under attack, but no mitigation is recorded");
    expect(post.lines[0]).toContain("since 2026-12-07 10:00 +09:00");
    expect(post.subject).toEqual({ incident: 1, state: "under_attack" });
  });

  it("drops a mitigation nudge once mitigated", async () => {
    await scenario.run("2026-12-08T11:00", "isp-a/alice", "mitigate #1 action=acl");
    const post = await render("reminder_mitigation_overdue", { incidentId: 1, days: 1 }, "AMBER", "en");
    expect(post.lines).toEqual(["The situation changed after this reminder was scheduled, so no action is needed."]);
  });

  it("nudges for a retrospective", async () => {
    await scenario.run("2026-12-07T12:00", "isp-a/alice", "detect #1 status=ended");
    const post = await render("reminder_retrospective_overdue", { incidentId: 1, days: 3 });
    expect(post.title).toBe("事案 #1: 振り返りが始まっていません");
    expect(post.next).toEqual(["振り返りを開始: /dos review #1 attacker=… lessons=…"]);
    expect(post.subject).toEqual({ incident: 1, state: "subsided" });
  });
});

describe("retrospective meeting reminder", () => {
  beforeEach(async () => {
    await scenario.run("2026-09-30T23:00", "isp-a/alice", "detect target=before.example.jp");
    await scenario.run("2026-10-05T10:00", "isp-a/alice", "detect target=example.co.jp vector=udp-flood");
    await scenario.run("2026-11-10T10:00", "isp-b/bob", "detect target=red.example.jp tlp=RED");
    await scenario.run("2026-12-20T10:00", "isp-a/alice", "detect target=late.example.jp");
    await scenario.run("2026-12-21T09:00", "isp-a/alice", "detect #4 status=ended");
    await scenario.run("2026-12-21T10:00", "isp-a/alice", "close #4");
  });

  const quarter = { period: "quarter", label: "FY2026-Q3", startDate: "2026-10-01", endDate: "2027-01-01", timeZone: "Asia/Tokyo" };

  it("lists the quarter's incidents", async () => {
    const post = await render("reminder_retrospective_meeting", quarter);
    expect(post.title).toBe("振り返り会のご案内: 2026年度 第3四半期（2026-10〜2026-12）の事案");
    expect(post.lines).toEqual([
      "振り返り会で取り上げる事案の一覧です（期間中に作成された事案）。",
      "事案: 3件",
      "  #2 [TLP:AMBER] example.co.jp — 攻撃中（振り返り未開始）",
      "  #4 [TLP:AMBER] late.example.jp — 終結（終結済み）",
      "  +1件 非表示（TLP:RED 1件）",
    ]);
    expect(post.tlp).toBe("AMBER");
  });

  it("titles a month in English", async () => {
    const month = { period: "month", label: "2026-11", startDate: "2026-11-01", endDate: "2026-12-01", timeZone: "Asia/Tokyo" };
    const post = await render("reminder_retrospective_meeting", month, "RED", "en");
    expect(post.title).toBe("Retrospective meeting: incidents of 2026-11");
    expect(post.lines).toContain("  #3 [TLP:RED] red.example.jp — under attack (retrospective not started)");
    expect(post.tlp).toBe("RED");
  });
});

describe("retrospective meeting withholding", () => {
  it("withholds everything from CLEAR", async () => {
    const month = { period: "month", label: "2026-11", startDate: "2026-11-01", endDate: "2026-12-01", timeZone: "Asia/Tokyo" };
    const post = await render("reminder_retrospective_meeting", month, "CLEAR", "en");
    expect(post.lines).toEqual(["This reminder is labelled TLP:GREEN, so it is not shown here. Members can list the incidents with /dos list."]);
  });
});
