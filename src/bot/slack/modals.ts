// Modals for /dos notice, detect, mitigate, request and review without
// arguments. The fields come from the grammar's own table, and submissions
// are validated by the same parser as typed commands (parseForm), so a
// modal accepts and rejects exactly what `/dos` does.
import type { KnownBlock, ModalView, PlainTextOption, InputBlock } from "@slack/types";
import type { Locale } from "../../config.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import type { FormInput } from "../commands/parse.ts";
import { subcommandSpec, type FieldSpec } from "../commands/subcommands.ts";
import type { ParseError, SubcommandName } from "../commands/types.ts";
import { catalogFor, type Catalog } from "../messages/catalog/index.ts";
import { slackTexts } from "./texts.ts";

export const MODAL_SUBCOMMANDS = ["notice", "detect", "mitigate", "request", "review"] as const;
export type ModalSubcommand = (typeof MODAL_SUBCOMMANDS)[number];

export const MODAL_CALLBACK_PREFIX = "dos_modal_";
const INCIDENT_BLOCK = "incident";
const TEXT_BLOCK = "text";
const ACTION_ID = "value";

export function isModalSubcommand(name: string): name is ModalSubcommand {
  return (MODAL_SUBCOMMANDS as readonly string[]).includes(name);
}

/** Carried through the modal so the submission knows where the command came from. */
export interface ModalMetadata {
  channel: string;
  threadTs?: string;
}

function plain(text: string, limit: number) {
  return { type: "plain_text" as const, text: Array.from(text).slice(0, limit).join("") };
}

function option(value: string, label: string): PlainTextOption {
  return { text: plain(label, 75), value };
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

function fieldLabel(field: FieldSpec, locale: Locale): string {
  const japanese = field.aliases.find((alias) => JAPANESE.test(alias));
  return locale === "ja" && japanese ? `${japanese} (${field.key})` : field.key;
}

/** Display names of enum values from the shared catalog, where it has them. */
function valueLabels(catalog: Catalog, key: string): Readonly<Record<string, string>> | undefined {
  const byKey: Record<string, Readonly<Record<string, string>>> = {
    source: catalog.sources,
    credibility: catalog.credibilities,
    vector: catalog.vectors,
    status: catalog.detectionStatuses,
    action: catalog.actions,
    effect: catalog.effects,
  };
  return byKey[key];
}

function fieldElement(field: FieldSpec, locale: Locale, directory: MemberDirectory): InputBlock["element"] {
  const catalog = catalogFor(locale);
  const labels = valueLabels(catalog, field.key);
  const options = (values: readonly string[]) => values.map((value) => option(value, labels?.[value] ?? (value === "yes" ? catalog.yes : value === "no" ? catalog.no : value)));

  if (field.kind === "org") {
    return { type: "static_select", action_id: ACTION_ID, options: directory.organizationIds().map((id) => option(id, `${directory.organizationName(id)} (${id})`)) };
  }
  if ((field.kind === "enum" || field.kind === "boolean") && field.allowed) {
    return { type: "static_select", action_id: ACTION_ID, options: options(field.allowed) };
  }
  if (field.kind === "enumList" && field.allowed) {
    return { type: "multi_static_select", action_id: ACTION_ID, options: options(field.allowed) };
  }
  const example = field.examples[locale][0]?.split("=").slice(1).join("=").replace(/^"|"$/g, "");
  return { type: "plain_text_input", action_id: ACTION_ID, ...(example ? { placeholder: plain(example, 150) } : {}) };
}

/** Builds the modal for a subcommand, with the incident number filled in when known. */
export function buildModal(subcommand: ModalSubcommand, locale: Locale, directory: MemberDirectory, metadata: ModalMetadata, incident?: number): ModalView {
  const spec = subcommandSpec(subcommand);
  const texts = slackTexts[locale].modal;
  const blocks: KnownBlock[] = [];

  if (spec.positional.includes("incident")) {
    blocks.push({
      type: "input",
      block_id: INCIDENT_BLOCK,
      optional: !spec.requiredPositional.includes("incident"),
      label: plain(texts.incident, 2000),
      element: { type: "number_input", is_decimal_allowed: false, action_id: ACTION_ID, min_value: "1", ...(incident ? { initial_value: String(incident) } : {}) },
    });
  }
  for (const field of spec.fields) {
    blocks.push({
      type: "input",
      block_id: field.key,
      optional: true,
      label: plain(fieldLabel(field, locale), 2000),
      hint: plain(field.summary[locale], 2000),
      element: fieldElement(field, locale, directory),
    });
  }
  if (spec.freeText !== "none") {
    blocks.push({
      type: "input",
      block_id: TEXT_BLOCK,
      optional: true,
      label: plain(texts.text, 2000),
      hint: plain(texts.textHint, 2000),
      element: { type: "plain_text_input", action_id: ACTION_ID, multiline: true },
    });
  }

  return {
    type: "modal",
    callback_id: `${MODAL_CALLBACK_PREFIX}${subcommand}`,
    private_metadata: JSON.stringify(metadata),
    title: plain(texts.titles[subcommand], 24),
    submit: plain(texts.submit, 24),
    close: plain(texts.cancel, 24),
    blocks,
  };
}

type StateValue = { type: string; value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] };
export type ViewState = Record<string, Record<string, StateValue>>;

function readValue(state: ViewState, blockId: string): string | undefined {
  const value = state[blockId]?.[ACTION_ID];
  if (!value) return undefined;
  if (value.selected_options) return value.selected_options.map((selected) => selected.value).join(",") || undefined;
  if (value.selected_option) return value.selected_option.value;
  return value.value ?? undefined;
}

/** Reads a submitted modal into form input for parseForm. */
export function readModal(subcommand: ModalSubcommand, state: ViewState): FormInput {
  const spec = subcommandSpec(subcommand);
  const fields: Record<string, string | undefined> = {};
  for (const field of spec.fields) fields[field.key] = readValue(state, field.key);
  const incidentText = readValue(state, INCIDENT_BLOCK);
  return { subcommand, fields, incident: incidentText ? Number(incidentText) : undefined, text: readValue(state, TEXT_BLOCK) };
}

/** The block that shows a parse error: the field's own, or the first block of the modal. */
export function errorBlockFor(subcommand: SubcommandName, error: ParseError): string {
  const spec = subcommandSpec(subcommand);
  if (error.field === "incident" && spec.positional.includes("incident")) return INCIDENT_BLOCK;
  if (error.field === "text" && spec.freeText !== "none") return TEXT_BLOCK;
  if (spec.fields.some((field) => field.key === error.field)) return error.field;
  return spec.positional.includes("incident") ? INCIDENT_BLOCK : (spec.fields[0]?.key ?? TEXT_BLOCK);
}
