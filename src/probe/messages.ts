// Every chat-facing text of the probe commands, in Japanese and English.
// Records over the domain's unions make a new outcome, condition or import
// problem fail to compile until both catalogs have its text.

import type { Locale } from "../config.ts";
import type { ImportProblem } from "./targets/csv-import.ts";
import type { UpsertOutcome } from "./targets/target-store.ts";
import type { Outcome } from "./types.ts";
import type { Condition } from "./views/target-rows.ts";
import type { WindowName } from "./views/window-stats.ts";

type ProblemCode = ImportProblem["code"];
type ProblemTexts = { [Code in ProblemCode]: (problem: Extract<ImportProblem, { code: Code }>) => string };

/** One line of stats: "1時間 99.5% 中央値 120 ms". The caller formats the numbers. */
export interface StatsText {
  window: string;
  availability: string;
  median: string;
}

export interface ProbeMessages {
  conditions: Record<Condition, string>;
  outcomes: Record<Outcome, string>;
  windows: Record<WindowName, string>;
  upsert: Record<UpsertOutcome, (id: number) => string>;
  problems: ProblemTexts;
  /** Reply title of a rejected add, before the problem line. */
  addRejected: string;
  labels: {
    url: string;
    operator: string;
    expectedStatus: string;
    keyword: string;
    notes: string;
    group: string;
    defaultExpectedStatus: string;
  };
  next: {
    status: (command: string) => string;
    add: (command: string) => string;
    list: (command: string) => string;
  };
  remove: {
    title: (id: number, url: string) => string;
    notFound: (entry: string) => string;
    alreadyRemoved: (id: number, url: string) => string;
    historyKept: string;
  };
  list: {
    title: (count: number, filter: string | null) => string;
    empty: string;
    more: (count: number) => string;
  };
  importing: {
    adminOnly: string;
    outsideDirectory: (path: string, directory: string) => string;
    unreadable: (path: string, reason: string) => string;
    notUtf8: (path: string) => string;
    tooLarge: (path: string, maxBytes: number) => string;
    title: (counts: Record<UpsertOutcome, number>, rejected: number) => string;
    issue: (line: number, text: string) => string;
    moreIssues: (count: number) => string;
  };
  exporting: {
    title: (count: number) => string;
  };
  status: {
    overviewTitle: (operators: number, targets: number) => string;
    noTargets: string;
    sectorsHeader: string;
    sectorLine: (sector: string, counts: Record<Condition, number>) => string;
    worstHeader: string;
    worstLine: (operator: string, sector: string, condition: string, bad: number, targets: number, lastHour: StatsText) => string;
    sharedAddressesHeader: string;
    sharedPrefixesHeader: string;
    groupLine: (key: string, targets: number, operators: number, down: number, degraded: number) => string;
    allUp: string;
    detailTitle: (selection: string, targets: number) => string;
    totalsHeader: string;
    statsLine: (stats: StatsText[]) => string;
    operatorsHeader: string;
    operatorLine: (operator: string, condition: string, targets: number, stats: string) => string;
    targetsHeader: string;
    targetLine: (id: number, url: string, operator: string, condition: string, since: string | null) => string;
    recentLine: (probes: string[]) => string;
    recentProbe: (time: string, outcome: string, totalMs: number) => string;
    phaseTimings: (dnsMs: string, connectMs: string, tlsMs: string, firstByteMs: string, address: string) => string;
    noRecent: string;
    moreTargets: (count: number) => string;
    notFound: (text: string) => string;
    noMatch: (selection: string) => string;
    noData: string;
    medianNote: string;
  };
  selectors: {
    sector: (name: string) => string;
    operator: (name: string) => string;
    url: (url: string) => string;
    address: (address: string) => string;
    prefix: (prefix: string) => string;
  };
}

