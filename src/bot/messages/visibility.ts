// Who may read a record's content, by its TLP 2.0 label.
//
// A shared channel or room is cleared up to a configured label (maxTlp).
// A member reading through a command sees CLEAR, GREEN and AMBER records of
// every organization, which the ISAC shares among its members. AMBER+STRICT
// and RED records are shown in full only to the organizations they involve
// (the reporter, and the addressed organization of a request) and to
// administrators; other members see that a record exists.
import { mostRestrictive } from "../../phases/tlp.ts";
import type { Tlp } from "../commands/types.ts";

export type Audience = { kind: "member"; org: string; admin: boolean } | { kind: "channel"; maxTlp: Tlp };

const SHARED_WITH_ALL_MEMBERS: Tlp = "AMBER";

/** True when a record labelled `label` may be shown to an audience cleared up to `maxTlp`. */
export function withinClearance(label: Tlp, maxTlp: Tlp): boolean {
  return mostRestrictive([label, maxTlp]) === maxTlp;
}

/** True when `audience` may read a record labelled `label` that involves the organizations `owners`. */
export function maySee(audience: Audience, label: Tlp, owners: readonly string[]): boolean {
  if (audience.kind === "channel") return withinClearance(label, audience.maxTlp);
  if (audience.admin || owners.includes(audience.org)) return true;
  return withinClearance(label, SHARED_WITH_ALL_MEMBERS);
}
