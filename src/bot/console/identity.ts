// Console identity: `--as ORG/USER` on the command line sets who the console
// user is, and the same switch at the start of a line acts as another member
// for that one line, so a script can play several organizations.

export interface ConsoleIdentity {
  org: string;
  user: string;
}

export function parseIdentity(value: string): ConsoleIdentity | undefined {
  const match = /^([^/\s]+)\/(\S+)$/.exec(value.trim());
  return match ? { org: match[1]!, user: match[2]! } : undefined;
}

export interface ConsoleLine {
  identity?: ConsoleIdentity;
  /** The command text after `/dos`, without the switch. */
  text: string;
  /** Set when `--as` was given with a value that is not ORG/USER. */
  invalidIdentity?: string;
}

/** Splits an optional leading `--as ORG/USER` and an optional `/dos` from a console line. */
export function parseConsoleLine(line: string): ConsoleLine {
  let rest = line.trim();
  let identity: ConsoleIdentity | undefined;
  const switchMatch = /^--as[\s=]+(\S+)\s*/.exec(rest);
  if (switchMatch) {
    identity = parseIdentity(switchMatch[1]!);
    if (!identity) return { text: "", invalidIdentity: switchMatch[1]! };
    rest = rest.slice(switchMatch[0].length);
  }
  rest = rest.replace(/^[/／]dos(?:\s+|$)/i, "");
  return { identity, text: rest };
}