const ja: ProbeMessages = {
  conditions: { up: "正常", degraded: "低下", down: "停止", unknown: "不明" },
  outcomes: {
    ok: "正常",
    slow: "遅延",
    http_error: "HTTPエラー",
    timeout: "タイムアウト",
    dns_failure: "DNS失敗",
    connection_refused: "接続拒否",
    connection_reset: "接続リセット",
    tls_error: "TLSエラー",
    keyword_missing: "キーワードなし",
    blocked_address: "禁止アドレス",
    redirect_loop: "リダイレクトループ",
    too_many_redirects: "リダイレクト過多",
    invalid_url: "URL不正",
    error: "エラー",
  },
  windows: { hour: "1時間", day: "1日", week: "1週間" },
  upsert: {
    created: (id) => `観測対象 #${id} を追加しました`,
    updated: (id) => `観測対象 #${id} を更新しました`,
    restored: (id) => `観測対象 #${id} の観測を再開しました`,
    unchanged: (id) => `観測対象 #${id} は登録済みです (変更なし)`,
  },
  problems: {
    missing_field: (p) => `${p.field} がありません`,
    too_long: (p) => `${p.field} が長すぎます (上限 ${p.max} 文字)`,
    unknown_sector: (p) => `分野「${p.value}」はありません。使える分野: ${p.known.join("、")}`,
    invalid_url: (p) => `URL "${p.value}" を読み取れません。認証情報を含まない http:// か https:// の URL を指定してください`,
    blocked_address: (p) => `アドレス ${p.value} は観測できない範囲 (${p.label}) です。設定の allowedCidrs で許可されたものだけ観測できます`,
    invalid_status: (p) => `期待ステータス "${p.value}" を読み取れません。100〜599 のコードか 200-399 のような範囲を指定してください`,
    unknown_group: (p) => `グループ「${p.value}」は設定にありません。使えるグループ: ${p.groups.join(", ")}`,
    unclosed_quote: () => "引用符 (\") が閉じていません。これ以降の行は読み込んでいません",
    text_after_quote: () => "閉じた引用符の後に文字があります。これ以降の行は読み込んでいません",
    missing_header: () => "ヘッダー行がありません。1 行目は operator,sector,url,... にしてください",
    missing_column: (p) => `必須の列 ${p.column} がヘッダーにありません`,
    unknown_column: (p) => `列「${p.column}」は使われません。使える列: operator, sector, url, expected_status, keyword, notes, group`,
    field_count: (p) => `列の数が ${p.actual} 個です。ヘッダーと同じ ${p.expected} 個にしてください`,
    duplicate_url: (p) => `URL が ${p.firstLine} 行目と重複しています`,
    operator_sector_conflict: (p) => `事業者「${p.operator}」は分野「${p.sector}」で登録済みです`,
  },
  addRejected: "観測対象を追加できませんでした",
  labels: {
    url: "URL",
    operator: "事業者",
    expectedStatus: "期待ステータス",
    keyword: "キーワード",
    notes: "備考",
    group: "グループ",
    defaultExpectedStatus: "200-399 (既定)",
  },
  next: {
    status: (command) => `観測状況を見る: ${command}`,
    add: (command) => `観測対象を追加する: ${command}`,
    list: (command) => `観測対象を一覧する: ${command}`,
  },
  remove: {
    title: (id, url) => `観測対象 #${id} (${url}) を削除しました`,
    notFound: (entry) => `観測対象「${entry}」が見つかりません。/dos probe list で ID と URL を確認してください`,
    alreadyRemoved: (id, url) => `観測対象 #${id} (${url}) は削除済みです`,
    historyKept: "これまでの観測結果は保存期間まで残ります。同じ URL を追加すると再開します",
  },
  list: {
    title: (count, filter) => (filter === null ? `観測対象 ${count} 件` : `${filter}の観測対象 ${count} 件`),
    empty: "観測対象はありません",
    more: (count) => `ほか ${count} 件 (/dos probe export で全件を書き出せます)`,
  },
  importing: {
    adminOnly: "CSV の取り込みは管理者だけが実行できます",
    outsideDirectory: (path, directory) => `パス ${path} は取り込み用フォルダー ${directory} の外にあります`,
    unreadable: (path, reason) =>
      reason === "ENOENT"
        ? `ファイル ${path} がありません。取り込み用フォルダ (設定の importDirectory) からの相対パスを確認してください`
        : `ファイル ${path} を読めません: ${reason}`,
    notUtf8: (path) => `ファイル ${path} は UTF-8 ではありません。Excel では「CSV UTF-8」形式で保存してください`,
    tooLarge: (path, maxBytes) => `ファイル ${path} が大きすぎます。上限は ${Math.round(maxBytes / 1024 / 1024)} MB です`,
    title: (counts, rejected) =>
      `CSV を取り込みました: 追加 ${counts.created} 件、更新 ${counts.updated} 件、再開 ${counts.restored} 件、変更なし ${counts.unchanged} 件、不備 ${rejected} 件`,
    issue: (line, text) => `${line} 行目: ${text}`,
    moreIssues: (count) => `ほか ${count} 件の不備`,
  },
  exporting: {
    title: (count) => `観測対象 ${count} 件を CSV で書き出しました`,
  },
  status: {
    overviewTitle: (operators, targets) => `観測状況: 事業者 ${operators}、対象 ${targets}`,
    noTargets: "観測対象はまだありません",
    sectorsHeader: "分野ごとの事業者数:",
    sectorLine: (sector, c) => `  ${sector}: 正常 ${c.up}、低下 ${c.degraded}、停止 ${c.down}、不明 ${c.unknown}`,
    worstHeader: "状況の悪い事業者:",
    worstLine: (operator, sector, condition, bad, targets, hour) =>
      `  ${operator} (${sector}): ${condition}、対象 ${targets} 件中 ${bad} 件に異常、${hour.window} ${hour.availability}${hour.median ? ` 中央値 ${hour.median}` : ""}`,
    sharedAddressesHeader: "同じ IP アドレスの対象:",
    sharedPrefixesHeader: "同じプレフィックス (/24、/48) の対象:",
    groupLine: (key, targets, operators, down, degraded) => `  ${key}: 対象 ${targets} (事業者 ${operators})、停止 ${down}、低下 ${degraded}`,
    allUp: "状況の悪い事業者はありません",
    detailTitle: (selection, targets) => `観測状況: ${selection} (対象 ${targets} 件)`,
    totalsHeader: "可用性と応答時間の中央値:",
    statsLine: (stats) => `  ${stats.map((s) => `${s.window} ${s.availability}${s.median ? ` 中央値 ${s.median}` : ""}`).join(" / ")}`,
    operatorsHeader: "事業者:",
    operatorLine: (operator, condition, targets, stats) => `  ${operator}: ${condition}、対象 ${targets} 件、${stats}`,
    targetsHeader: "対象:",
    targetLine: (id, url, operator, condition, since) =>
      `  #${id} ${url} (${operator}): ${condition}${since === null ? "" : ` (${since} から)`}`,
    recentLine: (probes) => `    直近: ${probes.join("、")}`,
    recentProbe: (time, outcome, totalMs) => `${time} ${outcome} ${totalMs} ms`,
    phaseTimings: (dns, connect, tls, firstByte, address) =>
      `    最新の内訳: DNS ${dns}、接続 ${connect}、TLS ${tls}、最初のバイトまで ${firstByte}、接続先 ${address}`,
    noRecent: "    直近 1 時間の観測結果はありません",
    moreTargets: (count) => `  ほか ${count} 件`,
    notFound: (text) => `「${text}」に当たる分野、事業者、URL、IP アドレスはありません`,
    noMatch: (selection) => `${selection}に当たる観測対象はありません`,
    noData: "データなし",
    medianNote: "複数の対象や 1 日以上の中央値は、対象ごと・時間ごとの中央値を件数で重み付けした推定値です",
  },
  selectors: {
    sector: (name) => `分野「${name}」`,
    operator: (name) => `事業者「${name}」`,
    url: (url) => url,
    address: (address) => `IP アドレス ${address}`,
    prefix: (prefix) => `プレフィックス ${prefix}`,
  },
};

