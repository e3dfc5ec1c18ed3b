// Errors a phase service raises when a valid command cannot be carried out.
// Each code has a ja/en text in the message catalogs, so members get a reply
// in their language; `params` fill the placeholders.

export type DomainErrorCode =
  | "unknown_member"
  | "incident_not_found"
  | "incident_closed"
  | "request_not_found"
  | "unknown_organization"
  | "self_request"
  | "not_addressed_org"
  | "request_already_final"
  | "request_not_acknowledged"
  | "not_own_record"
  | "invalid_transition"
  | "no_attack_reported"
  | "attack_ongoing";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = "DomainError";
  }
}
