// /dos help and /dos help <subcommand>, built from the grammar's own table so
// help can never drift from what the parser accepts.
import type { Locale } from "../../config.ts";
import { findSubcommand, SUBCOMMANDS, type SubcommandSpec } from "../commands/subcommands.ts";
import type { SubcommandName } from "../commands/types.ts";
import type { Catalog } from "./catalog/index.ts";
import { reply, type Reply } from "./reply.ts";

function nameWithAliases(spec: SubcommandSpec): string {
  return [spec.name, ...spec.aliases].join(" / ");
}

export function renderHelp(catalog: Catalog, locale: Locale, topic?: SubcommandName): Reply {
  const spec = topic ? findSubcommand(topic) : undefined;
  if (spec) return renderSubcommandHelp(catalog, locale, spec);

  const lines = [...catalog.help.intro, ""];
  for (const entry of SUBCOMMANDS) {
    lines.push(`${nameWithAliases(entry)} — ${entry.summary[locale]}`);
    const example = entry.examples[locale][0];
    if (example) lines.push(`    ${catalog.help.examples}: /dos ${example}`);
  }
  lines.push("", catalog.help.topicHint);
  return reply(catalog.help.title, lines);
}

function renderSubcommandHelp(catalog: Catalog, locale: Locale, spec: SubcommandSpec): Reply {
  const lines = [spec.summary[locale]];
  if (spec.fields.length > 0) {
    lines.push(`${catalog.help.fields}:`);
    for (const field of spec.fields) {
      const flags = [field.required ? catalog.help.required : undefined, field.aliases.length > 0 ? `${catalog.help.aliases}: ${field.aliases.join(", ")}` : undefined]
        .filter(Boolean)
        .join("; ");
      lines.push(`  ${field.key}=… ${field.summary[locale]}${flags ? ` (${flags})` : ""}`);
      if (field.allowed) lines.push(`      ${catalog.help.allowed}: ${field.allowed.join(" | ")}`);
    }
  }
  lines.push(`${catalog.help.examples}:`);
  for (const example of spec.examples[locale]) lines.push(`  /dos ${example}`);
  return reply(`/dos ${nameWithAliases(spec)}`, lines);
}
