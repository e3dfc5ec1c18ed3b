// Turns the text after `/dos` into a reply: parse, check who is acting, call
// the phase service, render. Every platform adapter calls this, so the same
// text gives the same record and the same reply everywhere.
import { randomUUID } from "node:crypto";
import type { Locale } from "../config.ts";
import type { Logger } from "../log.ts";
import { recordCommand, recordStoredRecord, type CommandOutcome } from "../ops/metrics.ts";
import type { Actor } from "../phases/actor.ts";
import { closeIncident } from "../phases/close.ts";
import type { PhaseContext } from "../phases/context.ts";
import { advanceRequest, sendRequest } from "../phases/coordination.ts";
import { reportDetection } from "../phases/detection.ts";
import { DomainError } from "../phases/errors.ts";
import { claimIntakeNow, DuplicateDelivery, type Intake } from "../phases/intake.ts";
import { listIncidents, loadIncidentView } from "../phases/incident-view.ts";
import { undeliveredPosts } from "./delivery/undelivered.ts";
import { summaryCommandReply } from "./schedules/summary-command.ts";
import type { ProbeSectionSource } from "../phases/summary/probe-section.ts";
import { formatDuration } from "./messages/format.ts";
import { logMitigation } from "../phases/mitigation.ts";
import { postNotice } from "../phases/notice.ts";
import { reviewIncident } from "../phases/retrospective.ts";
import { executeProbeCommand, type ProbeCommandDeps } from "../probe/commands.ts";
import { declareFromAlert } from "../probe/correlate/declare.ts";
import { alertMessages, alertRef } from "../probe/correlate/messages.ts";
import { renderParseError } from "./commands/errors-catalog.ts";
import { parseCommand } from "./commands/parse.ts";
import type { Command, ParseOptions, ParseResult } from "./commands/types.ts";
import { catalogFor } from "./messages/catalog/index.ts";
import { renderHelp } from "./messages/help.ts";
import { renderOutcome, type Outcome } from "./messages/outcomes.ts";
import type { LineContext } from "./messages/record-lines.ts";
import { errorReply, type Reply } from "./messages/reply.ts";
import type { Audience } from "./messages/visibility.ts";
import { renderIncidentList, renderIncidentView } from "./messages/status.ts";

export interface HandlerOptions {
  phases: PhaseContext;
  probe: ProbeCommandDeps;
  /** Homepage-probe figures of the weekly summary. */
  probeSection?: ProbeSectionSource;
  timeZone: string;
  logger: Logger;
}

export interface HandledCommand {
  reply: Reply;
  /** The parsed command, when parsing succeeded. */
  command?: Command;
  /** The changed record's outcome, for commands that change records. */
  outcome?: Outcome;
}

/** Result of one delivery: a reply to send, or a duplicate of a delivery already handled. */
export type HandleResult = ({ duplicate: false } & HandledCommand) | { duplicate: true };

export class CommandHandler {
  constructor(private readonly options: HandlerOptions) {}

  /**
   * Handles one command. `intake` identifies the platform delivery: a second
   * delivery with the same key changes nothing and returns `duplicate`.
   */
  async handle(text: string, actor: Actor, locale: Locale, intake?: Intake): Promise<HandleResult> {
    return this.handleParsed(this.parse(text), actor, locale, intake);
  }

  /** Parses command text with the configured clock and time zone. */
  parse(text: string): ParseResult {
    return parseCommand(text, this.parseOptions());
  }

  parseOptions(): ParseOptions {
    return { now: this.options.phases.now(), timeZone: this.options.timeZone };
  }

  /** Handles a command already parsed (from a form, say) exactly like typed text. */
  async handleParsed(parsed: ParseResult, actor: Actor, locale: Locale, intake?: Intake): Promise<HandleResult> {
    const catalog = catalogFor(locale);
    const context: LineContext = { catalog, locale, timeZone: this.options.timeZone };
    const subcommand = parsed.ok ? parsed.command.name : (parsed.error.subcommand ?? "unknown");
    const counted = (outcome: CommandOutcome) => (result: HandleResult): HandleResult => {
      recordCommand({ subcommand, outcome: result.duplicate ? "duplicate" : outcome, platform: actor.platform });
      return result;
    };
    if (!parsed.ok) return this.once(intake, { reply: errorReply(renderParseError(parsed.error, locale)) }).then(counted("rejected"));

    const command = parsed.command;
    if (command.name === "help") return this.once(intake, { reply: renderHelp(catalog, locale, command.topic), command }).then(counted("ok"));
    if (!actor.registered) return this.once(intake, { reply: errorReply(catalog.text.unknownMember(actor.org, actor.user)), command }).then(counted("refused"));

    try {
      const handled = await this.execute(command, actor, context, intake);
      recordStoredRecord(command.name);
      return counted("ok")({ duplicate: false, ...handled });
    } catch (error) {
      if (error instanceof DuplicateDelivery) return counted("duplicate")({ duplicate: true });
      if (error instanceof DomainError) {
        return this.once(intake, { reply: errorReply(catalog.domainErrors[error.code](error.params)), command }).then(counted("refused"));
      }
      const reference = randomUUID().slice(0, 8);
      this.options.logger.error({ err: error, reference, subcommand: command.name, org: actor.org, platform: actor.platform }, "command failed");
      return counted("failed")({ duplicate: false, reply: errorReply(catalog.text.internalError(reference)), command });
    }
  }

