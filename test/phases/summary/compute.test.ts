import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeWeeklySummary, UNSPECIFIED_VECTOR } from "../../../src/phases/summary/compute.ts";
import type { WeeklySummary } from "../../../src/phases/summary/types.ts";
import { weekStartingOn } from "../../../src/phases/summary/week.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { createScenario, recordWeek49, WEEK_START } from "./scenario.ts";

const HOUR = 3_600_000;
let database: TestDatabase;
let summary: WeeklySummary;

beforeAll(async () => {
  database = await createTestDatabase();
  await recordWeek49(createScenario(database));
  summary = await computeWeeklySummary(database.db, weekStartingOn(WEEK_START, "Asia/Tokyo"), new Date("2026-12-14T00:00:00Z"));
});

afterAll(async () => {
  await database.close();
});

describe("weekly summary computation", () => {
  it("counts notices of the week only", () => {
    expect(summary.notices.map((notice) => notice.item.noticeId)).toEqual([2]);
    expect(summary.notices[0]!.item.attacker).toBe("Anon JP");
    expect(summary.notices[0]!.item.targets).toEqual(["example.co.jp"]);
  });

  it("lists incidents opened and closed", () => {
    expect(summary.opened.map((incident) => incident.item.incidentId)).toEqual([2, 3]);
    expect(summary.closed.map((incident) => incident.item.incidentId)).toEqual([3]);
    expect(summary.opened[1]!.tlp).toBe("RED");
  });

  it("replays states as of week end", () => {
    expect(summary.byState.subsided).toBe(1);
    expect(summary.byState.mitigating).toBe(1);
    expect(summary.byState.closed).toBe(1);
    expect(summary.byState.under_attack).toBe(0);
    expect(summary.opened[0]!.item.state).toBe("mitigating");
  });

  it("counts affected reports by vector", () => {
    expect(summary.observedDetections).toBe(2);
    expect(summary.detectionsByVector).toEqual({ "udp-flood": 1, "dns-amp": 1, "syn-flood": 1 });
    expect(summary.detectionsByVector[UNSPECIFIED_VECTOR]).toBeUndefined();
  });

  it("labels affected organizations", () => {
    expect(summary.affectedOrgs).toEqual([
      { item: "isp-a", tlp: "AMBER" },
      { item: "isp-b", tlp: "RED" },
    ]);
  });

  it("counts mitigations of the week", () => {
    expect(summary.mitigations).toBe(2);
    expect(summary.mitigationsByAction).toEqual({ rtbh: 1, acl: 1 });
  });

  it("computes detection to mitigation", () => {
    expect(summary.detectionToMitigation).toEqual({ count: 2, medianMs: 1.25 * HOUR, maxMs: 2 * HOUR, maxOf: { incidentId: 3 } });
  });

  it("computes request to acknowledgement", () => {
    expect(summary.requestToAcknowledgement).toEqual({ count: 1, medianMs: HOUR / 3, maxMs: HOUR / 3, maxOf: { incidentId: 2, requestId: 1 } });
  });

  it("keeps requests open at week end", () => {
    const open = summary.openRequests.map((request) => [request.item.requestId, request.item.state, request.tlp]);
    expect(open).toEqual([
      [1, "acknowledged", "AMBER"],
      [2, "requested", "AMBER+STRICT"],
    ]);
  });

  it("lists retrospectives still open", () => {
    expect(summary.openRetrospectives.map((entry) => entry.item)).toEqual([{ incidentId: 1, title: "old.example.jp", state: "subsided", retrospective: "not_started" }]);
  });

  it("marks a finished week complete", () => {
    expect(summary.inProgress).toBe(false);
  });
});

describe("weekly summary of a week in progress", () => {
  it("uses current states and flags progress", async () => {
    const week = weekStartingOn("2026-12-07", "Asia/Tokyo");
    const current = await computeWeeklySummary(database.db, week, new Date("2026-12-09T00:00:00Z"));
    expect(current.inProgress).toBe(true);
    expect(current.byState.subsided).toBe(2);
    expect(current.mitigationsByAction).toEqual({ acl: 1 });
    expect(current.openRequests.map((request) => request.item.requestId)).toEqual([1]);
  });
});

describe("weekly summary at week boundaries", () => {
  let boundaries: TestDatabase;
  let edge: WeeklySummary;

  beforeAll(async () => {
    boundaries = await createTestDatabase();
    const scenario = createScenario(boundaries);
    // #1 is closed at the first instant of the week: it counts as closed in this week.
    await scenario.run("2026-11-25T10:00", "isp-a/alice", "detect target=a.example.jp vector=udp-flood");
    await scenario.run("2026-11-26T10:00", "isp-a/alice", "detect #1 status=ended");
    await scenario.run("2026-11-30T00:00", "isp-a/alice", "close #1");
    // #2 subsides at the first instant of the next week: at this week's end it is still under attack.
    await scenario.run("2026-12-01T10:00", "isp-a/alice", "detect target=b.example.jp vector=udp-flood");
    await scenario.run("2026-12-07T00:00", "isp-a/alice", "detect #2 status=ended");
    edge = await computeWeeklySummary(boundaries.db, weekStartingOn(WEEK_START, "Asia/Tokyo"), new Date("2026-12-14T00:00:00Z"));
  });

  afterAll(async () => {
    await boundaries.close();
  });

  it("counts a close at week start", () => {
    expect(edge.closed.map((incident) => incident.item.incidentId)).toEqual([1]);
    expect(edge.byState.closed).toBe(1);
  });

  it("ignores a change at week end", () => {
    expect(edge.byState.under_attack).toBe(1);
    expect(edge.byState.subsided).toBe(0);
    expect(edge.observedDetections).toBe(1);
  });
});
