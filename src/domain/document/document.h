/* A case's documents (文书): what an office hands the applicant at a step of the case, printable
 * and as a PDF, each with a QR code that opens a public page confirming it is genuine.
 *
 *   receipt            受理回执       once, when the case is accepted: its number, items, the
 *                                     materials received, deferred ones with their due dates, the
 *                                     promised date, whom to ask
 *   correction-notice  补正告知书     each 补正 (one per notice, numbered 1, 2 … in the case): the
 *                                     materials to replace and the fields to correct, with reasons
 *   decision           不予受理决定书 when a clerk refuses the case, or
 *                      不予许可决定书 when a department rejects its task (one per task): the reason,
 *                                     and the applicant's rights — 行政复议 within 60 days, 行政诉讼
 *                                     within 6 months, and where (document_settings)
 *   completion         办结通知书     when the case ends completed or partly completed; a case that
 *                                     ends wholly rejected has its decisions instead
 *
 * A document is issued inside the transaction of its step, by the subscriber of the case's events
 * (yw_document_on_case, listed in domain/events/subscribers.c): a row of case_documents holding its
 * facts and words as canonical JSON (the content), its SHA-256 and a random verification code.
 * Pages and PDFs are made on demand from the content alone, never from the case as it is later:
 * the same document reads the same words every time (text-stable; README.md).
 *
 * Readers: those who read the case (case/case.h: the applicant, the clerk who submitted, clerks,
 * officers of a department with a task, supervisors, admins); anyone else as the case answers
 * (403). The public verification answers, for a code, the kind, the case's number, the issuing
 * office, the date and whether the document is the current one — nothing personal. */
#ifndef YW_DOCUMENT_H
#define YW_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "../../base/buf.h"
#include "../../base/enum.h"
#include "../core/event.h"
#include "../core/op.h"

typedef enum { YW_DOC_RECEIPT, YW_DOC_CORRECTION, YW_DOC_DECISION, YW_DOC_COMPLETION } yw_document_kind;
/* receipt, correction-notice, decision, completion: the names the API and the table use */
extern const yw_enum_text yw_document_kinds[];
/* The kind in words, for errors and lists: 受理回执 / receipt … Static text. */
const char *yw_document_kind_zh(yw_document_kind k);
const char *yw_document_kind_en(yw_document_kind k);

/* A verification code: YW_DOCUMENT_CODE_LEN characters of Crockford's base32 (0-9 and A-Z without
 * I, L, O, U): 80 random bits, short enough for a small QR code and for reading out. */
#define YW_DOCUMENT_CODE_LEN 16
#define YW_DOCUMENT_CODE_SIZE (YW_DOCUMENT_CODE_LEN + 1)
/* A document of a kind by its number within the case: 1 to this */
#define YW_DOCUMENT_SERIAL_MAX 1000

typedef struct {
    const char *id, *case_id, *task_id; /* task_id: a 补正 notice's or a 不予许可 decision's task, else NULL */
    yw_document_kind kind;
    int serial;          /* within the case and the kind, from 1 */
    const char *title;   /* the document's own title: 受理回执, 不予受理决定书 … */
    const char *office;  /* the issuing office */
    const char *number;  /* the case's number, or NULL for a case without one */
    const char *issued_at, *issued_on; /* ISO 8601 UTC; the day in Beijing */
    const char *content; /* canonical JSON text (README.md) */
    const char *sha256;  /* hex SHA-256 of content */
    const char *code;    /* the verification code */
    bool current;        /* no later document of its kind for the same task (or case) */
} yw_document;

/* The case's documents in the order issued, for those who read the case (yw_case_get's rule).
 * Arena memory. */
int yw_document_list(yw_op *op, const char *case_id, yw_document **out, int *count);
/* One document of the case: of `kind`, its `serial`th (0: the latest). The case unreadable as
 * yw_case_get answers; a document the case does not have (yet) YW_E_DOCUMENT_NOT_ISSUED (404).
 * Arena memory. */
int yw_document_get(yw_op *op, const char *case_id, yw_document_kind kind, int serial, yw_document *out);

/* The subscriber of case.* (core/event.h): issues the document a step calls for, in the step's
 * transaction — case.accepted a receipt, case.correct a correction notice for the task,
 * case.refused and case.task_rejected a decision, case.settled (completed or partly completed) a
 * completion notice. Other events issue nothing. */
int yw_document_on_case(yw_op *op, yw_event *ev);

