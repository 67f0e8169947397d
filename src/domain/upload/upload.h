/* Uploaded materials (上传材料), content-addressed: a file an applicant (or a clerk for one) hands
 * in once and then refers to by its SHA-256 wherever a material is asked for (a case, a bundle's
 * case). The bytes are kept once per hash, whoever uploads them and however often (a retried
 * submission changes nothing); who uploaded a file is a row of its own, with the name they gave
 * it, and only those owners and the staff read it back.
 *
 * A file is one of four types (YW_UPLOAD_TYPES), judged by its content, never by what the client
 * declares, and whole from its first byte to its last: PDF from "%PDF-" to a trailer with
 * startxref and %%EOF, JPEG from SOI through a scan to EOI, PNG from its signature and IHDR to
 * IEND, OFD (GB/T 33190, the national fixed-layout format) as a ZIP archive whose central
 * directory names OFD.xml at its root. A file that is also something else (an HTML page or a
 * ZIP inside a PDF, bytes after a format's end) is none of them. A declared type that is not the
 * content's is refused, naming both.
 *
 * Two steps, as for every slow write (src/domain/README.md):
 *   yw_upload_prepare   before the transaction, off the event loop: checks size and content,
 *                       hashes, and with an uploads directory writes the file there;
 *   yw_upload_create    inside the transaction: the metadata (and without a directory the
 *                       bytes), the owner row, and its audit entry upload.create.
 * Reads: yw_upload_get (bytes, for yw_upload_may_read), yw_upload_read (bytes, for a concept that
 * decided who reads: a case's files), yw_upload_list_mine, and yw_upload_check for other concepts
 * that take an upload's hash as input (the case's materials). */
#ifndef YW_UPLOAD_H
#define YW_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/op.h"

#define YW_UPLOAD_MAX_BYTES (10 * 1024 * 1024) /* one file; the route's body limit too */
#define YW_UPLOAD_NAME_MAX 200                 /* bytes of the name the uploader gives a file */
#define YW_UPLOAD_LIST_MAX 200                 /* uploads in one page of yw_upload_list_mine */
#define YW_SHA256_HEX_SIZE 65                  /* 64 lowercase hex digits and the NUL */
/* who uploads: applicants, clerks for them, and the officers and admins who rest a decision on a
 * document (the 清算报告 of a 普通注销) */
#define YW_UPLOAD_ROLES (YW_ROLE_APPLICANT | YW_ROLE_CLERK | YW_ROLE_OFFICER | YW_ROLE_ADMIN)

/* What one account may upload (docs/uploads.md): new files a day (in Asia/Shanghai, the city's
 * day), their bytes a day, and the bytes of all its uploads. Counted in the store (upload_usage),
 * so that every server of one store counts alike; a repeat of a file the account has already
 * uploaded counts nothing, a file another account uploaded first counts in full. Past a limit an
 * upload is refused with 429 and changes nothing. An applicant hands in a few documents a case;
 * a clerk scans them for every applicant at a window (帮办代办) and may do ten times as much a
 * day and keep a hundred times as much. */
#define YW_UPLOAD_DAY_FILES 100
#define YW_UPLOAD_DAY_BYTES (100LL << 20)  /* 100 MiB: ten files of the largest size */
#define YW_UPLOAD_TOTAL_BYTES (1LL << 30)  /* 1 GiB */
#define YW_UPLOAD_CLERK_DAY_FILES 1000
#define YW_UPLOAD_CLERK_DAY_BYTES (1LL << 30)   /* 1 GiB */
#define YW_UPLOAD_CLERK_TOTAL_BYTES (100LL << 30) /* 100 GiB */

/* The media types accepted, NULL-terminated: the route's declaration and the sniffer's answers. */
extern const char *const yw_upload_types[];

/* What the bytes are by their content: one of yw_upload_types, "application/zip" for a ZIP
 * archive without OFD.xml at its root, or NULL for anything else — a polyglot or a file cut short
 * included (upload.c's banner says what each type must hold). Never reads past len. Fuzzed
 * (tests/fuzz/fuzz_upload_sniff.c). */
const char *yw_upload_sniff(const void *bytes, size_t len);

/* Is s 64 lowercase hexadecimal digits (a SHA-256 as this concept writes it)? */
bool yw_upload_sha256_valid(const char *s);

