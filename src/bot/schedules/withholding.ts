// Splits labelled records into those an audience may receive and counts of
// the rest per TLP label, so that a withheld record still appears in a count.
import { TLP_LABELS, type Tlp } from "../commands/types.ts";
import { withinClearance } from "../messages/visibility.ts";
import type { Labelled } from "../../phases/summary/types.ts";

export interface Partition<T> {
  visible: T[];
  /** Withheld items per label, least restrictive first. */
  withheld: { tlp: Tlp; count: number }[];
  /** Labels of the visible items. */
  visibleLabels: Tlp[];
}

export function partitionByClearance<T>(items: Labelled<T>[], maxTlp: Tlp): Partition<T> {
  const counts = new Map<Tlp, number>();
  const visible: T[] = [];
  const visibleLabels: Tlp[] = [];
  for (const { tlp, item } of items) {
    if (withinClearance(tlp, maxTlp)) {
      visible.push(item);
      visibleLabels.push(tlp);
    } else {
      counts.set(tlp, (counts.get(tlp) ?? 0) + 1);
    }
  }
  const withheld = TLP_LABELS.filter((tlp) => counts.has(tlp)).map((tlp) => ({ tlp, count: counts.get(tlp)! }));
  return { visible, withheld, visibleLabels };
}

export interface WithheldTexts {
  withheld: (count: number, labels: string) => string;
  withheldLabel: (tlp: string, count: number) => string;
}

/** "+3 withheld (TLP:AMBER+STRICT 1, TLP:RED 2)", or undefined when nothing was withheld. */
export function withheldLine(texts: WithheldTexts, withheld: Partition<unknown>["withheld"], separator: string): string | undefined {
  if (withheld.length === 0) return undefined;
  const total = withheld.reduce((sum, entry) => sum + entry.count, 0);
  return texts.withheld(total, withheld.map((entry) => texts.withheldLabel(entry.tlp, entry.count)).join(separator));
}