/* ---- public verification (验真) ----
 * Anyone gives a code (the QR's, or typed from under it; lower case and spaces or dashes between
 * groups are read as the code) and reads what the document is. Failures are counted per client
 * address (core/session.h's counted failures), as the public case lookup's: past
 * YW_DOCUMENT_VERIFY_MAX_FAILURES within YW_DOCUMENT_VERIFY_WINDOW_MS the address is refused
 * (YW_E_DOCUMENT_VERIFY_LOCKED, 429) before anything is looked at. In two writes: begin checks the
 * code's form (422 code), the limit, and counts this attempt as a failure; finish looks the code
 * up and forgets the failure when it is known (YW_E_DOCUMENT_CODE_UNKNOWN otherwise, 404). */
#define YW_DOCUMENT_VERIFY_WINDOW_MS ((int64_t)15 * 60 * 1000)
#define YW_DOCUMENT_VERIFY_MAX_FAILURES 10

/* Reads a code as typed: Crockford's base32 letters and digits, lower case as upper, spaces and
 * dashes skipped, exactly YW_DOCUMENT_CODE_LEN of them (I and L read as 1, O as 0). true with
 * out filled, or false. Pure (fuzzed: tests/fuzz/fuzz_document_code.c). */
bool yw_document_code_parse(const char *text, size_t len, char out[YW_DOCUMENT_CODE_SIZE]);

typedef struct {
    const char *code, *address; /* address: the client's, or NULL */
} yw_document_verify_in;
typedef struct {
    const char *code, *scope, *attempt_id; /* arena copies, for finish */
} yw_document_verify_attempt;
typedef struct {
    yw_document_kind kind;
    const char *title, *office, *number, *case_title, *issued_on;
    int serial;
    bool current;
} yw_document_verified;
int yw_document_verify_begin(yw_op *op, const yw_document_verify_in *in, yw_document_verify_attempt *out);
int yw_document_verify_finish(yw_op *op, const yw_document_verify_attempt *at, yw_document_verified *out);

/* ---- the deployment's words on every document (document_settings, one row) ----
 * office: the issuing office of a case that spans several departments (a single department's case
 * is issued in its name); contact: a receipt's line on whom to ask; review_body: where 行政复议 is
 * asked (the city's people's government, or a department's superior); court: where 行政诉讼 is
 * brought; public_url: the address the QR opens (http:// or https://, no path), or NULL for the
 * address the document was asked at. Staff read them; admins change them (audited). A document
 * keeps the words it was issued with. */
#define YW_DOCUMENT_SETTING_MAX 200
typedef struct {
    const char *office, *contact, *review_body, *court, *public_url;
    const char *updated_by, *updated_at;
} yw_document_settings;
int yw_document_settings_get(yw_op *op, yw_document_settings *out);
/* Anyone: the public_url (NULL when none is set), for the address a document's QR opens. */
int yw_document_public_url(yw_op *op, const char **out);
int yw_document_settings_set(yw_op *op, const yw_document_settings *in, yw_document_settings *out);

/* The address a document's QR opens: base (a public_url, or "http(s)://host") and
 * "/verify.html?code=" and the code. Arena text, or NULL when out of memory. */
const char *yw_document_verify_url(yw_arena *a, const char *base, const char *code);

/* ---- rendering (pdf.c, qr.c): pure, no store ---- */

/* A QR code of text (error correction M): size × size modules, modules[y * size + x] 1 for dark.
 * Arena memory. */
typedef struct {
    int size;
    unsigned char *modules;
} yw_qr;
int yw_qr_encode(yw_arena *a, const char *text, yw_qr *out, yw_err *err);

/* The QR code as an image with a quiet zone of 4 modules each side, scale pixels per module
 * (1 to YW_QR_SCALE_MAX; otherwise YW_E_DOCUMENT_QR_SCALE naming "scale"), appended to out (a
 * buffer the caller initialised; its arena owns the bytes). PNG: black on white from a cairo
 * image surface (write_to_png_stream). SVG: one <path> of the dark modules (a run of them in a
 * row is one rectangle) in a viewBox of modules on a white <rect>, width and height in pixels,
 * shape-rendering crispEdges. */
#define YW_QR_SCALE_MAX 16
int yw_qr_png(const yw_qr *q, int scale, yw_buf *out, yw_err *err);
int yw_qr_svg(const yw_qr *q, int scale, yw_buf *out, yw_err *err);

/* The document as an A4 PDF (cairo and pango, the CJK font scripts/deps.sh installs: WenQuanYi Zen
 * Hei): the office, the title, the words of its content, the office and date at the foot, and the
 * QR of verify_url with the address printed under it. *out gets the bytes in the arena. CPU work
 * of some milliseconds: never on an event loop. */
int yw_document_pdf(yw_arena *a, const yw_document *d, const char *verify_url, yw_buf *out, yw_err *err);

#endif
