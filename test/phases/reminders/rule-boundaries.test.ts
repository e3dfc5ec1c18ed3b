import { describe, expect, it } from "vitest";
import { isExpectedStartDue } from "../../../src/phases/reminders/expected-start.ts";
import { isOverdue } from "../../../src/phases/reminders/overdue.ts";
import { nextRequestRepeat, type PreviousRepeat } from "../../../src/phases/reminders/request-ack.ts";
import { defaultRules, jst } from "./rules.ts";

describe("isExpectedStartDue", () => {
  const start = jst("2026-12-07T21:00");
  it.each([
    ["2026-12-07T20:59", null, false],
    ["2026-12-07T21:00", null, true],
    ["2026-12-07T23:59", null, true],
    ["2026-12-08T00:00", null, false], // 180-minute window has ended
    ["2026-12-08T00:30", "2026-12-08T01:00", true], // the expected end is later
    ["2026-12-08T01:00", "2026-12-08T01:00", false],
    ["2026-12-07T23:00", "2026-12-07T21:30", true], // an earlier end keeps the window
  ])("at %s with end %s: %s", (now, end, expected) => {
    expect(isExpectedStartDue(start, end ? jst(end) : null, jst(now), 180)).toBe(expected);
  });
});

describe("nextRequestRepeat", () => {
  const rules = defaultRules();
  // Monday 10:00, a business day.
  const requestedAt = jst("2026-12-07T10:00");
  const previous = (repeat: number, at: string): PreviousRepeat => ({ repeat, at: jst(at) });

  it.each<[string, boolean, PreviousRepeat | undefined, number | undefined]>([
    ["2026-12-07T10:29", false, undefined, undefined],
    ["2026-12-07T10:30", false, undefined, 1],
    ["2026-12-07T10:59", false, previous(1, "2026-12-07T10:30"), undefined],
    ["2026-12-07T11:00", false, previous(1, "2026-12-07T10:30"), 2],
    ["2026-12-07T11:30", false, previous(2, "2026-12-07T11:00"), 3],
    ["2026-12-07T12:00", false, previous(3, "2026-12-07T11:30"), undefined], // maximum of 3 reached
    // After downtime, the next repeat waits an interval after the previous one.
    ["2026-12-07T13:00", false, previous(1, "2026-12-07T12:45"), undefined],
    ["2026-12-07T13:15", false, previous(1, "2026-12-07T12:45"), 2],
  ])("at %s (urgent %s, previous %o) gives %s", (now, urgent, last, expected) => {
    expect(nextRequestRepeat({ requestedAt, urgent }, last, jst(now), rules)).toBe(expected);
  });

  it.each<[string, boolean, number | undefined]>([
    // Friday 17:50 request: 18:20 is after closing, so non-urgent waits for Monday 09:00.
    ["2026-12-11T18:20", false, undefined],
    ["2026-12-12T12:00", false, undefined],
    ["2026-12-14T08:59", false, undefined],
    ["2026-12-14T09:00", false, 1],
    ["2026-12-11T18:20", true, 1],
    ["2026-12-12T03:00", true, 1],
  ])("business hours at %s (urgent %s) give %s", (now, urgent, expected) => {
    expect(nextRequestRepeat({ requestedAt: jst("2026-12-11T17:50"), urgent }, undefined, jst(now), rules)).toBe(expected);
  });

  it("posts nothing with zero repeats", () => {
    const none = defaultRules({ requestAck: { enabled: true, afterMinutes: 30, maxRepeats: 0 } });
    expect(nextRequestRepeat({ requestedAt, urgent: true }, undefined, jst("2026-12-07T12:00"), none)).toBeUndefined();
  });
});

describe("isOverdue", () => {
  const since = jst("2026-12-07T10:00");
  it.each([
    ["2026-12-08T09:59", 1, false],
    ["2026-12-08T10:00", 1, true],
    ["2026-12-10T09:59", 3, false],
    ["2026-12-10T10:00", 3, true],
    ["2026-12-07T22:00", 0.5, true],
  ])("at %s after %s days: %s", (now, days, expected) => {
    expect(isOverdue(since, jst(now), days)).toBe(expected);
  });
});
