// Runs a parsed `/dos probe` command and returns the reply. Rejected input
// becomes an error reply that changes nothing. Database failures reject, and
// the command handler reports them as internal errors.

import { realpath, stat, readFile } from "node:fs/promises";
import path from "node:path";

import type { ProbeCommand } from "../bot/commands/types.ts";
import type { Destination } from "../bot/delivery/types.ts";
import { errorReply, reply, type Reply } from "../bot/messages/reply.ts";
import type { Locale } from "../config.ts";
import type { Database } from "../db/client.ts";
import type { Actor } from "../phases/actor.ts";
import { createAddressGuard } from "./address-guard.ts";
import { listAlerts, openAlertLines, setSilence, showAlert, unsetSilence, type AlertCommandContext } from "./correlate/commands.ts";
import { DEFAULT_GROUP, type ProbeConfig } from "./config.ts";
import { probeMessages, type ProbeMessages } from "./messages.ts";
import { renderDetail, renderOverview, selectorLabel } from "./render-status.ts";
import { findSector, mergeSectors, sectorLabel, sectorNameFor, syncSectors, type SectorDefinition } from "./sectors.ts";
import { exportTargetsCsv, importTargetsCsv, MAX_IMPORT_BYTES, type ImportProblem } from "./targets/csv-import.ts";
import { validateTargetInput, type TargetRules } from "./targets/target-input.ts";
import { findTarget, removeTarget, upsertTargets } from "./targets/target-store.ts";
import { buildDetail, loadSelectable, resolveSelector, selectRows } from "./views/detail.ts";
import { buildOverview } from "./views/overview.ts";

export interface ProbeCommandDeps {
  db: Database;
  config: ProbeConfig;
  /** IANA zone in which times are shown. */
  timeZone: string;
  /** Destinations that receive alert posts, such as the note that an alert was linked to an incident. */
  alertDestinations?: () => readonly Destination[];
  now?: () => Date;
}

/** Maximum number of target or import-problem lines in one reply. */
export const REPLY_LINE_LIMIT = 50;

type Command<Action extends ProbeCommand["action"]> = Extract<ProbeCommand, { action: Action }>;

interface Context {
  deps: ProbeCommandDeps;
  messages: ProbeMessages;
  locale: Locale;
  sectors: SectorDefinition[];
  rules: TargetRules;
  now: Date;
}

function problemText(messages: ProbeMessages, problem: ImportProblem): string {
  const render = messages.problems[problem.code] as (value: ImportProblem) => string;
  return render(problem);
}

/** Executes `command` for `actor` and returns the reply in `locale`. */
export async function executeProbeCommand(deps: ProbeCommandDeps, command: ProbeCommand, actor: Actor, locale: Locale): Promise<Reply> {
  const sectors = mergeSectors(deps.config.sectors);
  const context: Context = {
    deps,
    messages: probeMessages(locale),
    locale,
    sectors,
    rules: {
      sectors,
      guard: createAddressGuard(deps.config.allowedCidrs),
      groups: [DEFAULT_GROUP, ...Object.keys(deps.config.groups)],
    },
    now: deps.now?.() ?? new Date(),
  };

  switch (command.action) {
    case "add":
      return addTarget(context, command);
    case "remove":
      return removeByReference(context, command);
    case "list":
      return listByFilter(context, command);
    case "import":
      return importFile(context, command, actor);
    case "export":
      return exportAll(context);
    case "status":
      return showStatus(context, command);
    case "alerts":
      return command.alert === undefined ? listAlerts(alertContext(context)) : showAlert(alertContext(context), command.alert);
    case "silence":
      return setSilence(alertContext(context), command, actor);
    case "unsilence":
      return unsetSilence(alertContext(context), command.silence, actor);
    case "declare":
      // Declaring opens or extends an incident, so the command handler runs it with the phase services.
      throw new Error("probe declare is handled by the command handler");
  }
}

