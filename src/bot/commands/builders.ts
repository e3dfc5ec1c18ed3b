// One builder per subcommand turns collected arguments into a typed Command.

import { parseDateTime } from "./datetime.ts";
import {
  parseAddressOrPrefix,
  parseBoolean,
  parseEnum,
  parseEnumList,
  parseHttpUrl,
  parseOrganization,
  parseTlp,
  parseAlertRef,
  parseSilenceRef,
} from "./fields.ts";
import { normalizeNumeric } from "./normalize.ts";
import { parsePorts } from "./ports.ts";
import { parseRate } from "./quantity.ts";
import { parseRangeEnd, parseTimeRange } from "./range.ts";
import type { FieldReader } from "./reader.ts";
import { invalid, valid, type ValueResult } from "./result.ts";
import { PROBE_ACTION_VOCABULARY, PROBE_FIELDS } from "./subcommand-fields.ts";
import { findSubcommand } from "./subcommands.ts";
import { parseTargets } from "./target.ts";
import type {
  CloseCommand,
  Command,
  DetectCommand,
  HelpCommand,
  SummaryCommand,
  ListCommand,
  MitigateCommand,
  NoticeCommand,
  ProbeCommand,
  RequestCommand,
  RequestStepCommand,
  ReviewCommand,
  StatusCommand,
  SubcommandName,
  TimeRange,
} from "./types.ts";
import {
  ACTION_VOCABULARY,
  CREDIBILITY_VOCABULARY,
  DETECTION_STATUS_VOCABULARY,
  EFFECT_VOCABULARY,
  FILTER_VOCABULARY,
  PROTOCOL_VOCABULARY,
  SOURCE_VOCABULARY,
  VECTOR_VOCABULARY,
} from "./vocabulary.ts";

/** Drops keys whose value is undefined, so commands compare equal with toStrictEqual. */
function compact<T extends object>(command: T): T {
  return Object.fromEntries(Object.entries(command).filter(([, value]) => value !== undefined)) as T;
}

function readStart(reader: FieldReader): Date | undefined {
  return reader.optional("start", (raw) => parseDateTime(raw, reader.context));
}

/** Reads `end`, which may omit the date when `start` is given and must not precede it. */
function readEnd(reader: FieldReader, start: Date | undefined): Date | undefined {
  return reader.optional("end", (raw) =>
    start === undefined ? parseDateTime(raw, reader.context) : parseRangeEnd(raw, reader.context, start),
  );
}

/** Reads the announced time from `when`, or from `start` and `end`, which may not be mixed with it. */
function readExpected(reader: FieldReader): TimeRange | undefined {
  const when = reader.optional("when", (raw) => parseTimeRange(raw, reader.context));
  const other = reader.has("start") ? "start" : reader.has("end") ? "end" : undefined;
  if (when !== undefined && other !== undefined) reader.fail("duplicate_key", "when", reader.text(other));
  if (when !== undefined) return when;

  const start = readStart(reader);
  const end = readEnd(reader, start);
  if (start === undefined) return end === undefined ? undefined : reader.fail("missing_required", "start");
  return end === undefined ? { start } : { start, end };
}

function buildNotice(reader: FieldReader): NoticeCommand {
  return compact({
    name: "notice",
    incident: reader.incident(),
    targets: reader.required("target", parseTargets),
    title: reader.text("title"),
    attacker: reader.text("attacker"),
    profile: reader.text("profile"),
    source: reader.optional("source", (raw) => parseEnum(raw, SOURCE_VOCABULARY)),
    link: reader.optional("link", parseHttpUrl),
    expected: readExpected(reader),
    credibility: reader.optional("credibility", (raw) => parseEnum(raw, CREDIBILITY_VOCABULARY)),
    tlp: reader.optional("tlp", parseTlp),
    text: reader.freeText(),
  });
}

function buildDetect(reader: FieldReader): DetectCommand {
  return compact({
    name: "detect",
    incident: reader.incident(),
    title: reader.text("title"),
    observed: reader.optional("observed", parseBoolean) ?? true,
    targets: reader.optional("target", parseTargets) ?? [],
    vectors: reader.optional("vector", (raw) => parseEnumList(raw, VECTOR_VOCABULARY)) ?? [],
    start: readStart(reader),
    peakBps: reader.optional("bps", (raw) => parseRate(raw, "bps")),
    peakPps: reader.optional("pps", (raw) => parseRate(raw, "pps")),
    peakRps: reader.optional("rps", (raw) => parseRate(raw, "rps")),
    status: reader.optional("status", (raw) => parseEnum(raw, DETECTION_STATUS_VOCABULARY)),
    tlp: reader.optional("tlp", parseTlp),
    text: reader.freeText(),
  });
}

