// Loads a timeline entry with the record it refers to, for rendering it as a
// post in an incident's thread.
import type { Database } from "../db/client.ts";
import type { CoordinationRequest, Detection, Mitigation, Notice, Retrospective, TimelineEntry } from "../generated/prisma/client.ts";
import type { TimelineKind } from "./timeline.ts";

export type EntryRecord =
  | { type: "notice"; record: Notice }
  | { type: "detection"; record: Detection }
  | { type: "mitigation"; record: Mitigation }
  | { type: "request"; record: CoordinationRequest }
  | { type: "retrospective"; record: Retrospective }
  | { type: "none" };

export interface EntryView {
  entry: TimelineEntry;
  kind: TimelineKind;
  data: Record<string, unknown>;
  related: EntryRecord;
}

export async function loadEntryView(db: Database, entryId: number): Promise<EntryView | undefined> {
  const entry = await db.timelineEntry.findUnique({ where: { id: entryId } });
  if (!entry) return undefined;
  const data = JSON.parse(entry.data) as Record<string, unknown>;
  const id = (key: string) => Number(data[key]);
  const kind = entry.kind as TimelineKind;

  let related: EntryRecord = { type: "none" };
  if (kind === "notice_posted") related = { type: "notice", record: await db.notice.findUniqueOrThrow({ where: { id: id("noticeId") } }) };
  if (kind === "detection_reported") related = { type: "detection", record: await db.detection.findUniqueOrThrow({ where: { id: id("detectionId") } }) };
  if (kind === "mitigation_logged") related = { type: "mitigation", record: await db.mitigation.findUniqueOrThrow({ where: { id: id("mitigationId") } }) };
  if (kind.startsWith("request_")) related = { type: "request", record: await db.coordinationRequest.findUniqueOrThrow({ where: { id: id("requestId") } }) };
  if (kind.startsWith("retrospective_")) {
    related = { type: "retrospective", record: await db.retrospective.findUniqueOrThrow({ where: { id: id("retrospectiveId") } }) };
  }
  return { entry, kind, data, related };
}
