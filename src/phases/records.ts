// Helpers shared by the phase services.
import type { Target } from "../bot/commands/types.ts";
import type { Actor } from "./actor.ts";
import { DomainError } from "./errors.ts";

export function requireRegistered(actor: Actor): void {
  if (!actor.registered) throw new DomainError("unknown_member", { org: actor.org, user: actor.user });
}

export function targetsToJson(targets: Target[]): string {
  return JSON.stringify(targets);
}

export function targetsFromJson(json: string): Target[] {
  return JSON.parse(json) as Target[];
}

/** Builds a language-neutral default title: the targets, or the fallback when there are none. */
export function defaultTitle(targets: Target[], fallback: string): string {
  if (targets.length === 0) return fallback;
  const shown = targets.slice(0, 3).map((target) => target.value).join(", ");
  return targets.length > 3 ? `${shown} +${targets.length - 3}` : shown;
}
