// Critical-infrastructure sectors that probe targets belong to, and how a
// typed sector name is matched against them.

import { toLooseKey } from "../bot/commands/normalize.ts";
import type { Database } from "../db/client.ts";

export interface SectorDefinition {
  /** Japanese name, stored and shown in Japanese replies. */
  name: string;
  /** English name, shown in English replies. */
  nameEn?: string;
  /** Other accepted spellings, matched like the names (ignoring case, width, spaces, "-", "_" and "・"). */
  aliases?: string[];
}

/**
 * The 14 critical-infrastructure sectors of Japan's cybersecurity policy for
 * critical infrastructure (NISC), in the order that status views list them.
 */
export const DEFAULT_SECTORS: readonly SectorDefinition[] = [
  { name: "情報通信", nameEn: "Information and communications", aliases: ["ICT", "telecom", "情報通信サービス"] },
  { name: "金融", nameEn: "Finance", aliases: ["finance", "bank", "銀行"] },
  { name: "航空", nameEn: "Aviation", aliases: ["aviation", "airline"] },
  { name: "空港", nameEn: "Airports", aliases: ["airport"] },
  { name: "鉄道", nameEn: "Railways", aliases: ["railway", "rail"] },
  { name: "電力", nameEn: "Electric power", aliases: ["electricity", "power"] },
  { name: "ガス", nameEn: "Gas", aliases: ["gas"] },
  { name: "政府・行政サービス", nameEn: "Government and administrative services", aliases: ["government", "政府", "行政"] },
  { name: "医療", nameEn: "Medical services", aliases: ["medical", "healthcare"] },
  { name: "水道", nameEn: "Water", aliases: ["water"] },
  { name: "物流", nameEn: "Logistics", aliases: ["logistics"] },
  { name: "化学", nameEn: "Chemicals", aliases: ["chemical", "chemicals"] },
  { name: "クレジット", nameEn: "Credit cards", aliases: ["credit", "クレジットカード"] },
  { name: "石油", nameEn: "Petroleum", aliases: ["petroleum", "oil"] },
];

/** Returns the default sectors followed by the configured ones. A configured sector with a default's name replaces it. */
export function mergeSectors(extra: readonly SectorDefinition[]): SectorDefinition[] {
  const merged = new Map<string, SectorDefinition>();
  for (const sector of [...DEFAULT_SECTORS, ...extra]) {
    merged.set(sector.name, sector);
  }
  return [...merged.values()];
}

/** Finds the sector whose name, English name or alias matches `typed`, ignoring case, width and separators. */
export function findSector(sectors: readonly SectorDefinition[], typed: string): SectorDefinition | undefined {
  const key = toLooseKey(typed);
  if (key === "") {
    return undefined;
  }
  return sectors.find((sector) =>
    [sector.name, sector.nameEn ?? "", ...(sector.aliases ?? [])].some((spelling) => spelling !== "" && toLooseKey(spelling) === key),
  );
}

/** Returns the sector's name in the reply language. */
export function sectorLabel(sector: { name: string; nameEn?: string | null }, locale: "ja" | "en"): string {
  return locale === "en" && sector.nameEn ? sector.nameEn : sector.name;
}

/** Returns the reply-language name of the stored sector `name`, or `name` itself for a sector no longer configured. */
export function sectorNameFor(sectors: readonly SectorDefinition[], name: string, locale: "ja" | "en"): string {
  return sectorLabel(findSector(sectors, name) ?? { name }, locale);
}

/** Inserts missing sectors and updates English names, so that the Sector table lists every configured sector. */
export async function syncSectors(db: Database, sectors: readonly SectorDefinition[]): Promise<void> {
  await db.$transaction(
    sectors.map((sector) =>
      db.sector.upsert({
        where: { name: sector.name },
        create: { name: sector.name, nameEn: sector.nameEn ?? null },
        update: { nameEn: sector.nameEn ?? null },
      }),
    ),
  );
}
