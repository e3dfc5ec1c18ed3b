// The stored sync position across restarts: a new client on the same
// database runs the commands sent while the bot was down, and a command
// delivered again is not run twice.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYNC_TOKEN_KEY } from "../../../src/bot/matrix/sync-store.ts";
import { ALICE, eventually, repliesTo, say, startMatrixHarness, waitForReplyTo, type MatrixHarness } from "./harness.ts";

let harness: MatrixHarness;

beforeEach(async () => {
  harness = await startMatrixHarness();
});

afterEach(async () => {
  await harness.close();
});

async function storedSyncToken(): Promise<string | undefined> {
  const row = await harness.database.db.adapterState.findUnique({ where: { key: SYNC_TOKEN_KEY } });
  return row?.value;
}

describe("Matrix restart", () => {
  it("missed command runs, handled one not", async () => {
    await harness.startBot();
    const tokenBeforeA = await eventually(storedSyncToken, 5_000, "a stored sync token");
    const commandA = say(harness, ALICE, "!dos notice target=a.example");
    await waitForReplyTo(harness, commandA);
    await harness.stopBot();

    const commandB = say(harness, ALICE, "!dos notice target=b.example");
    // As if the bot had crashed before storing the position after command A.
    await harness.database.db.adapterState.update({ where: { key: SYNC_TOKEN_KEY }, data: { value: tokenBeforeA } });
    await harness.startBot();
    await waitForReplyTo(harness, commandB);

    const targets = (await harness.database.db.notice.findMany({ orderBy: { id: "asc" } })).map((notice) => notice.targets);
    expect(targets).toHaveLength(2);
    expect(targets[0]).toContain("a.example");
    expect(targets[1]).toContain("b.example");
    expect(repliesTo(harness, commandA)).toHaveLength(1);
    expect(repliesTo(harness, commandB)).toHaveLength(1);
    expect(harness.logs.some((line) => line.msg === "duplicate Matrix command ignored" && line.eventId === commandA)).toBe(true);
  });

  it("resumes from the stored position", async () => {
    await harness.startBot();
    const firstAdapter = harness.adapter!;
    expect(firstAdapter.isConnected()).toBe(true);
    await harness.stopBot();
    expect(firstAdapter.isConnected()).toBe(false);
    const stored = await storedSyncToken();
    const syncsBefore = harness.server.requests.filter((record) => record.kind === "sync").length;

    const commandId = say(harness, ALICE, "!dos notice target=while-down.example");
    await harness.startBot();
    await waitForReplyTo(harness, commandId);

    const firstSyncAfterRestart = harness.server.requests.filter((record) => record.kind === "sync")[syncsBefore]!;
    expect(stored).toBeDefined();
    expect(firstSyncAfterRestart.query.since).toBe(stored);
    expect(firstSyncAfterRestart.query.filter).toMatch(/^\d+$/);
    expect(await harness.database.db.notice.count()).toBe(1);
  });

  it("first start skips room history", async () => {
    const oldCommand = say(harness, ALICE, "!dos notice target=history.example");

    await harness.startBot();
    const probe = say(harness, ALICE, "!dos list");
    await waitForReplyTo(harness, probe);

    expect(await harness.database.db.notice.count()).toBe(0);
    expect(repliesTo(harness, oldCommand)).toEqual([]);
    expect(harness.logs.some((line) => line.msg === "Matrix command from before the bot's first sync not run" && line.eventId === oldCommand)).toBe(true);
  });
});
