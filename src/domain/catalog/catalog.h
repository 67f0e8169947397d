/* The item catalog (事项清单): every administrative service of the city with the standard
 * elements of its service guide (办事指南) — code, name, type, department, region, legal basis,
 * statutory and promised time limits in working days, fee, online depth, visits, materials and
 * the form fields keyed by shared data-element names. Items are versioned: an edit that changes
 * the content makes a new version (the whole content as JSON), the item points at its current
 * one, and older versions stay readable; the licensing items (行政许可) form the published list
 * whose history is the query over their versions. Anyone reads the catalog; admins write it.
 *
 * The same JSON form serves the API's bodies, the stored versions and `yiwang catalog
 * import/export` (docs/catalog.md): one parser (yw_item_parse) and one writer (yw_item_write). */
#ifndef YW_CATALOG_H
#define YW_CATALOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../core/op.h"
#include "../upload/upload.h"

/* Limits, used by the routes' declarations and by the domain's own checks. */
#define YW_ITEM_CODE_MAX 64        /* A-Z 0-9 - _ . , at least 2 */
#define YW_ITEM_NAME_MAX 200       /* bytes, at least 2 */
#define YW_ITEM_TEXT_MAX 4000      /* legal basis, notes */
#define YW_ITEM_DAYS_MAX 3650      /* working days */
#define YW_ITEM_FEE_MAX 100000000000LL /* fen: a billion yuan */
#define YW_ITEM_VISITS_MAX 10
#define YW_ITEM_KEYWORDS_MAX 20
#define YW_ITEM_MATERIALS_MAX 60
#define YW_ITEM_FIELDS_MAX 100
#define YW_ITEM_OPTIONS_MAX 50
#define YW_ITEM_KEY_MAX 64         /* a data-element name: entity.name, legal_rep.id_number */
#define YW_ITEM_LABEL_MAX 200
#define YW_CATALOG_QUERY_MAX 100   /* bytes of a search text */
#define YW_CATALOG_PAGE_MAX 1000   /* items in one page of a search or of the whole catalog */
#define YW_CATALOG_FILE_MAX (64 * 1024 * 1024)
/* the guide's (办事指南) practical part: where, when, whom to call, the steps, the forms */
#define YW_ITEM_PLACES_MAX 10      /* 办理地点 */
#define YW_ITEM_STEPS_MAX 20       /* 办理流程 */
#define YW_ITEM_FILES_MAX 20       /* 空白表格 and 示例 */
#define YW_ITEM_SHORT_MAX 200      /* a hall, a window, an address, the hours */
#define YW_ITEM_PHONE_MAX 40       /* bytes of a phone number: 0532-12345, 12345, 400-123-4567 转 8 */
#define YW_GUIDE_FILE_MAX (5 * 1024 * 1024) /* bytes of one blank form or sample */

/* The types of item. The one table (catalog.c) maps each to its text, which is what the API,
 * the store and the files use, and to an English name for documentation. */
typedef enum {
    YW_ITEM_LICENSING,     /* 行政许可 */
    YW_ITEM_CONFIRMATION,  /* 行政确认 */
    YW_ITEM_PAYMENT,       /* 行政给付 */
    YW_ITEM_FILING,        /* 行政备案 */
    YW_ITEM_PUBLIC_SERVICE, /* 公共服务 */
    YW_ITEM_OTHER,         /* 其他 */
    YW_ITEM_TYPE_COUNT
} yw_item_type;
const char *yw_item_type_text(yw_item_type t);
const char *yw_item_type_english(yw_item_type t);
/* 0 and *out when text names a type; -1 otherwise. */
int yw_item_type_from_text(const char *text, yw_item_type *out);
/* NULL-terminated: the texts of the types, for route declarations. */
extern const char *const yw_item_type_texts[];

/* How far the item goes online: 全程网办 (entirely), 网上预审 (checked online, then a visit),
 * 窗口办理 (at the window). */
extern const char *const yw_item_online_depths[];
/* required, conditional */
extern const char *const yw_item_requirements[];
/* upload, pledge (告知承诺), deferred (容缺), certificate (an e-certificate already held) */
extern const char *const yw_item_accepted_as[];
/* text, number, date, uscc, id_number, region, choice, and those people type checked as they
 * type: mobile (手机号码), landline (固定电话 with its area code), postcode (邮政编码), yuan (an
 * amount in 元 with at most two decimals, kept in the case's form as integer fen; min and max
 * in fen) — docs/catalog.md */
extern const char *const yw_item_field_types[];

typedef struct {
    const char *name;        /* 1–200 bytes */
    const char *requirement; /* required, conditional */
    const char *condition;   /* when conditional: in which case it is needed (required then) */
    const char **accepted_as; /* NULL-terminated, at least one of yw_item_accepted_as, no repeats */
    const char *cert_type;   /* the certificate type, when accepted as certificate (required then) */
    const char *note;        /* may be NULL */
} yw_item_material;

