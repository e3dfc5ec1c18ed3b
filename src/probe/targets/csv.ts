// CSV reading and writing as RFC 4180 describes it: fields separated by
// commas, records by CRLF or LF, and fields quoted with double quotes when
// they contain a comma, a quote or a line break. A leading UTF-8 byte order
// mark, which Excel writes, is skipped.

export interface CsvRecord {
  /** Line number (1-based) where the record starts in the input. */
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  /** A quoted field that is never closed, or text after a closing quote. */
  reason: "unclosed_quote" | "text_after_quote";
}

export interface CsvParseResult {
  /** Records before the first syntax error, or all records. */
  records: CsvRecord[];
  error: CsvSyntaxError | null;
}

/**
 * Parses `text` into records. Blank lines are skipped. A quoted field may
 * span lines, and its record keeps the number of the line it starts on.
 * Parsing stops at the first syntax error, because the record boundaries
 * after it are unknown.
 */
export function parseCsv(text: string): CsvParseResult {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let index = 0;

  while (index < input.length) {
    const recordLine = line;
    const fields: string[] = [];
    let field = "";
    let endOfRecord = false;

    while (!endOfRecord) {
      const char = input[index];
      if (char === '"' && field === "") {
        // Quoted field: runs to the next quote that is not doubled.
        index += 1;
        for (;;) {
          if (index >= input.length) return { records, error: { line: recordLine, reason: "unclosed_quote" } };
          const quoted = input[index]!;
          if (quoted === '"') {
            if (input[index + 1] === '"') {
              field += '"';
              index += 2;
              continue;
            }
            index += 1;
            break;
          }
          if (quoted === "\n") line += 1;
          field += quoted;
          index += 1;
        }
        const after = input[index];
        if (after !== undefined && after !== "," && after !== "\n" && after !== "\r") {
          return { records, error: { line, reason: "text_after_quote" } };
        }
        continue;
      }

      if (char === undefined || char === "\n" || char === "\r") {
        fields.push(field);
        endOfRecord = true;
        if (char === "\r" && input[index + 1] === "\n") index += 1;
        if (char !== undefined) {
          index += 1;
          line += 1;
        }
      } else if (char === ",") {
        fields.push(field);
        field = "";
        index += 1;
      } else {
        field += char;
        index += 1;
      }
    }

    const blank = fields.length === 1 && fields[0]!.trim() === "";
    if (!blank) records.push({ line: recordLine, fields });
  }
  return { records, error: null };
}

function quoteField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Formats records as CSV text with CRLF line endings, quoting only the fields that need it. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quoteField).join(",")).join("\r\n") + "\r\n";
}
