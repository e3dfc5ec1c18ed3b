import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PhaseContext } from "../../src/phases/context.ts";
import { closeIncident } from "../../src/phases/close.ts";
import { advanceRequest, sendRequest } from "../../src/phases/coordination.ts";
import { reportDetection } from "../../src/phases/detection.ts";
import { DomainError } from "../../src/phases/errors.ts";
import { loadIncidentView } from "../../src/phases/incident-view.ts";
import { logMitigation } from "../../src/phases/mitigation.ts";
import { postNotice } from "../../src/phases/notice.ts";
import { reviewIncident } from "../../src/phases/retrospective.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { testDirectory } from "../support/members.ts";

const directory = testDirectory();
const alice = directory.actor("isp-a", "alice", "console");
const bob = directory.actor("isp-b", "bob", "slack");
const carol = directory.actor("isp-c", "carol", "matrix");
const root = directory.actor("isp-c", "root", "console");
const stranger = directory.actor("isp-x", "mallory", "console");

let database: TestDatabase;
let context: PhaseContext;
let clock = new Date("2026-12-24T10:00:00Z");
const advance = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

async function expectDomainError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

beforeAll(async () => {
  database = await createTestDatabase();
  context = { db: database.db, directory, defaultTlp: "AMBER", now: () => clock };
});

afterAll(async () => {
  await database.close();
});

describe("four-phase walk", () => {
  it("records every phase on one incident", async () => {
    const notice = await postNotice(context, alice, {
      name: "notice",
      targets: [{ kind: "domain", value: "example.co.jp" }],
      attacker: "Anon JP",
      source: "sns",
      expected: { start: new Date("2026-12-24T12:00:00Z") },
      text: "年末に攻撃予告",
    });
    const id = notice.incident.id;
    expect(notice.openedIncident).toBe(true);
    expect(notice.incident.state).toBe("predicted");

    advance(120);
    const detected = await reportDetection(context, bob, {
      name: "detect",
      incident: id,
      observed: true,
      targets: [],
      vectors: ["udp-flood"],
      peakBps: 1.2e10,
    });
    expect(detected.incident.state).toBe("under_attack");
    await reportDetection(context, carol, { name: "detect", incident: id, observed: false, targets: [], vectors: [] });

    advance(15);
    const mitigation = await logMitigation(context, bob, { name: "mitigate", incident: id, action: "rtbh", prefix: "192.0.2.0/24" });
    expect(mitigation.incident.state).toBe("mitigating");

    const request = await sendRequest(context, bob, { name: "request", incident: id, to: "isp-a", urgent: true, text: "上流でフィルタしてください" });
    expect(request.request.state).toBe("requested");
    advance(3);
    const acknowledged = await advanceRequest(context, alice, { name: "ack", request: request.request.id });
    expect(acknowledged.request.state).toBe("acknowledged");
    advance(30);
    const done = await advanceRequest(context, alice, { name: "done", request: request.request.id, text: "FlowSpec を投入" });
    expect(done.request.state).toBe("done");

    advance(60);
    const ended = await reportDetection(context, bob, { name: "detect", incident: id, observed: true, targets: [], vectors: [], status: "ended" });
    expect(ended.incident.state).toBe("subsided");

    const review = await reviewIncident(context, alice, { name: "review", incident: id, damage: false, lessons: "上流との連絡手順を事前に確認" });
    expect(review.opened).toBe(true);
    expect(review.incident.state).toBe("under_review");

    const closed = await closeIncident(context, alice, { name: "close", incident: id });
    expect(closed.incident.state).toBe("closed");
    expect(closed.incident.closedAt).toEqual(clock);

    const view = await loadIncidentView(database.db, directory, id);
    expect(view.participation).toEqual({ affected: ["isp-b"], notAffected: ["isp-c"], noAnswer: ["isp-a"] });
    expect(view.metrics.noticeToDetectionMs).toBe(120 * 60_000);
    expect(view.metrics.detectionToMitigationMs).toBe(15 * 60_000);
    expect(view.metrics.requests).toEqual([{ requestId: request.request.id, toAcknowledgeMs: 3 * 60_000, toDoneMs: 33 * 60_000 }]);

    const kinds = (await database.db.timelineEntry.findMany({ where: { incidentId: id }, orderBy: { id: "asc" } })).map((entry) => entry.kind);
    expect(kinds).toEqual([
      "incident_opened",
      "notice_posted",
      "detection_reported",
      "state_changed",
      "detection_reported",
      "mitigation_logged",
      "state_changed",
      "request_sent",
      "request_acknowledged",
      "request_done",
      "detection_reported",
      "state_changed",
      "retrospective_opened",
      "state_changed",
      "state_changed",
    ]);
  });
});