function buildMitigate(reader: FieldReader): MitigateCommand {
  const start = readStart(reader);
  return compact({
    name: "mitigate",
    incident: reader.requiredIncident(),
    action: reader.required("action", (raw) => parseEnum(raw, ACTION_VOCABULARY)),
    prefix: reader.optional("prefix", parseAddressOrPrefix),
    ports: reader.optional("ports", parsePorts),
    protocol: reader.optional("protocol", (raw) => parseEnum(raw, PROTOCOL_VOCABULARY)),
    start,
    end: readEnd(reader, start),
    effect: reader.optional("effect", (raw) => parseEnum(raw, EFFECT_VOCABULARY)),
    tlp: reader.optional("tlp", parseTlp),
    text: reader.freeText(),
  });
}

function buildRequest(reader: FieldReader): RequestCommand {
  return compact({
    name: "request",
    incident: reader.requiredIncident(),
    to: reader.required("to", parseOrganization),
    urgent: reader.optional("urgent", parseBoolean) ?? false,
    tlp: reader.optional("tlp", parseTlp),
    text: reader.requiredFreeText(),
  });
}

function buildRequestStep(name: "ack" | "done" | "decline") {
  return (reader: FieldReader): RequestStepCommand =>
    compact({ name, request: reader.requiredRequest(), text: reader.freeText() });
}

function buildReview(reader: FieldReader): ReviewCommand {
  return compact({
    name: "review",
    incident: reader.requiredIncident(),
    attacker: reader.text("attacker"),
    methods: reader.text("method"),
    response: reader.text("response"),
    damage: reader.optional("damage", parseBoolean),
    damageDetail: reader.text("damage_detail"),
    lessons: reader.text("lessons"),
    publishable: reader.optional("publish", parseBoolean),
    tlp: reader.optional("tlp", parseTlp),
    text: reader.freeText(),
  });
}

function buildClose(reader: FieldReader): CloseCommand {
  return compact({ name: "close", incident: reader.requiredIncident(), text: reader.freeText() });
}

function buildStatus(reader: FieldReader): StatusCommand {
  const incident = reader.incident();
  reader.rejectFreeText();
  return compact({ name: "status", incident });
}

function buildList(reader: FieldReader): ListCommand {
  const word = reader.takeWord();
  if (word !== undefined && reader.has("state")) reader.fail("duplicate_key", "state", word);
  reader.rejectFreeText();

  const raw = word ?? reader.text("state");
  if (raw === undefined) return { name: "list", filter: "open" };
  return { name: "list", filter: reader.parseAs("state", raw, (value) => parseEnum(value, FILTER_VOCABULARY)) };
}

function buildSummary(reader: FieldReader): SummaryCommand {
  const week = reader.freeText();
  return week === undefined ? { name: "summary" } : { name: "summary", week };
}

function buildHelp(reader: FieldReader): HelpCommand {
  const word = reader.takeWord();
  reader.rejectFreeText();
  if (word === undefined) return { name: "help" };

  const topic = findSubcommand(word);
  return topic === undefined ? reader.fail("unknown_subcommand", "subcommand", word) : { name: "help", topic: topic.name };
}

/** Parses "200" or "200-399": HTTP status codes from 100 to 599, the range low to high. */
function parseExpectedStatus(raw: string): ValueResult<string> {
  const match = /^(\d{3})(?:-(\d{3}))?$/.exec(normalizeNumeric(raw));
  if (match === null) return invalid("invalid_status");
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  if (low < 100 || high > 599 || low > high) return invalid("invalid_status");
  return valid(low === high ? String(low) : `${low}-${high}`);
}

const QUOTE_PAIRS: ReadonlyArray<[string, string]> = [['"', '"'], ["'", "'"], ["\u300C", "\u300D"], ["\uFF02", "\uFF02"]];

