// Line contexts and destinations for rendering scheduled posts in tests.
import type { Tlp } from "../../../src/bot/commands/types.ts";
import type { Destination } from "../../../src/bot/delivery/types.ts";
import { catalogFor } from "../../../src/bot/messages/catalog/index.ts";
import type { LineContext } from "../../../src/bot/messages/record-lines.ts";
import type { Locale } from "../../../src/config.ts";

export function lineContext(locale: Locale): LineContext {
  return { catalog: catalogFor(locale), locale, timeZone: "Asia/Tokyo" };
}

export function destination(id: string, maxTlp: Tlp, locale: Locale = "ja"): Destination {
  return { id: `slack:${id}`, platform: "slack", channel: id, locale, maxTlp };
}
