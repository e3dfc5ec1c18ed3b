// The phase walk: after each reply, the commands a member is likely to need
// next for that incident, so a member new to the process is led through it.
import type { IncidentState } from "../../phases/states.ts";
import type { Catalog } from "./catalog/index.ts";

export function nextStepsForState(catalog: Catalog, incident: number, state: IncidentState): string[] {
  const next = catalog.text.next;
  switch (state) {
    case "predicted":
      return [next.detect(incident), next.notAffected(incident)];
    case "under_attack":
      return [next.mitigate(incident), next.request(incident), next.subsided(incident)];
    case "mitigating":
      return [next.request(incident), next.subsided(incident)];
    case "subsided":
      return [next.review(incident)];
    case "under_review":
      return [next.reviewMore(incident), next.close(incident)];
    case "closed":
      return [];
  }
}
