// Port lists such as "53", "80,443" or "1024-65535".

import { normalizeNumeric, splitList } from "./normalize.ts";
import { invalid, valid, type ValueResult } from "./result.ts";

const MAX_PORT = 65_535;

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= MAX_PORT ? port : undefined;
}

/** Returns "low-high" or a single port, or undefined if invalid or reversed. */
function parsePortItem(item: string): string | undefined {
  const bounds = item.split(/[-~]/);
  if (bounds.length > 2) return undefined;

  const low = parsePort(bounds[0]!);
  const high = bounds.length === 2 ? parsePort(bounds[1]!) : low;
  if (low === undefined || high === undefined || high < low) return undefined;
  return low === high ? String(low) : `${low}-${high}`;
}

/**
 * Parses ports and port ranges separated by commas or "、" and returns them
 * joined with "," without leading zeros, e.g. "80,443,1024-65535".
 */
export function parsePorts(raw: string): ValueResult<string> {
  // Spaces around a range dash ("1024 - 65535") would split the item, so drop them first.
  const items = splitList(normalizeNumeric(raw).replace(/ ?([-~]) ?/g, "$1"));
  if (items.length === 0) return invalid("missing_value");

  const canonical: string[] = [];
  for (const item of items) {
    const port = parsePortItem(item);
    if (port === undefined) return invalid("invalid_ports");
    canonical.push(port);
  }
  return valid(canonical.join(","));
}