function alertContext(context: Context): AlertCommandContext {
  const { deps } = context;
  return {
    db: deps.db,
    render: { locale: context.locale, timeZone: deps.timeZone, sectors: context.sectors, resolveAfterMinutes: deps.config.correlation.resolveAfterMinutes },
    tlp: deps.config.correlation.tlp,
    now: context.now,
  };
}

async function addTarget(context: Context, command: Command<"add">): Promise<Reply> {
  const { messages, deps } = context;
  const validation = validateTargetInput(
    {
      operator: command.operator,
      sector: command.sector,
      url: command.url,
      expectedStatus: command.expectedStatus,
      keyword: command.keyword,
      notes: command.notes,
      group: command.group,
    },
    context.rules,
  );
  if (!validation.ok) return errorReply(messages.addRejected, [problemText(messages, validation.problem)]);

  await syncSectors(deps.db, context.sectors);
  const [result] = await upsertTargets(deps.db, [validation.target]);
  if (!result!.ok) return errorReply(messages.addRejected, [problemText(messages, result!.problem)]);

  const target = validation.target;
  const stored = await deps.db.probeTarget.findUniqueOrThrow({ where: { id: result!.id } });
  const sector = findSector(context.sectors, target.sector)!;
  const lines = [
    `${messages.labels.url}: ${stored.url}`,
    `${messages.labels.operator}: ${target.operator} (${sectorLabel(sector, context.locale)})`,
    `${messages.labels.expectedStatus}: ${stored.expectedStatus ?? messages.labels.defaultExpectedStatus}`,
  ];
  if (stored.keyword !== null) lines.push(`${messages.labels.keyword}: ${stored.keyword}`);
  if (stored.notes !== null) lines.push(`${messages.labels.notes}: ${stored.notes}`);
  if (stored.group !== DEFAULT_GROUP) lines.push(`${messages.labels.group}: ${stored.group}`);
  return reply(messages.upsert[result!.outcome](result!.id), lines, [messages.next.status(`/dos probe status ${stored.url}`)]);
}

async function removeByReference(context: Context, command: Command<"remove">): Promise<Reply> {
  const { messages, deps } = context;
  const target = await findTarget(deps.db, command.entry);
  if (target === null) return errorReply(messages.remove.notFound(command.entry));
  if (target.removedAt !== null) return errorReply(messages.remove.alreadyRemoved(target.id, target.url));

  await removeTarget(deps.db, target.id, context.now);
  return reply(messages.remove.title(target.id, target.url), [messages.remove.historyKept], [messages.next.list("/dos probe list")]);
}

async function listByFilter(context: Context, command: Command<"list">): Promise<Reply> {
  const { messages, deps, locale } = context;
  const { rows, operatorNames } = await loadSelectable(deps.db);

  let selected = rows;
  let filterLabel: string | null = null;
  if (command.filter !== undefined) {
    const selector = resolveSelector(command.filter, context.sectors, operatorNames);
    if (selector === null || (selector.kind !== "sector" && selector.kind !== "operator")) {
      return errorReply(messages.status.notFound(command.filter));
    }
    selected = selectRows(rows, selector);
    filterLabel =
      selector.kind === "sector"
        ? messages.selectors.sector(sectorNameFor(context.sectors, selector.sector, locale))
        : messages.selectors.operator(selector.operator);
  }

  const title = messages.list.title(selected.length, filterLabel);
  if (selected.length === 0) {
    return reply(title, [messages.list.empty], [messages.next.add('/dos probe add operator="…" sector=… url=https://…')], deps.config.tlp);
  }
  const lines = selected.slice(0, REPLY_LINE_LIMIT).map((row) => {
    const sector = sectorLabel({ name: row.sector, nameEn: row.sectorEn }, locale);
    return `#${row.id} ${row.url} — ${row.operator} (${sector}) [${messages.conditions[row.condition]}]`;
  });
  if (selected.length > REPLY_LINE_LIMIT) lines.push(messages.list.more(selected.length - REPLY_LINE_LIMIT));
  return reply(title, lines, [messages.next.status("/dos probe status")], deps.config.tlp);
}

