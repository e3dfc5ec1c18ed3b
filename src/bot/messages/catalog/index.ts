import type { Locale } from "../../../config.ts";
import { en } from "./en.ts";
import { ja } from "./ja.ts";
import type { Catalog } from "./types.ts";

const CATALOGS: Record<Locale, Catalog> = { ja, en };

export function catalogFor(locale: Locale): Catalog {
  return CATALOGS[locale];
}

export type { Catalog } from "./types.ts";
