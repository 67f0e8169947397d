/* Bundles (高效办成一件事): one thing a person or a business wants done — open a restaurant,
 * register a birth — that takes several items of the catalog, often of several departments.
 * A bundle asks a short questionnaire (情形), includes each member item when its condition (a
 * JsonLogic rule over the answers) holds, and from the answers gives one merged form: each data
 * element asked once, each material listed once with the items that need it, the items with
 * their departments and promised days, and, for a staged bundle (工程建设项目审批), its stages
 * in order with an overall limit in working days. Anyone reads bundles; admins write them.
 *
 * The same JSON form serves the API's bodies, the stored content and the demo file
 * (docs/bundles.md): one parser (yw_bundle_parse) and one writer (yw_bundle_write). */
#ifndef YW_BUNDLE_H
#define YW_BUNDLE_H

#include <jansson.h>
#include <stdbool.h>

#include "../../base/json_writer.h"
#include "../../rules/rules.h"
#include "../catalog/catalog.h"
#include "../core/op.h"

/* Limits, used by the routes' declarations and by the domain's own checks. */
#define YW_BUNDLE_CODE_MAX 64         /* as an item code: A-Z 0-9 - _ . */
#define YW_BUNDLE_NAME_MAX 200
#define YW_BUNDLE_TEXT_MAX 4000       /* the description */
#define YW_BUNDLE_QUESTIONS_MAX 30
#define YW_BUNDLE_OPTIONS_MAX 30
#define YW_BUNDLE_ITEMS_MAX 60
#define YW_BUNDLE_STAGES_MAX 10
#define YW_BUNDLE_ASKS_MAX 100        /* entries of "fields", and of "materials" */
#define YW_BUNDLE_KEY_MAX 64          /* a question's key: lowercase, digits, _ */
#define YW_BUNDLE_CONDITION_MAX 4096  /* bytes of a condition as JSON text */
#define YW_BUNDLE_ANSWER_MAX 200      /* bytes of a choice answer */
#define YW_BUNDLE_FILE_MAX (16 * 1024 * 1024)

/* The kinds of question; one table (bundle.c) maps each to its text. */
typedef enum { YW_QUESTION_YES_NO, YW_QUESTION_CHOICE, YW_QUESTION_KIND_COUNT } yw_question_kind;
const char *yw_question_kind_text(yw_question_kind k);
/* NULL-terminated: "yes_no", "choice", for route declarations */
extern const char *const yw_question_kind_texts[];

typedef struct {
    const char *key, *label;
    yw_question_kind kind;
    const char **options; /* choice: NULL-terminated, at least one; NULL for yes_no */
} yw_bundle_question;

typedef struct {
    const char *code;      /* an item of the catalog */
    const char *condition; /* the rule as canonical JSON text, or NULL: always included */
    const yw_rule *rule;   /* compiled, or NULL */
} yw_bundle_member;

typedef struct {
    const char *name;
    const char **items; /* NULL-terminated item codes, members of the bundle */
} yw_bundle_stage;

/* A rule of the merged form over the answers, in the condition language of the members:
 *   a field (key: a data element some member item asks) is asked when one of the bundle's
 *   entries for its key holds (an entry without condition always holds), by the label of the
 *   first entry that holds and gives one, else by its items' label; keys may repeat, one entry
 *   per label. A field the bundle does not list is asked as its items ask it.
 *   a material (name: a material some member item takes, by its name) is asked only when its
 *   condition holds; names do not repeat, and each has a condition. */
typedef struct {
    const char *key;       /* fields: the data element; NULL for a material */
    const char *name;      /* materials: the material's name; NULL for a field */
    const char *label;     /* fields: the label while the condition holds, or NULL */
    const char *condition; /* the rule as canonical JSON text, or NULL: always holds */
    const yw_rule *rule;   /* compiled, or NULL */
} yw_bundle_ask;

typedef struct {
    const char *code, *name, *description; /* description may be NULL */
    const char *name_en;                   /* the English name, or NULL */
    const char *lead_department;           /* its code */
    yw_bundle_question *questions;
    int nquestions;
    yw_bundle_member *items;
    int nitems;
    yw_bundle_stage *stages; /* may be none */
    int nstages;
    int limit_days; /* across the stages, working days; 0: none */
    yw_bundle_ask *fields; /* the merged form's conditional fields and labels; may be none */
    int nfields;
    yw_bundle_ask *materials; /* its conditional materials; may be none */
    int nmaterials;
    /* what a completed case of this bundle does to the applicant's entity in the market-entity
     * registry (市场主体库), when it is there: "establish" (a new enterprise from the form, when
     * the form names no USCC: the registry gives it one), "change" (its name and legal
     * representative from the form), "deregister" (普通注销); NULL: nothing */
    const char *registry;
    const char *industry; /* establish: the new enterprise's industry (GB/T 4754) when the form has none */
} yw_bundle;
/* NULL-terminated: the values of a bundle's "registry" member */
extern const char *const yw_bundle_registry_actions[];