/** Resolves `typed` inside the import folder, following symbolic links. Returns null when it points outside. */
async function resolveImportPath(directory: string, typed: string): Promise<string | null> {
  const root = await realpath(path.resolve(directory));
  const candidate = path.resolve(root, typed);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    real = candidate;
  }
  return real === root || real.startsWith(root + path.sep) ? real : null;
}

async function importFile(context: Context, command: Command<"import">, actor: Actor): Promise<Reply> {
  const { messages, deps } = context;
  if (!actor.admin) return errorReply(messages.importing.adminOnly);

  const directory = deps.config.importDirectory;
  let file: string | null;
  try {
    file = await resolveImportPath(directory, command.path);
  } catch (error) {
    // The import folder itself is missing or unreadable.
    return errorReply(messages.importing.unreadable(directory, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
  if (file === null) return errorReply(messages.importing.outsideDirectory(command.path, directory));

  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_IMPORT_BYTES) return errorReply(messages.importing.tooLarge(command.path, MAX_IMPORT_BYTES));
    // fatal: a Shift_JIS file saved by an older Excel fails here instead of importing garbled names.
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(file));
  } catch (error) {
    if (error instanceof TypeError) return errorReply(messages.importing.notUtf8(command.path));
    return errorReply(messages.importing.unreadable(command.path, (error as NodeJS.ErrnoException).code ?? String(error)));
  }

  await syncSectors(deps.db, context.sectors);
  const report = await importTargetsCsv(deps.db, text, context.rules);
  const rejected = new Set(report.issues.filter((issue) => issue.problem.code !== "unknown_column").map((issue) => issue.line)).size;
  const lines = report.issues
    .slice(0, REPLY_LINE_LIMIT)
    .map((issue) => messages.importing.issue(issue.line, problemText(messages, issue.problem)));
  if (report.issues.length > REPLY_LINE_LIMIT) lines.push(messages.importing.moreIssues(report.issues.length - REPLY_LINE_LIMIT));
  return reply(messages.importing.title(report.counts, rejected), lines, [messages.next.status("/dos probe status")]);
}

async function exportAll(context: Context): Promise<Reply> {
  const { messages, deps } = context;
  const csv = await exportTargetsCsv(deps.db);
  const lines = csv.split("\r\n").filter((line) => line !== "");
  return reply(messages.exporting.title(lines.length - 1), lines, [], deps.config.tlp);
}

async function showStatus(context: Context, command: Command<"status">): Promise<Reply> {
  const { messages, deps, locale } = context;
  const renderContext = { messages, locale, timeZone: deps.timeZone };
  const nowMs = context.now.getTime();

  if (command.filter === undefined) {
    const overview = await buildOverview(deps.db, nowMs);
    const rendered = renderOverview(overview, renderContext);
    rendered.lines.unshift(...(await openAlertLines(deps.db, locale)));
    const example = overview.worstOperators[0]?.sector ?? overview.sectors[0]?.sector ?? context.sectors[0]!.name;
    return reply(rendered.title, rendered.lines, [messages.next.status(`/dos probe status ${example}`)], deps.config.tlp);
  }

  const { rows, operatorNames } = await loadSelectable(deps.db);
  const selector = resolveSelector(command.filter, context.sectors, operatorNames);
  if (selector === null) return errorReply(messages.status.notFound(command.filter));

  const sectorEn = selector.kind === "sector" ? (findSector(context.sectors, selector.sector)?.nameEn ?? null) : null;
  const detail = await buildDetail(deps.db, rows, selector, nowMs);
  if (detail.targetCount === 0) return errorReply(messages.status.noMatch(selectorLabel(selector, messages, sectorEn, locale)));

  const rendered = renderDetail(detail, renderContext, sectorEn);
  return reply(rendered.title, rendered.lines, [], deps.config.tlp);
}
