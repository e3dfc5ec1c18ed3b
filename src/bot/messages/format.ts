// Locale-aware formatting of times, durations and quantities.
import type { Locale } from "../../config.ts";

/** Formats an instant as "2026-12-24 21:00 +09:00" in the given zone. */
export function formatTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? "";
  const offset = part("timeZoneName").replace("GMT", "") || "+00:00";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} ${offset}`;
}

export function formatDuration(ms: number, locale: Locale): string {
  const sign = ms < 0 ? "-" : "";
  const totalMinutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const units = locale === "ja" ? { d: "日", h: "時間", m: "分" } : { d: "d ", h: "h ", m: "m" };
  let text = "";
  if (days > 0) text += `${days}${units.d}`;
  if (hours > 0) text += `${hours}${units.h}`;
  if (minutes > 0 || text === "") text += `${minutes}${units.m}`;
  return sign + text.trim();
}

const SI_PREFIXES = ["", "k", "M", "G", "T", "P"];

/** Formats a rate such as 1.2e10 bps as "12 Gbps". */
export function formatRate(value: number, unit: "bps" | "pps" | "rps"): string {
  let scaled = value;
  let index = 0;
  while (scaled >= 1000 && index < SI_PREFIXES.length - 1) {
    scaled /= 1000;
    index += 1;
  }
  const digits = scaled >= 100 || Number.isInteger(scaled) ? 0 : 1;
  return `${scaled.toFixed(digits)} ${SI_PREFIXES[index]}${unit}`;
}