/** Joins the free words of a probe action into one value, without the quotes around a name with spaces. */
function probeWords(reader: FieldReader): string | undefined {
  const text = reader.freeText();
  if (text === undefined) return undefined;
  const pair = QUOTE_PAIRS.find(([open, close]) => text.length >= 2 && text.startsWith(open) && text.endsWith(close));
  return pair === undefined ? text : text.slice(1, -1).trim() || undefined;
}

/** Rejects the probe fields that `action` does not take, naming the first one given. */
function rejectProbeFields(reader: FieldReader, action: string, allowed: readonly string[] = []): void {
  const given = PROBE_FIELDS.find((field) => reader.has(field.key) && !allowed.includes(field.key));
  if (given !== undefined) reader.fail("unexpected_field", given.key, action);
}

function buildProbe(reader: FieldReader): ProbeCommand {
  const word = reader.takeWord();
  // "probeAction", not "action": mitigate has a field named action, and error labels go by field name.
  if (word === undefined) return reader.fail("missing_required", "probeAction");
  const action = reader.parseAs("probeAction", word, (raw) => parseEnum(raw, PROBE_ACTION_VOCABULARY));

  if (action === "add") {
    reader.rejectFreeText();
    return compact({
      name: "probe",
      action,
      operator: reader.required("operator", (raw) => valid(raw.trim())),
      sector: reader.required("sector", (raw) => valid(raw.trim())),
      url: reader.required("url", parseHttpUrl),
      expectedStatus: reader.optional("expect", parseExpectedStatus),
      keyword: reader.text("keyword"),
      notes: reader.text("notes"),
      group: reader.text("group"),
    });
  }

  if (action === "silence") {
    rejectProbeFields(reader, action, ["from", "until", "reason", "operator", "sector"]);
    const words = probeWords(reader);
    const operator = reader.text("operator")?.trim();
    const sector = reader.text("sector")?.trim();
    const from = reader.optional("from", (raw) => parseDateTime(raw, reader.context));
    const until = reader.required("until", (raw) => parseDateTime(raw, reader.context));
    const named = [words, operator, sector].filter((value) => value !== undefined && value !== "");
    if (named.length === 0) return reader.fail("missing_required", "silenceEntry");
    if (named.length > 1) return reader.fail("unexpected_text", "text", named.join(" "));
    let scope: "operator" | "sector" | undefined;
    if (operator) scope = "operator";
    else if (sector) scope = "sector";
    return compact({ name: "probe", action, entry: named[0]!, scope, from, until, reason: reader.text("reason") });
  }

  rejectProbeFields(reader, action);
  switch (action) {
    case "alerts": {
      const word = reader.takeWord();
      const alert = word === undefined ? undefined : reader.parseAs("alert", word, parseAlertRef);
      reader.rejectFreeText();
      return compact({ name: "probe", action, alert });
    }
    case "declare": {
      const word = reader.takeWord();
      if (word === undefined) return reader.fail("missing_required", "alert");
      const alert = reader.parseAs("alert", word, parseAlertRef);
      reader.rejectFreeText();
      return { name: "probe", action, alert };
    }
    case "unsilence": {
      const word = reader.takeWord();
      if (word === undefined) return reader.fail("missing_required", "silence");
      const silence = reader.parseAs("silence", word, parseSilenceRef);
      reader.rejectFreeText();
      return { name: "probe", action, silence };
    }
    case "remove": {
      const entry = probeWords(reader);
      return entry === undefined ? reader.fail("missing_required", "entry") : { name: "probe", action, entry };
    }
    case "import": {
      const path = probeWords(reader);
      return path === undefined ? reader.fail("missing_required", "path") : { name: "probe", action, path };
    }
    case "export":
      reader.rejectFreeText();
      return { name: "probe", action };
    case "list":
    case "status":
      return compact({ name: "probe", action, filter: probeWords(reader) });
  }
}

/** Builders by subcommand name. A new SubcommandName does not compile until it has one. */
export const BUILDERS: Readonly<Record<SubcommandName, (reader: FieldReader) => Command>> = {
  notice: buildNotice,
  detect: buildDetect,
  mitigate: buildMitigate,
  request: buildRequest,
  ack: buildRequestStep("ack"),
  done: buildRequestStep("done"),
  decline: buildRequestStep("decline"),
  review: buildReview,
  close: buildClose,
  status: buildStatus,
  list: buildList,
  help: buildHelp,
  summary: buildSummary,
  probe: buildProbe,
};
