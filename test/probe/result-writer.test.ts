import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import type { Database } from "../../src/db/client.ts";
import { createResultWriter } from "../../src/probe/storage/result-writer.ts";
import { openSqliteResultStore, type ResultStore } from "../../src/probe/storage/sqlite-result-store.ts";
import type { TestDatabase } from "../support/database.ts";
import { recordingLogger } from "./support/results.ts";
import { addTargets, openProbeDatabase, probeResult, recordsFor } from "./support/storage.ts";

let database: TestDatabase;
let targetIds: number[];
const T0 = Date.UTC(2026, 11, 24, 12, 0, 0);

beforeEach(async () => {
  database = await openProbeDatabase();
  targetIds = await addTargets(
    database.db,
    Array.from({ length: 3 }, (_, index) => ({ operator: `Op${index}`, sector: "金融", url: `https://t${index}.example/` })),
  );
});

afterEach(async () => {
  await database.close();
});

/** Opens a store on the test file that counts its writes and throws, without writing, on the first `failures` of them. */
function countingStore(failures = 0) {
  const counter = { transactions: 0, failures };
  const real = openSqliteResultStore(database.file);
  const store: ResultStore = {
    write(records) {
      counter.transactions += 1;
      if (counter.failures > 0) {
        counter.failures -= 1;
        throw new Error("database is locked");
      }
      real.write(records);
    },
    close: () => real.close(),
  };
  return { store, counter };
}