/* Reads one bundle from a JSON object into arena memory and checks it whole: lengths, codes,
 * question keys and kinds, options, repeated keys and items, each condition compiled (a bad rule
 * refused naming its pointer: /items/2/condition/and/0), stage items that are members, each in
 * one stage only, the conditions of fields and materials compiled and reading questions only,
 * material names once. Errors name the field: a plain name at the top ("code") when prefix is "",
 * pointers below ("/questions/1/options"), all under prefix otherwise ("/bundles/3/code").
 * Whether the department and the items exist is the store's question (yw_bundle_save). Pure. */
int yw_bundle_parse(yw_arena *a, json_t *obj, const char *prefix, yw_bundle *out, yw_err *err);
/* Writes the bundle as its canonical JSON object (fixed key order, absent optional keys left out). */
void yw_bundle_write(yw_jw *w, const yw_bundle *b);

/* A bundles file: {"format":"yiwang-bundles","bundles":[ … ]}. Fails whole on the first bad
 * bundle (the demo file ships with the binary). Pure: the fuzz target's entry point. */
int yw_bundle_file_parse(yw_arena *a, const char *data, size_t len, yw_bundle **out, int *count, yw_err *err);

/* ---- the store ---- */

typedef enum { YW_BUNDLE_CREATE, YW_BUNDLE_UPDATE, YW_BUNDLE_UPSERT } yw_bundle_mode;

/* Saves a bundle (admins only): its checks again, the lead department and every item exist, each
 * field key and material name of its rules is one some member item asks (YW_ERR_INVALID naming
 * /fields/N/key, /materials/N/name), and the stages fit limit_days with every item included
 * (each stage its longest promised days).
 * Nothing is written when the content is unchanged (*changed false). Audited (bundle.create,
 * bundle.update, before and after the content); every check before the first write. */
int yw_bundle_save(yw_op *op, const yw_bundle *in, yw_bundle_mode mode, bool *changed);

typedef struct {
    const char *code, *name, *name_en, *description, *lead_department_code, *lead_department_name;
    int nitems, nstages, limit_days;
} yw_bundle_summary;

/* Every bundle, by code (anyone); arena memory. */
int yw_bundle_list(yw_op *op, yw_bundle_summary **out, int *count);

typedef struct {
    yw_bundle bundle;
    const char *lead_department_name, *created_at, *updated_at;
    const char **item_names, **item_departments; /* by member, from the catalog */
} yw_bundle_view;

/* One bundle (anyone). YW_ERR_NOT_FOUND for an unknown code. */
int yw_bundle_get(yw_op *op, const char *code, yw_bundle_view *out);

/* ---- the merged form ---- */

typedef struct {
    yw_item_field field;  /* united: required if any requires, the tighter limits, common options */
    const char **items;   /* NULL-terminated codes of the items that ask it */
} yw_form_field;

typedef struct {
    yw_item_material material; /* the first item's; requirement "required" if any requires it */
    const char **items;
} yw_form_material;

typedef struct {
    const char *code, *name, *department_code, *department_name, *stage; /* stage may be NULL */
    int promised_days, statutory_days;
    int version;     /* the item's current version */
    int stage_index; /* the stage's place among the bundle's stages, from 0; 0 without */
} yw_form_item;

typedef struct {
    const char *name;
    const char **items; /* the included ones */
    int promised_days;  /* the longest of its items: they run in parallel */
} yw_form_stage;

typedef struct {
    yw_form_field *fields;
    int nfields;
    yw_form_material *materials;
    int nmaterials;
    yw_form_item *items;
    int nitems;
    yw_form_stage *stages;
    int nstages;
    int total_days; /* the stages' days added, or the longest item without stages */
    int limit_days;
} yw_bundle_form;

/* The form for the answers (a JSON object; anyone): each answer checked against the
 * questionnaire (an unknown question, a wrong kind, an option not offered, a missing answer:
 * YW_ERR_INVALID naming /answers/KEY), the items whose conditions hold, merged, with only the
 * fields and materials the bundle's rules ask for these answers (yw_bundle_ask). */
int yw_bundle_form_for(yw_op *op, const char *code, json_t *answers, yw_bundle_form *out);

/* Loads the demo bundles built into the binary (data/demo-bundles.json), each as
 * YW_BUNDLE_UPSERT; *created and *unchanged counted. Needs the demo catalog. */
int yw_bundle_demo_load(yw_op *op, int *count, int *created, int *unchanged);

#endif