/* An upload as the API answers with it: the file and the actor's (or the owner's) name for it.
 * Texts live in op->arena. */
typedef struct {
    const char *sha256, *media_type;
    int64_t size;
    const char *name;       /* the owner's name for the file; NULL when none was given */
    const char *created_at; /* when this owner uploaded it */
    bool created;           /* yw_upload_create: a new owner row (201) rather than a repeat (200) */
} yw_upload_info;

/* A new upload. The caller fills bytes, len, media_type (declared) and name (may be NULL);
 * yw_upload_prepare fills the rest. */
typedef struct {
    const void *bytes;
    size_t len;
    const char *media_type;
    const char *name;
    char sha256[YW_SHA256_HEX_SIZE];
    bool in_directory; /* the bytes are in the uploads directory: the store keeps no copy */
    const char *dir;   /* that directory (in_directory) */
    char tmp[16];      /* the suffix of the file written there but not yet named (".tmp.xxxxxxxx"), or "" */
} yw_upload_new;

/* The slow part, before the transaction and on no event loop: checks the size (1 byte to
 * YW_UPLOAD_MAX_BYTES), the name and the content against the declared type, computes the
 * SHA-256 and, when dir is not NULL and the directory has no file of that hash yet, writes the
 * file under a temporary name beside dir/ab/abcdef… (64 hex digits), fsynced. yw_upload_create
 * gives it its name once the account's quota allows it, or removes it. Touches no store. */
int yw_upload_prepare(yw_upload_new *in, const char *dir, yw_err *err);

/* Records a prepared upload for op's actor (an applicant, or a clerk uploading for one): the
 * file once per hash, an owner row once per (hash, account) with the audit entry upload.create,
 * counted against the account's quota (YW_UPLOAD_DAY_FILES …; 429 past it). With a directory,
 * the prepared file is linked to its name (never over an existing file of that hash, which is the
 * same file) and the directory fsynced; on any refusal it is removed. The same file again from
 * the same account answers as the first time, with out->created false, no second row and nothing
 * counted; another account's copy of it adds only its owner row. */
int yw_upload_create(yw_op *op, const yw_upload_new *in, yw_upload_info *out);

/* For concepts that take an upload's hash as input (a case's material): 0 when sha256 names an
 * upload of owner_account_id's or of op's actor (NULL owner: the actor's only), with out (may be
 * NULL) filled from that owner's row; otherwise YW_ERR_INVALID naming `field`, for a malformed
 * hash and for one nobody of the two uploaded alike (an upload is not revealed to others). */
int yw_upload_check(yw_op *op, const char *sha256, const char *owner_account_id, const char *field,
                    yw_upload_info *out);

/* 0 when op's actor may read the upload sha256: one of its owners, or staff (clerk, officer,
 * supervisor, admin). YW_ERR_NOT_FOUND otherwise, as for no such upload: who cannot read a file
 * does not learn that it exists. The one place to widen or narrow who reads uploads (e.g. to
 * staff who can see a case referring to it). */
int yw_upload_may_read(yw_op *op, const char *sha256);

/* The bytes of an upload with its metadata, for yw_upload_may_read. dir: the uploads directory
 * (NULL when there is none), where a file recorded without content is read from. */
typedef struct {
    yw_upload_info info; /* the actor's name for it when an owner; else the first owner's */
    const unsigned char *bytes;
    size_t len;
} yw_upload_file;
typedef struct {
    const char *sha256;
    const char *dir;
} yw_upload_get_in;
int yw_upload_get(yw_op *op, const yw_upload_get_in *in, yw_upload_file *out);

/* The same bytes and metadata for a concept that has decided by its own rule who reads a file it
 * refers to: a case's files (yw_case_file_open) are read by those who handle the case, the
 * applicant included when a clerk uploaded them at the window. Checks only that the actor is an
 * applicant or staff; the caller's own check comes first. */
int yw_upload_read(yw_op *op, const yw_upload_get_in *in, yw_upload_file *out);

/* The actor's uploads, newest first, a page of at most YW_UPLOAD_LIST_MAX. */
typedef struct {
    int limit, offset;
} yw_upload_list_in;
typedef struct {
    yw_upload_info *items;
    int count;
    int64_t total;
} yw_upload_list;
int yw_upload_list_mine(yw_op *op, const yw_upload_list_in *in, yw_upload_list *out);

#endif