async function resultCount(db: Database): Promise<number> {
  const rows = await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT COUNT(*) AS n FROM "ProbeResult"`);
  return Number(rows[0]!.n);
}

describe("batched result writer", () => {
  test("stores compact result rows", async () => {
    const writer = createResultWriter({ databaseFile: database.file });
    const result = probeResult({ targetId: targetIds[0]!, url: "https://t0.example/", at: T0, totalMs: 123.6, address: "192.0.2.7" });
    result.finalUrl = "https://t0.example/home";
    result.certificateExpiresAt = new Date(Date.UTC(2027, 0, 1));
    const health = recordsFor([{ targetId: targetIds[0]!, at: T0 }])[0]!.health;

    writer.add({ targetId: targetIds[0]!, result, health, transition: null });
    await writer.close();

    const rows = await database.db.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT r.*, a."address" FROM "ProbeResult" r JOIN "ProbeAddress" a ON a."id" = r."addressId"`,
    );
    expect(rows).toEqual([
      {
        startedAtMs: BigInt(T0),
        targetId: targetIds[0],
        outcome: "ok",
        timeoutPhase: null,
        errorCode: null,
        statusCode: 200,
        dnsMs: 1,
        connectMs: 3,
        tlsMs: null,
        firstByteMs: 114,
        totalMs: 124,
        bytesRead: 1234,
        addressId: 1,
        finalUrl: "https://t0.example/home",
        certExpiresAtSec: BigInt(Date.UTC(2027, 0, 1) / 1000),
        address: "192.0.2.7",
      },
    ]);
  });

  test("same URL leaves final URL empty", async () => {
    const writer = createResultWriter({ databaseFile: database.file });
    writer.add(recordsFor([{ targetId: targetIds[0]!, at: T0 }])[0]!);
    await writer.close();

    const rows = await database.db.$queryRawUnsafe<Array<{ finalUrl: string | null }>>(`SELECT "finalUrl" FROM "ProbeResult"`);
    expect(rows).toEqual([{ finalUrl: null }]);
  });

  test("ten thousand results, few transactions", async () => {
    const { store, counter } = countingStore();
    const writer = createResultWriter({ store, batchSize: 500, flushIntervalMs: 60_000 });
    const specs = Array.from({ length: 10_000 }, (_, index) => ({
      targetId: targetIds[index % 3]!,
      at: T0 + index,
      address: `192.0.2.${index % 50}`,
    }));

    for (const record of recordsFor(specs)) await writer.add(record);
    await writer.close();

    expect(await resultCount(database.db)).toBe(10_000);
    expect(counter.transactions).toBeLessThanOrEqual(20);
    expect(writer.stats()).toMatchObject({ written: 10_000, dropped: 0, buffered: 0 });
    expect(await database.db.probeAddress.count()).toBe(50);
  });

  test("health snapshot and transitions stored", async () => {
    const writer = createResultWriter({ databaseFile: database.file });
    const targetId = targetIds[1]!;
    const specs = [
      { targetId, at: T0, outcome: "ok" as const },
      { targetId, at: T0 + 60_000, outcome: "ok" as const },
      { targetId, at: T0 + 120_000, outcome: "timeout" as const, address: null },
      { targetId, at: T0 + 180_000, outcome: "timeout" as const, address: null },
      { targetId, at: T0 + 240_000, outcome: "timeout" as const, address: null },
    ];

    for (const record of recordsFor(specs)) writer.add(record);
    await writer.close();

    const health = await database.db.targetHealth.findUniqueOrThrow({ where: { targetId } });
    expect(health).toMatchObject({ state: "degraded", lastOutcome: "timeout", lastProbeMs: BigInt(T0 + 240_000), lastAddress: "192.0.2.10" });
    expect(JSON.parse(health.snapshot)).toMatchObject({ version: 1, state: "degraded", badStreak: 3 });
    const transitions = await database.db.healthTransition.findMany({ where: { targetId }, orderBy: { at: "asc" } });
    expect(transitions.map((row) => [row.fromState, row.toState, row.reason, row.at.getTime()])).toEqual([
      ["unknown", "up", "recovered", T0 + 60_000],
      ["up", "degraded", "failures", T0 + 240_000],
    ]);
    expect(JSON.parse(transitions[1]!.evidence).evidence).toHaveLength(3);
  });

  test("failed write retried later", async () => {
    const logger = recordingLogger();
    const { store, counter } = countingStore(1);
    const writer = createResultWriter({ store, logger, flushIntervalMs: 20 });

    for (const record of recordsFor([{ targetId: targetIds[0]!, at: T0 }, { targetId: targetIds[0]!, at: T0 + 1 }])) writer.add(record);
    await writer.flush();
    expect(await resultCount(database.db)).toBe(0);
    expect(writer.stats()).toMatchObject({ failedTransactions: 1, buffered: 2 });
    expect(logger.calls.filter((call) => call.level === "warn")).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await resultCount(database.db)).toBe(2);
    expect(counter.transactions).toBe(2);
    await writer.close();
  });

  test("failure backs off full buffer", async () => {
    const logger = recordingLogger();
    const { store, counter } = countingStore(1000);
    const writer = createResultWriter({ store, logger, batchSize: 10, flushIntervalMs: 60_000 });

    const records = recordsFor(Array.from({ length: 50 }, (_, index) => ({ targetId: targetIds[0]!, at: T0 + index })));
    for (const record of records.slice(0, 10)) writer.add(record);
    await writer.flush();
    for (const record of records.slice(10)) writer.add(record);
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(counter.transactions).toBe(1);
    expect(writer.stats()).toMatchObject({ failedTransactions: 1, buffered: 50 });
    expect(logger.calls.filter((call) => call.level === "warn")).toHaveLength(1);
    counter.failures = 0;
    await writer.close();
    expect(await resultCount(database.db)).toBe(50);
  });

  test("buffer cap drops oldest", async () => {
    const { store } = countingStore(1);
    const writer = createResultWriter({ store, flushIntervalMs: 60_000, maxBuffered: 3 });

    const specs = Array.from({ length: 5 }, (_, index) => ({ targetId: targetIds[0]!, at: T0 + index }));
    for (const record of recordsFor(specs)) writer.add(record);
    await writer.flush();

    expect(writer.stats()).toMatchObject({ dropped: 2, buffered: 3 });
    await writer.close();
    const rows = await database.db.$queryRawUnsafe<Array<{ startedAtMs: bigint }>>(`SELECT "startedAtMs" FROM "ProbeResult" ORDER BY 1`);
    expect(rows.map((row) => Number(row.startedAtMs) - T0)).toEqual([2, 3, 4]);
  });

  test("deleted target skips health only", async () => {
    const writer = createResultWriter({ databaseFile: database.file });
    const specs = [0, 1, 2].map((minute) => ({ targetId: 999, at: T0 + minute * 60_000, outcome: "timeout" as const }));

    for (const record of recordsFor(specs)) writer.add(record);
    writer.add(recordsFor([{ targetId: targetIds[0]!, at: T0 }])[0]!);
    await writer.close();

    expect(writer.stats()).toMatchObject({ written: 4, failedTransactions: 0 });
    expect(await resultCount(database.db)).toBe(4);
    expect((await database.db.targetHealth.findMany()).map((row) => row.targetId)).toEqual([targetIds[0]]);
    expect(await database.db.healthTransition.count()).toBe(0);
  });

  test("locked database retried later", async () => {
    const logger = recordingLogger();
    const writer = createResultWriter({ databaseFile: database.file, logger, flushIntervalMs: 20 });
    const other = new BetterSqlite3(database.file);
    other.exec("BEGIN IMMEDIATE");

    writer.add(recordsFor([{ targetId: targetIds[0]!, at: T0 }])[0]!);
    await writer.flush();
    expect(writer.stats()).toMatchObject({ written: 0, failedTransactions: 1, buffered: 1 });
    expect(logger.calls.filter((call) => call.level === "warn")).toHaveLength(1);

    other.exec("COMMIT");
    other.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await resultCount(database.db)).toBe(1);
    await writer.close();
  });

  test("close releases the connection", async () => {
    const closed: number[] = [];
    const real = openSqliteResultStore(database.file);
    const writer = createResultWriter({ store: { write: (records) => real.write(records), close: () => closed.push(1) } });
    await writer.close();
    await writer.close();
    real.close();

    expect(closed).toHaveLength(1);
  });

  test("missing file rejected", () => {
    expect(() => createResultWriter({ databaseFile: `${database.directory}/missing.db` })).toThrow();
  });

  test("closed writer rejects records", async () => {
    const writer = createResultWriter({ databaseFile: database.file });
    await writer.close();

    expect(() => writer.add(recordsFor([{ targetId: targetIds[0]!, at: T0 }])[0]!)).toThrow("closed");
  });
});