typedef struct {
    const char *key;   /* a data-element name: lowercase segments joined by dots (entity.uscc) */
    const char *label; /* 1–200 bytes */
    const char *type;  /* one of yw_item_field_types */
    bool required;
    bool has_max_length, has_min, has_max;
    int64_t max_length, min, max; /* constraints: text length in characters; number range */
    const char **options;         /* choice: NULL-terminated, at least one; NULL otherwise */
} yw_item_field;

/* 办理地点: a hall (政务服务中心), its window (窗口号, may be NULL) and the street address. */
typedef struct {
    const char *hall, *window, *address;
} yw_item_place;

/* One step of 办理流程, in order: its name (申请, 受理, 审查, 决定, 送达) and what happens (may be NULL). */
typedef struct {
    const char *name, *text;
} yw_item_step;

/* A file of the guide: a blank form (blank, 空白表格) or a filled-in sample (sample, 示例), by the
 * SHA-256 of a guide file (yw_catalog_file_add) and the name it downloads under. */
typedef struct {
    const char *kind; /* blank, sample */
    const char *name;
    const char *sha256;
} yw_item_file;
/* blank, sample */
extern const char *const yw_item_file_kinds[];

typedef struct {
    const char *code, *name, *type, *department; /* department: its code */
    const char *name_en;                          /* the English name, or NULL */
    const char *region;                           /* GB/T 2260 */
    const char *legal_basis;                      /* may be NULL */
    int statutory_days, promised_days;            /* working days, promised ≤ statutory */
    int64_t fee_fen;
    const char *online_depth;
    int visits;
    const char **keywords; /* NULL-terminated, may be NULL */
    yw_item_material *materials;
    int nmaterials;
    yw_item_field *fields;
    int nfields;
    /* the guide's practical part, each optional (older items have none of it) */
    yw_item_place *places;
    int nplaces;
    const char *hours;           /* 办理时间 */
    const char *phone;           /* 咨询电话 */
    const char *complaint_phone; /* 监督投诉电话 */
    yw_item_step *steps;
    int nsteps;
    const char *fee_standard;    /* 收费标准 in words (不收费, 每件50元); without it the page says fee_fen */
    const char *fee_basis;       /* 收费依据 */
    yw_item_file *files;
    int nfiles;
    const char *issues; /* the certificate type (its name: 营业执照) a completed case of it issues, or NULL */
} yw_item;

/* Reads one item from a JSON object into arena memory and checks it whole: types, lengths,
 * ranges, allowed values, promised ≤ statutory, the region, conditions and certificate types,
 * unique field keys, options of choices. Errors name the field: a plain name at the top when
 * prefix is "" ("promised_days"), else a JSON pointer under prefix ("/items/3/materials/2/
 * accepted_as"); materials and fields always by pointer ("/materials/2/accepted_as"). The
 * department's existence is the store's question (yw_catalog_save). Pure. */
int yw_item_parse(yw_arena *a, json_t *obj, const char *prefix, yw_item *out, yw_err *err);
/* Writes the item as its canonical JSON object (fixed key order, absent optional keys left
 * out): the stored version, the export and the API's form. */
void yw_item_write(yw_jw *w, const yw_item *it);
/* The same members inside an object the caller opened; with department_name, the department
 * as {"code","name"} (the API's form) instead of its code. */
void yw_item_write_members(yw_jw *w, const yw_item *it, const char *department_name);

/* ---- the catalog file ---- */

/* A catalog file: {"format":"yiwang-catalog","items":[ … ]} in UTF-8. */
typedef struct {
    int index;         /* in the file's items array, from 0 */
    const char *code;  /* as the file gives it, or NULL */
    yw_item item;      /* when error is NULL */
    yw_err error;      /* code YW_OK when the item is good */
} yw_catalog_entry;

typedef struct {
    yw_catalog_entry *entries;
    int nentries, bad;
} yw_catalog_file;

/* Parses a catalog file into arena memory. An item that cannot be read comes back with its
 * error (a second item of the same code too) and does not stop the others. Fails (YW_ERR_INVALID,
 * field "file") only for the file as a whole: not JSON (with line and column), not an object
 * with an items array, a wrong format. Pure: the fuzz target's entry point. */
int yw_catalog_parse(yw_arena *a, const char *data, size_t len, yw_catalog_file *out, yw_err *err);

/* ---- the store ---- */

typedef enum {
    YW_CATALOG_CREATE, /* a new item: a taken code is YW_ERR_CONFLICT */
    YW_CATALOG_UPDATE, /* an existing item: an unknown code is YW_ERR_NOT_FOUND */
    YW_CATALOG_UPSERT, /* either (imports) */
} yw_catalog_mode;

typedef struct {
    const char *id;
    int version;  /* the current version after the save */
    bool changed; /* false when the content was that of the current version: nothing written */
    bool created;
} yw_catalog_saved;

/* Saves an item (admins only): checks it (yw_item_parse's checks again, and that its department
 * exists), and writes a new version unless the content equals the current version's. Audited
 * (catalog.item_create / catalog.item_update, before and after the content). Every check comes
 * before the first write, so a refused item changes nothing. */