describe("rules", () => {
  it("rejects unregistered members", async () => {
    const before = await database.db.incident.count();

    await expectDomainError(postNotice(context, stranger, { name: "notice", targets: [{ kind: "domain", value: "a.example" }] }), "unknown_member");

    expect(await database.db.incident.count()).toBe(before);
  });

  it("rejects changes to closed incidents", async () => {
    const { incident } = await reportDetection(context, bob, { name: "detect", observed: true, targets: [], vectors: [] });
    await reportDetection(context, bob, { name: "detect", incident: incident.id, observed: true, targets: [], vectors: [], status: "ended" });
    await closeIncident(context, bob, { name: "close", incident: incident.id });

    await expectDomainError(logMitigation(context, bob, { name: "mitigate", incident: incident.id, action: "acl" }), "incident_closed");
  });

  it("reports missing incidents", async () => {
    await expectDomainError(logMitigation(context, bob, { name: "mitigate", incident: 9999, action: "acl" }), "incident_not_found");
  });

  it("lets only the addressed org answer", async () => {
    const { incident } = await reportDetection(context, bob, { name: "detect", observed: true, targets: [], vectors: [] });
    const { request } = await sendRequest(context, bob, { name: "request", incident: incident.id, to: "isp-a", urgent: false, text: "確認願います" });

    await expectDomainError(advanceRequest(context, carol, { name: "ack", request: request.id }), "not_addressed_org");
    const byAdmin = await advanceRequest(context, root, { name: "decline", request: request.id });

    expect(byAdmin.request.state).toBe("declined");
    await expectDomainError(advanceRequest(context, alice, { name: "done", request: request.id }), "request_already_final");
  });

  it("rejects requests to unknown or own org", async () => {
    const { incident } = await reportDetection(context, bob, { name: "detect", observed: true, targets: [], vectors: [] });

    await expectDomainError(sendRequest(context, bob, { name: "request", incident: incident.id, to: "isp-z", urgent: false, text: "x" }), "unknown_organization");
    await expectDomainError(sendRequest(context, bob, { name: "request", incident: incident.id, to: "isp-b", urgent: false, text: "x" }), "self_request");
  });

  it("only the opener org or admin closes", async () => {
    const { incident } = await postNotice(context, alice, { name: "notice", targets: [{ kind: "ipv4", value: "192.0.2.1" }] });

    await expectDomainError(closeIncident(context, bob, { name: "close", incident: incident.id }), "not_own_record");
    const closed = await closeIncident(context, root, { name: "close", incident: incident.id });

    expect(closed.incident.state).toBe("closed");
  });

  it("keeps other members' review input as notes", async () => {
    const { incident } = await postNotice(context, alice, { name: "notice", targets: [{ kind: "asn", value: "AS64500" }] });
    await reviewIncident(context, alice, { name: "review", incident: incident.id, attacker: "Group X" });

    await expectDomainError(reviewIncident(context, bob, { name: "review", incident: incident.id, lessons: "x" }), "not_own_record");
    await expectDomainError(reviewIncident(context, carol, { name: "review", incident: incident.id, attacker: "y" }), "not_own_record");
    const noted = await reviewIncident(context, bob, { name: "review", incident: incident.id, text: "当社では影響なし" });

    expect(noted.retrospective.attacker).toBe("Group X");
    expect(noted.retrospective.notes).toBe("[isp-b/bob] 当社では影響なし");
  });

  it("keeps the opening record's TLP label", async () => {
    const { incident } = await postNotice(context, alice, { name: "notice", targets: [{ kind: "domain", value: "b.example" }], tlp: "GREEN" });

    const red = await reportDetection(context, bob, { name: "detect", incident: incident.id, observed: true, targets: [], vectors: [], tlp: "RED" });
    const after = await logMitigation(context, bob, { name: "mitigate", incident: incident.id, action: "acl", tlp: "CLEAR" });

    expect(incident.tlp).toBe("GREEN");
    expect(red.incident.tlp).toBe("GREEN");
    expect(red.detection.tlp).toBe("RED");
    expect(after.mitigation.tlp).toBe("CLEAR");
  });

  it("refuses a bare end from an unaffected org", async () => {
    const { incident } = await reportDetection(context, bob, { name: "detect", observed: true, targets: [], vectors: ["udp-flood"] });
    await reportDetection(context, carol, { name: "detect", incident: incident.id, observed: false, targets: [], vectors: [] });

    await expectDomainError(reportDetection(context, carol, { name: "detect", incident: incident.id, observed: true, targets: [], vectors: [], status: "ended" }), "no_attack_reported");
    const view = await loadIncidentView(database.db, directory, incident.id);

    expect(view.participation.affected).toEqual(["isp-b"]);
    expect(view.participation.notAffected).toEqual(["isp-c"]);
  });

  it("refuses to close during an attack", async () => {
    const { incident } = await reportDetection(context, bob, { name: "detect", observed: true, targets: [], vectors: ["syn-flood"] });

    await expectDomainError(closeIncident(context, bob, { name: "close", incident: incident.id }), "attack_ongoing");
    const stored = await database.db.incident.findUniqueOrThrow({ where: { id: incident.id } });

    expect(stored.state).toBe("under_attack");
  });

  it("keeps the state when reviewing mid-attack", async () => {
    const { incident } = await reportDetection(context, bob, { name: "detect", observed: true, targets: [], vectors: ["http-flood"] });
    await logMitigation(context, bob, { name: "mitigate", incident: incident.id, action: "rate-limit" });

    const review = await reviewIncident(context, carol, { name: "review", incident: incident.id, text: "当社では観測なし" });
    const again = await reportDetection(context, bob, { name: "detect", incident: incident.id, observed: true, targets: [], vectors: ["http-flood"] });

    expect(review.incident.state).toBe("mitigating");
    expect(again.incident.state).toBe("mitigating");
  });

  it("stores Japanese free text as typed", async () => {
    const text = "ＤＤｏＳ予告　全角スペース入り「引用」";
    const { notice } = await postNotice(context, alice, { name: "notice", targets: [{ kind: "domain", value: "c.example" }], text });

    const stored = await database.db.notice.findUniqueOrThrow({ where: { id: notice.id } });

    expect(stored.text).toBe(text);
  });
});
