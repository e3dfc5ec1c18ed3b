// Boundary tests of silenceCheck over rows shaped like the ProbeSilence table.

import { describe, expect, it } from "vitest";

import { silenceCheck } from "../../../src/probe/correlate/silences.ts";
import type { ProbeSilence } from "../../../src/generated/prisma/client.ts";

const NOW = new Date("2026-12-04T12:00:00Z");
const HOUR_MS = 3_600_000;

function at(offsetMs: number): Date {
  return new Date(NOW.getTime() + offsetMs);
}

/** Builds a silence of operator "Operator 1" that runs from one hour before NOW to one hour after. */
function silence(fields: Partial<ProbeSilence> = {}): ProbeSilence {
  return {
    id: 1,
    scope: "operator",
    name: "Operator 1",
    startsAt: at(-HOUR_MS),
    endsAt: at(HOUR_MS),
    reason: "planned maintenance",
    org: "isac",
    user: "analyst",
    createdAt: at(-2 * HOUR_MS),
    cancelledAt: null,
    ...fields,
  };
}

describe("silenceCheck", () => {
  it.each([
    { name: "active operator silence", silences: [silence()], silenced: true },
    { name: "starts now", silences: [silence({ startsAt: NOW })], silenced: true },
    { name: "starts one ms later", silences: [silence({ startsAt: at(1) })], silenced: false },
    { name: "ends one ms later", silences: [silence({ endsAt: at(1) })], silenced: true },
    { name: "ends now", silences: [silence({ endsAt: NOW })], silenced: false },
    { name: "ended earlier", silences: [silence({ startsAt: at(-2 * HOUR_MS), endsAt: at(-HOUR_MS) })], silenced: false },
    { name: "cancelled earlier", silences: [silence({ cancelledAt: at(-1) })], silenced: false },
    { name: "cancelled later", silences: [silence({ cancelledAt: at(1) })], silenced: false },
    { name: "other operator", silences: [silence({ name: "Operator 2" })], silenced: false },
    { name: "sector silence", silences: [silence({ scope: "sector", name: "energy" })], silenced: true },
    { name: "other sector", silences: [silence({ scope: "sector", name: "water" })], silenced: false },
    { name: "operator scope, sector name", silences: [silence({ scope: "operator", name: "energy" })], silenced: false },
    { name: "sector scope, operator name", silences: [silence({ scope: "sector", name: "Operator 1" })], silenced: false },
    { name: "cancelled beside active", silences: [silence({ cancelledAt: at(-1) }), silence({ id: 2 })], silenced: true },
    { name: "no silences", silences: [], silenced: false },
  ])("$name", ({ silences, silenced }) => {
    const check = silenceCheck(silences, NOW);

    expect(check("Operator 1", "energy")).toBe(silenced);
  });
});
