import { describe, expect, it } from "vitest";

import { parseCommand } from "../../../src/bot/commands/parse.ts";
import { SUBCOMMANDS, findField, findSubcommand } from "../../../src/bot/commands/subcommands.ts";
import type { ParseOptions, SubcommandName } from "../../../src/bot/commands/types.ts";
import { ATTACK_VECTORS, MITIGATION_ACTIONS, NOTICE_SOURCES, TLP_LABELS } from "../../../src/bot/commands/types.ts";

const options: ParseOptions = { now: new Date("2026-12-20T03:00:00Z"), timeZone: "Asia/Tokyo" };

// The shortest valid command of each subcommand, to which a field is added.
const MINIMAL: Record<SubcommandName, string> = {
  notice: "notice target=a.jp",
  detect: "detect",
  mitigate: "mitigate #1 action=acl",
  request: "request #1 to=isp-b 依頼",
  ack: "ack R1",
  done: "done R1",
  decline: "decline R1",
  review: "review #1",
  close: "close #1",
  status: "status",
  list: "list",
  help: "help",
  probe: "probe add operator=x sector=finance url=https://a.example/",
  summary: "summary",
};

const spec = (name: string) => SUBCOMMANDS.find((entry) => entry.name === name)!;

describe("findSubcommand", () => {
  const names = SUBCOMMANDS.flatMap((entry) => [entry.name, ...entry.aliases].map((name) => [name, entry.name] as const));

  it.each(names)("finds %s", (name, expected) => {
    expect(findSubcommand(name)?.name).toBe(expected);
  });

  it("ignores case and width", () => {
    expect(findSubcommand("ＭＩＴＩＧＡＴＥ")?.name).toBe("mitigate");
  });

  it("returns undefined for unknown words", () => {
    expect(findSubcommand("forecast")).toBeUndefined();
  });

  it("lists fourteen subcommands", () => {
    expect(SUBCOMMANDS.map((entry) => entry.name)).toStrictEqual([
      "notice",
      "detect",
      "mitigate",
      "request",
      "ack",
      "done",
      "decline",
      "review",
      "close",
      "status",
      "list",
      "probe",
      "summary",
      "help",
    ]);
  });
});

describe("findField", () => {
  it("matches aliases loosely", () => {
    expect(findField(spec("review"), "Damage-Detail")?.key).toBe("damage_detail");
    expect(findField(spec("notice"), "ＴＬＰ")?.key).toBe("tlp");
  });
});

describe("help table examples", () => {
  const lines = SUBCOMMANDS.flatMap((entry) =>
    (["ja", "en"] as const).flatMap((locale) => entry.examples[locale].map((line) => [line, entry.name] as const)),
  );

  it.each(lines)("parses %s", (line, name) => {
    const result = parseCommand(line, options);
    expect(result).toMatchObject({ ok: true, command: { name } });
  });

  const fieldExamples = SUBCOMMANDS.flatMap((entry) =>
    entry.fields.flatMap((field) =>
      [...new Set([...field.examples.ja, ...field.examples.en])].map((example) => [entry.name, example, field.key] as const),
    ),
  );

  it.each(fieldExamples)("%s accepts %s", (name, example, key) => {
    // Drop the minimal command's own value for this field, and give "end" a start.
    const base = MINIMAL[name].replace(new RegExp(` ${key}=\\S+`), "");
    const start = key === "end" ? ' start="12/24 20:00"' : "";
    const result = parseCommand(`${base}${start} ${example}`, options);
    expect(result).toMatchObject({ ok: true });
  });

  it("has ASCII English examples", () => {
    for (const entry of SUBCOMMANDS) {
      for (const line of entry.examples.en) expect(line).toMatch(/^[\x20-\x7e]+$/);
      for (const field of entry.fields) for (const line of field.examples.en) expect(line).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

describe("help table flags", () => {
  const keys = SUBCOMMANDS.flatMap((entry) =>
    entry.fields.flatMap((field) => [field.key, ...field.aliases].map((key) => [entry.name, key, field.key] as const)),
  );

  // Giving the alias and then the canonical key must be reported as a duplicate of the canonical key.
  it.each(keys)("%s knows %s", (name, key, canonical) => {
    const result = parseCommand(`${name} ${key}=x ${canonical}=y`, options);
    expect(result).toStrictEqual({
      ok: false,
      error: { code: "duplicate_key", subcommand: name, field: canonical, value: "y" },
    });
  });

  const required = SUBCOMMANDS.flatMap((entry) =>
    entry.fields.filter((field) => field.required).map((field) => [entry.name, field.key] as const),
  );

  it.each(required)("%s requires %s", (name, key) => {
    const withoutField = MINIMAL[name].replace(new RegExp(` ${key}=\\S+`), "");
    const result = parseCommand(withoutField, options);
    expect(result).toStrictEqual({ ok: false, error: { code: "missing_required", subcommand: name, field: key } });
  });

  const positional = SUBCOMMANDS.flatMap((entry) => entry.requiredPositional.map((kind) => [entry.name, kind] as const));

  it.each(positional)("%s requires %s", (name, kind) => {
    const withoutRef = MINIMAL[name].replace(/ (#|R)1\b/, "");
    const result = parseCommand(withoutRef, options);
    expect(result).toStrictEqual({ ok: false, error: { code: "missing_required", subcommand: name, field: kind } });
  });

  it("marks required free text", () => {
    const required = SUBCOMMANDS.filter((entry) => entry.freeText === "required").map((entry) => entry.name);
    expect(required).toStrictEqual(["request"]);
  });

  it("rejects text where none", () => {
    for (const entry of SUBCOMMANDS.filter((candidate) => candidate.freeText === "none")) {
      const result = parseCommand(`${MINIMAL[entry.name]} notice extra`, options);
      expect(result.ok ? undefined : result.error.code).toBe("unexpected_text");
    }
  });

  it("lists canonical enum values", () => {
    expect(findField(spec("notice"), "source")?.allowed).toStrictEqual(NOTICE_SOURCES);
    expect(findField(spec("detect"), "vector")?.allowed).toStrictEqual(ATTACK_VECTORS);
    expect(findField(spec("mitigate"), "action")?.allowed).toStrictEqual(MITIGATION_ACTIONS);
    expect(findField(spec("request"), "tlp")?.allowed).toStrictEqual(TLP_LABELS);
  });
});