  /** Claims the intake for a reply that changed no record, so a redelivery gets no second reply. */
  private async once(intake: Intake | undefined, handled: HandledCommand): Promise<HandleResult> {
    try {
      await claimIntakeNow(this.options.phases.db, intake);
    } catch (error) {
      if (error instanceof DuplicateDelivery) return { duplicate: true };
      throw error;
    }
    return { duplicate: false, ...handled };
  }

  private async execute(command: Command, actor: Actor, context: LineContext, intake: Intake | undefined): Promise<HandledCommand> {
    const phases = this.options.phases;
    const changed = (outcome: Outcome): HandledCommand => ({ reply: renderOutcome(context, outcome), command, outcome });

    switch (command.name) {
      case "notice":
        return changed(await postNotice(phases, actor, command, intake));
      case "detect":
        return changed(await reportDetection(phases, actor, command, intake));
      case "mitigate":
        return changed(await logMitigation(phases, actor, command, intake));
      case "request":
        return changed(await sendRequest(phases, actor, command, intake));
      case "ack":
      case "done":
      case "decline":
        return changed(await advanceRequest(phases, actor, command, intake));
      case "review":
        return changed(await reviewIncident(phases, actor, command, intake));
      case "close":
        return changed(await closeIncident(phases, actor, command, intake));
      case "status":
        await claimIntakeNow(phases.db, intake);
        return { reply: await this.status(command.incident, context, memberAudience(actor)), command };
      case "list": {
        await claimIntakeNow(phases.db, intake);
        const { incidents, total } = await listIncidents(phases.db, command.filter);
        const title = context.catalog.text.listTitle(incidents.length, total, context.catalog.text.listFilters[command.filter]);
        return { reply: renderIncidentList(context, title, incidents, memberAudience(actor)), command };
      }
      case "help":
        await claimIntakeNow(phases.db, intake);
        return { reply: renderHelp(context.catalog, context.locale, command.topic), command };
      case "summary": {
        await claimIntakeNow(phases.db, intake);
        // Members read the summary within what /dos status shows them: up to AMBER, or everything for administrators.
        const maxTlp = actor.admin ? "RED" : "AMBER";
        const reply = await summaryCommandReply({ db: phases.db, directory: phases.directory, context, maxTlp, argument: command.week, now: phases.now(), probeSection: this.options.probeSection });
        return { reply, command };
      }
      case "probe":
        if (command.action === "declare") return this.declare(command.alert, actor, context, intake, command);
        await claimIntakeNow(phases.db, intake);
        return { reply: await executeProbeCommand(this.options.probe, command, actor, context.locale), command };
    }
  }

  private async declare(alertId: number, actor: Actor, context: LineContext, intake: Intake | undefined, command: Command): Promise<HandledCommand> {
    const destinations = this.options.probe.alertDestinations ?? (() => []);
    const result = await declareFromAlert({ phases: this.options.phases, destinations }, actor, alertId, intake);
    const messages = alertMessages(context.locale);
    const ref = alertRef(alertId);
    if (!result.ok) {
      await claimIntakeNow(this.options.phases.db, intake);
      let text = messages.errors.alertNotFound(ref);
      if (result.problem === "not_correlated") text = messages.errors.alertNotCorrelated(ref);
      if (result.problem === "already_linked") text = messages.errors.alertAlreadyLinked(ref, result.incidentId);
      return { reply: errorReply(text), command };
    }
    const rendered = renderOutcome(context, result.outcome);
    const incident = result.outcome.incident.id;
    const summary = result.openedIncident ? messages.declaredOpened(ref, incident) : messages.declaredLinked(ref, incident);
    return { reply: { ...rendered, lines: [summary, ...rendered.lines] }, command, outcome: result.outcome };
  }

  private async status(incident: number | undefined, context: LineContext, audience: Audience): Promise<Reply> {
    const phases = this.options.phases;
    if (incident !== undefined) {
      return renderIncidentView(context, await loadIncidentView(phases.db, phases.directory, incident), audience);
    }
    const { incidents, total } = await listIncidents(phases.db, "open");
    const overview = renderIncidentList(context, context.catalog.text.overviewTitle(total), incidents, audience);
    const stuck = await undeliveredPosts(phases.db, phases.now());
    const warnings = stuck.map((row) => context.catalog.text.undelivered(row.destination, row.count, formatDuration(row.oldestAgeMs, context.locale)));
    return { ...overview, lines: [...warnings, ...overview.lines] };
  }
}

function memberAudience(actor: Actor): Audience {
  return { kind: "member", org: actor.org, admin: actor.admin };
}