/** "1 target", "2 targets". */
function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? "" : "s"}`;
}

const en: ProbeMessages = {
  conditions: { up: "up", degraded: "degraded", down: "down", unknown: "unknown" },
  outcomes: {
    ok: "ok",
    slow: "slow",
    http_error: "HTTP error",
    timeout: "timeout",
    dns_failure: "DNS failure",
    connection_refused: "connection refused",
    connection_reset: "connection reset",
    tls_error: "TLS error",
    keyword_missing: "keyword missing",
    blocked_address: "blocked address",
    redirect_loop: "redirect loop",
    too_many_redirects: "too many redirects",
    invalid_url: "invalid URL",
    error: "error",
  },
  windows: { hour: "1 h", day: "24 h", week: "7 d" },
  upsert: {
    created: (id) => `Added probe target #${id}`,
    updated: (id) => `Updated probe target #${id}`,
    restored: (id) => `Probing of target #${id} resumed`,
    unchanged: (id) => `Probe target #${id} already exists unchanged`,
  },
  problems: {
    missing_field: (p) => `Missing ${p.field}`,
    too_long: (p) => `${p.field} is too long (at most ${p.max} characters)`,
    unknown_sector: (p) => `Unknown sector "${p.value}". Sectors: ${p.known.join(", ")} (English names and aliases work too)`,
    invalid_url: (p) => `Invalid URL "${p.value}". Give an http:// or https:// URL without credentials`,
    blocked_address: (p) => `Address ${p.value} is in a range that is not probed (${p.label}). Only ranges in the allowedCidrs setting may be probed`,
    invalid_status: (p) => `Invalid expected status "${p.value}". Give one code from 100 to 599 or a range such as 200-399`,
    unknown_group: (p) => `Unknown group "${p.value}". Configured groups: ${p.groups.join(", ")}`,
    unclosed_quote: () => "Unclosed quote (\"). The lines after it were not read",
    text_after_quote: () => "Text after a closing quote. The lines after it were not read",
    missing_header: () => "Missing header row. Line 1 must be operator,sector,url,...",
    missing_column: (p) => `Missing required column ${p.column} in the header`,
    unknown_column: (p) => `Unknown column "${p.column}" ignored. Columns: operator, sector, url, expected_status, keyword, notes, group`,
    field_count: (p) => `The row has ${p.actual} fields, but the header has ${p.expected}`,
    duplicate_url: (p) => `Duplicate of the URL on line ${p.firstLine}`,
    operator_sector_conflict: (p) => `Operator "${p.operator}" is already stored in sector "${p.sector}"`,
  },
  addRejected: "Probe target not added",
  labels: {
    url: "URL",
    operator: "Operator",
    expectedStatus: "Expected status",
    keyword: "Keyword",
    notes: "Notes",
    group: "Group",
    defaultExpectedStatus: "200-399 (default)",
  },
  next: {
    status: (command) => `See the probe status: ${command}`,
    add: (command) => `Add a probe target: ${command}`,
    list: (command) => `List probe targets: ${command}`,
  },
  remove: {
    title: (id, url) => `Removed probe target #${id} (${url})`,
    notFound: (entry) => `Probe target "${entry}" not found. /dos probe list shows ids and URLs`,
    alreadyRemoved: (id, url) => `Probe target #${id} (${url}) was already removed`,
    historyKept: "Its results stay until their retention period ends. Adding the same URL resumes probing",
  },
  list: {
    title: (total, filter) => (filter === null ? count(total, "probe target") : `${count(total, "probe target")} of ${filter}`),
    empty: "No probe targets",
    more: (count) => `${count} more (/dos probe export writes all of them)`,
  },
  importing: {
    adminOnly: "Only administrators can import CSV files",
    outsideDirectory: (path, directory) => `Path ${path} is outside the import folder ${directory}`,
    unreadable: (path, reason) =>
      reason === "ENOENT"
        ? `File ${path} not found. Check the path, relative to the import folder (importDirectory in the config)`
        : `Cannot read file ${path}: ${reason}`,
    notUtf8: (path) => `File ${path} is not UTF-8. In Excel, save it as "CSV UTF-8"`,
    tooLarge: (path, maxBytes) => `File ${path} is too large. The maximum is ${Math.round(maxBytes / 1024 / 1024)} MB`,
    title: (counts, rejected) =>
      `CSV imported: ${counts.created} added, ${counts.updated} updated, ${counts.restored} resumed, ${counts.unchanged} unchanged, ${rejected} rejected`,
    issue: (line, text) => `Line ${line}: ${text}`,
    moreIssues: (total) => count(total, "more problem"),
  },
  exporting: {
    title: (total) => `Exported ${count(total, "probe target")} as CSV`,
  },
  status: {
    overviewTitle: (operators, targets) => `Probe status: ${count(operators, "operator")}, ${count(targets, "target")}`,
    noTargets: "No probe targets yet",
    sectorsHeader: "Operators per sector:",
    sectorLine: (sector, c) => `  ${sector}: ${c.up} up, ${c.degraded} degraded, ${c.down} down, ${c.unknown} unknown`,
    worstHeader: "Operators in the worst condition:",
    worstLine: (operator, sector, condition, bad, targets, hour) =>
      `  ${operator} (${sector}): ${condition}, ${bad} of ${targets} targets failing, ${hour.window} ${hour.availability}${hour.median ? ` median ${hour.median}` : ""}`,
    sharedAddressesHeader: "Targets sharing an IP address:",
    sharedPrefixesHeader: "Targets sharing a /24 or /48 prefix:",
    groupLine: (key, targets, operators, down, degraded) =>
      `  ${key}: ${count(targets, "target")} (${count(operators, "operator")}), ${down} down, ${degraded} degraded`,
    allUp: "No operator is down or degraded",
    detailTitle: (selection, targets) => `Probe status: ${selection} (${count(targets, "target")})`,
    totalsHeader: "Availability and median response time:",
    statsLine: (stats) => `  ${stats.map((s) => `${s.window} ${s.availability}${s.median ? ` median ${s.median}` : ""}`).join(" / ")}`,
    operatorsHeader: "Operators:",
    operatorLine: (operator, condition, targets, stats) => `  ${operator}: ${condition}, ${count(targets, "target")}, ${stats}`,
    targetsHeader: "Targets:",
    targetLine: (id, url, operator, condition, since) => `  #${id} ${url} (${operator}): ${condition}${since === null ? "" : ` since ${since}`}`,
    recentLine: (probes) => `    Recent: ${probes.join(", ")}`,
    recentProbe: (time, outcome, totalMs) => `${time} ${outcome} ${totalMs} ms`,
    phaseTimings: (dns, connect, tls, firstByte, address) =>
      `    Latest breakdown: DNS ${dns}, connect ${connect}, TLS ${tls}, first byte ${firstByte}, address ${address}`,
    noRecent: "    No results in the last hour",
    moreTargets: (count) => `  ${count} more`,
    notFound: (text) => `No sector, operator, URL or IP address matches "${text}"`,
    noMatch: (selection) => `No probe target matches ${selection}`,
    noData: "no data",
    medianNote: "Medians over several targets or over a day or more are estimates: count-weighted medians of per-target, per-hour medians",
  },
  selectors: {
    sector: (name) => `sector ${name}`,
    operator: (name) => `operator ${name}`,
    url: (url) => url,
    address: (address) => `IP address ${address}`,
    prefix: (prefix) => `prefix ${prefix}`,
  },
};

const CATALOGS: Record<Locale, ProbeMessages> = { ja, en };

export function probeMessages(locale: Locale): ProbeMessages {
  return CATALOGS[locale];
}
