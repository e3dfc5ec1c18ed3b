// 予知: attack notices. A notice opens a new incident in state "predicted"
// or attaches to an existing one.
import { runInTransaction } from "../db/transaction.ts";
import type { NoticeCommand } from "../bot/commands/types.ts";
import type { Incident, Notice } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { claimIntake, type Intake } from "./intake.ts";
import type { PhaseContext } from "./context.ts";
import { loadOpenIncident, openIncident } from "./incidents.ts";
import { defaultTitle, requireRegistered, targetsToJson } from "./records.ts";
import { appendTimeline } from "./timeline.ts";

export interface NoticeOutcome {
  kind: "notice";
  incident: Incident;
  notice: Notice;
  openedIncident: boolean;
}

export async function postNotice(context: PhaseContext, actor: Actor, command: NoticeCommand, intake?: Intake): Promise<NoticeOutcome> {
  requireRegistered(actor);
  const at = context.now();
  const tlp = command.tlp ?? context.defaultTlp;

  return runInTransaction(context.db, async (tx) => {
    await claimIntake(tx, intake);
    const openedIncident = command.incident === undefined;
    const incident = openedIncident
      ? await openIncident(tx, {
          title: command.title ?? defaultTitle(command.targets, command.attacker ?? actor.org),
          state: "predicted",
          tlp,
          actor,
          at,
        })
      : await loadOpenIncident(tx, command.incident!);

    const notice = await tx.notice.create({
      data: {
        incidentId: incident.id,
        targets: targetsToJson(command.targets),
        attacker: command.attacker,
        profile: command.profile,
        source: command.source,
        link: command.link,
        expectedStart: command.expected?.start,
        expectedEnd: command.expected?.end,
        credibility: command.credibility,
        text: command.text,
        tlp,
        org: actor.org,
        user: actor.user,
        platform: actor.platform,
        createdAt: at,
      },
    });
    await appendTimeline(tx, { incidentId: incident.id, actor, kind: "notice_posted", data: { noticeId: notice.id }, tlp, at });
    return { kind: "notice", incident, notice, openedIncident };
  });
}
