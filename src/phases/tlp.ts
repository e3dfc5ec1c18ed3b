import { TLP_LABELS, type Tlp } from "../bot/commands/types.ts";

/** TLP 2.0 labels from least to most restrictive. */
const RANK: Record<Tlp, number> = { CLEAR: 0, GREEN: 1, AMBER: 2, "AMBER+STRICT": 3, RED: 4 };

export function mostRestrictive(labels: Iterable<Tlp>): Tlp {
  let result: Tlp = "CLEAR";
  for (const label of labels) {
    if (RANK[label] > RANK[result]) result = label;
  }
  return result;
}

export function isTlp(value: string): value is Tlp {
  return (TLP_LABELS as readonly string[]).includes(value);
}

export function toTlp(value: string): Tlp {
  if (!isTlp(value)) throw new Error(`stored TLP label "${value}" is not a TLP 2.0 label`);
  return value;
}