int yw_catalog_save(yw_op *op, const yw_item *in, yw_catalog_mode mode, yw_catalog_saved *out);

typedef struct {
    yw_item item;
    const char *id, *department_name, *region_name;
    int version, current_version;
    const char *version_created_at, *created_at, *updated_at;
} yw_item_view;

/* One item (anyone): its current version, or version `version` (> 0) of it; arena memory.
 * YW_ERR_NOT_FOUND for an unknown code or version. */
int yw_catalog_get(yw_op *op, const char *code, int version, yw_item_view *out);

typedef struct {
    const char *code, *name, *type, *department_code, *department_name, *region, *online_depth;
    const char *name_en; /* or NULL */
    int statutory_days, promised_days, visits, version;
    int64_t fee_fen;
} yw_item_summary;

typedef struct {
    const char *q;          /* may be NULL: every item; fewer than 3 characters: by LIKE */
    const char *department; /* a department code, or NULL */
    const char *type;       /* a type's text, or NULL */
    int limit, offset;      /* limit 1–YW_CATALOG_PAGE_MAX */
} yw_catalog_query;

/* Items matching a query (anyone), ranked: a name that starts with q, then one that holds it,
 * shorter names (closer to q) first; names that hold q equally in the catalog's own order (by
 * code); items found by their other text (keywords, department, type) by the search's score
 * (FTS5's bm25, pg_trgm's word similarity), then code; without q by code. *total gets how
 * many match before limit/offset. Arena memory. */
int yw_catalog_search(yw_op *op, const yw_catalog_query *q, yw_item_summary **out, int *count, int *total);

typedef struct {
    const char *code, *name, *created_at;
    int version; /* 1: added to the list */
} yw_catalog_change;

/* The published list of licensing items (行政许可): the current ones as yw_catalog_search with
 * the type, and its history: every version of a licensing item, newest first (anyone). */
int yw_catalog_licensing_changes(yw_op *op, int limit, int offset, yw_catalog_change **out, int *count);

/* Writes the whole catalog (current versions, by code) as a catalog file (anyone). */
int yw_catalog_export(yw_op *op, yw_buf *out);

typedef struct {
    int items, created, updated, unchanged, bad;
    /* the bad items' errors: "item 3 (CODE): /items/3/materials/2/accepted_as: 中文 (English)" */
    const char **errors;
    int nerrors;
} yw_catalog_report;

/* Imports a parsed catalog file (admins only), inside the caller's transaction: each good item
 * saved as YW_CATALOG_UPSERT (same content: no new version); items the file or the store refuses
 * (YW_ERR_INVALID, found before any write) are counted and reported by index, in Chinese and
 * English, and skipped. Any other failure ends the import (the caller rolls back). Runs again
 * from nothing when the caller's transaction is retried. */
int yw_catalog_import(yw_op *op, const yw_catalog_file *file, yw_catalog_report *out);

/* ---- the guide's files (guide.c) ----
 * Blank forms and samples are public: anyone downloads those an item's guide names. They are kept
 * apart from applicants' uploads (upload.h), by their SHA-256, whole in the store, judged by
 * their content as uploads are (PDF, JPEG, PNG, OFD; yw_upload_prepare). */
typedef struct {
    const char *sha256, *media_type;
    int64_t size;
    bool created; /* a file new to the store */
} yw_guide_file_info;

/* Keeps a prepared file (admins only; an upload.h yw_upload_new checked and hashed by
 * yw_upload_prepare without a directory, at most YW_GUIDE_FILE_MAX bytes): once per hash, a
 * repeat changes nothing (created false). Audited (catalog.file_add). */
int yw_catalog_file_add(yw_op *op, const yw_upload_new *in, yw_guide_file_info *out);

/* A file of item `code`'s current guide (anyone): its bytes, type and the name the guide gives
 * it. YW_ERR_NOT_FOUND for an unknown item and for a hash its guide does not name. Arena memory. */
typedef struct {
    yw_guide_file_info info;
    const char *name;
    const unsigned char *bytes;
    size_t len;
} yw_guide_file;
int yw_catalog_file_get(yw_op *op, const char *code, const char *sha256, yw_guide_file *out);

/* A blank application form of the item (sample false: its fields with empty boxes, its materials
 * to tick) or a filled-in sample (sample true: each field with an example value), as a one-page
 * A4 PDF drawn with the fonts the machine has (cairo and pango; a CJK font such as
 * fonts-wqy-zenhei) into arena memory. The same item gives the same bytes. */
int yw_guide_form_pdf(yw_arena *a, const yw_item *it, bool sample, yw_buf *out, yw_err *err);

/* Loads the demo catalog built into the binary (data/demo-catalog.json) as yw_catalog_import
 * does, each item given a blank form and a sample made from its own fields (yw_guide_form_pdf)
 * unless the file names its own: a second load changes nothing. Needs the demo city's
 * departments. */
int yw_catalog_demo_load(yw_op *op, yw_catalog_report *report);

#endif
