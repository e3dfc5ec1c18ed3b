// A small parser for the Prometheus text exposition format (version 0.0.4),
// enough to read samples back from /metrics in tests.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** Metric family name to its TYPE line's type. */
  types: Map<string, string>;
  help: Map<string, string>;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    labels[match[1]!] = match[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
  }
  if (pattern.lastIndex !== 0 && pattern.lastIndex !== text.length) throw new Error(`cannot parse labels: {${text}}`);
  return labels;
}

// Prometheus parses values with Go's strconv.ParseFloat, which accepts NaN
// and Inf in any letter case; prom-client writes NaN as "Nan".
function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === "nan") return NaN;
  if (lower === "+inf" || lower === "inf") return Infinity;
  if (lower === "-inf") return -Infinity;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`cannot parse sample value: ${text}`);
  return value;
}

/** Parses an exposition; throws on a line that is neither a comment nor a sample. */
export function parseExposition(text: string): Exposition {
  const exposition: Exposition = { samples: [], types: new Map(), help: new Map() };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("# TYPE ")) {
      const [name, type] = line.slice("# TYPE ".length).split(" ");
      exposition.types.set(name!, type!);
      continue;
    }
    if (line.startsWith("# HELP ")) {
      const rest = line.slice("# HELP ".length);
      const space = rest.indexOf(" ");
      exposition.help.set(rest.slice(0, space), rest.slice(space + 1));
      continue;
    }
    if (line.startsWith("#")) continue;
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    exposition.samples.push({ name: match[1]!, labels: match[3] ? parseLabels(match[3]) : {}, value: parseValue(match[4]!) });
  }
  return exposition;
}

/** Returns the value of the sample with exactly these labels, or undefined. */
export function sampleValue(exposition: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const expected = Object.entries(labels);
  const sample = exposition.samples.find(
    (candidate) => candidate.name === name && Object.keys(candidate.labels).length === expected.length && expected.every(([key, value]) => candidate.labels[key] === value),
  );
  return sample?.value;
}
