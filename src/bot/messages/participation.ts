import { participationOf, type IncidentView, type Participation } from "../../phases/incident-view.ts";
import { toTlp } from "../../phases/tlp.ts";
import { maySee, type Audience } from "./visibility.ts";

/** Computes which organizations are affected, counting only the detections `audience` may read. */
export function participationFor(view: IncidentView, audience: Audience): Participation {
  const all = [...view.participation.affected, ...view.participation.notAffected, ...view.participation.noAnswer];
  const readable = view.incident.detections.filter((detection) => maySee(audience, toTlp(detection.tlp), [detection.org]));
  return participationOf(readable, all);
}
