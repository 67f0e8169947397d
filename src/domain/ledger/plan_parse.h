/* Reading an action plan (行动计划) as published, in plain UTF-8 text, Simplified or
 * Traditional: its sections, its measures, and for each measure the lead units (牵头单位),
 * responsible units (责任单位) and deadlines. Pure text work, no store: the ledger
 * (ledger.c) saves what this finds.
 *
 * Forms understood (seen in the published plans; tests/data/plans/ holds one of each):
 *   sections      "一、…" and "(一)…" / "（一）…"; section markers garbled by a bad encoding
 *                 ("?。ㄒ唬…", a lost GBK "（一）") are still taken as sections;
 *   measures      lines numbered "1." "2．" "3、" in sequence (1, 2, 3 … across the plan), or
 *                 starting again at "1." after a heading (numbering by part);
 *                 headings that carry a measure: in a run of "(一)…" (or "一、…") under one
 *                 parent with no numbered lines below them, where one carries a unit bracket or a
 *                 deadline and none more than one unit clause closing its sentence, each heading
 *                 with a bracket, a deadline or a sentence is a measure numbered by its numeral;
 *                 in a plan without numbered measures, each "(责任单位:…)" clause that closes its
 *                 sentence (a 。 before it, or a 。 or the line's end after it) ends one measure
 *                 made of the sentences before it in its section; a clause inside a sentence
 *                 ("…(牵头单位:A),…(牵头单位:B)。") names units of the same measure, which has
 *                 the units of both;
 *                 a notice's items "一、…" … "十、…" with nothing numbered under them are its
 *                 measures, numbered by their numeral, units or deadlines or not;
 *                 a measure whose line ends with its unit bracket takes no further lines but one
 *                 ending with a unit clause of its own (in a plan numbered "1."); a notice's
 *                 signature (the issuer's lines and the date "2025年2月14日") ends a measure;
 *   documents     a notice printing several plans: a title line (…计划, …方案, …措施, …关于…
 *                 通知, no 。, no 《) followed by numbering that starts again begins a new plan,
 *                 once the one before has measures (not inside an annex); each is a yw_plan of
 *                 its own;
 *   units         "〔牵头单位:…;责任单位:…〕" after a measure, "(责任单位:…)" after a sentence
 *                 group, "〔领域牵头单位:…〕" on a section heading (the lead of its measures that
 *                 name none), units named only in an annex (附件); also labelled 牵头部门,
 *                 责任部门, 配合单位; a bracket with no label that lists only units' names and
 *                 ends its sentence ("〔市商务局、市税务局〕": responsible units); brackets nested
 *                 in a list do not end it; 和 inside a name (市工业和信息化局) is part of it,
 *                 after a whole name (…局 …委 …办 …中心 …公司 …政府 …街道 …镇) it separates two;
 *                 a shared end is expanded ("教育、体育分局": 教育分局, 体育分局) where the list
 *                 shares it: never onto a whole name (市科协, 市工商联, 市残联: ending in 联 or 协,
 *                 or naming its level 市 … when the next name does not); a front that cannot be
 *                 completed is kept as printed;
 *   deadlines     "N月底前" (last day of month N), "N月上旬前" / "N月中旬前" / "N月下旬前" (the
 *                 10th, the 20th, the last day), "年底前" (31 Dec), each optionally after
 *                 "YYYY年"; otherwise in the plan's year; a deadline repeated in one measure is
 *                 listed once.
 * Nothing is dropped silently: lines that are neither heading nor part of a measure are kept in
 * `unplaced`, in order. */
#ifndef YW_PLAN_PARSE_H
#define YW_PLAN_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../base/arena.h"
#include "../../base/err.h"
#include "../../base/json_writer.h"

/* The years a plan, its deadlines and the ledger's reports may name. */
#define YW_YEAR_MIN 2000
#define YW_YEAR_MAX 2100

typedef struct {
    const char *section;            /* the heading of the (innermost) section it stands in */
    int number;                     /* its number in the plan, or 0 when unnumbered */
    const char *title;              /* the first sentence, without the number */
    const char *text;               /* the whole text, unit brackets included */
    const char **lead_units;        /* NULL-terminated */
    const char **responsible_units; /* NULL-terminated */
    int64_t *deadlines;             /* day numbers, in order of appearance */
    int ndeadlines;
    int line;                       /* where it starts in the file (1-based) */
} yw_plan_measure;

typedef struct yw_plan {
    const char *title;      /* the plan's own title line, when found */
    const char **sections;  /* every section heading, in order */
    int nsections;
    yw_plan_measure *measures;
    int nmeasures;
    const char **unplaced;  /* lines not placed in a heading or measure */
    int nunplaced;
    const char **annex_units; /* unit names found only in an annex */
    int nannex_units;
    int ndeadlines;         /* deadlines found in all measures */
    int nunits;             /* distinct unit names in all measures */
    const char **units;     /* those names, sorted */
    struct yw_plan *next;   /* the next document printed in the same file, each its own plan */
} yw_plan;

/* Parses text (len bytes) of a plan of `year` into arena memory. Fails with YW_ERR_INVALID for
 * an empty file, a binary file (NUL bytes), text that is not UTF-8 (naming the byte offset),
 * or a text with no measures at all; nothing else is an error. */
int yw_plan_parse(yw_arena *a, const char *text, size_t len, int year, yw_plan *out, yw_err *err);
/* As yw_plan_parse, its errors naming `field` (what the caller's user calls the text) rather
 * than "file". */
int yw_plan_parse_input(yw_arena *a, const char *text, size_t len, int year, const char *field, yw_plan *out,
                        yw_err *err);

/* Writes a parsed measure as the JSON object of `yiwang ledger import --json`: section, number
 * (or null), title, text (when with_text), lead_units, responsible_units, deadlines (ISO). */
void yw_plan_measure_json(yw_jw *w, const yw_plan_measure *m, bool with_text);

#endif
