/* Uploaded materials: the sniffer that judges a file by its content, the slow step before the
 * transaction (hash, and the file into the shared uploads directory), and the rows — one per
 * file in `uploads`, one per uploader in `upload_owners` — with who may read them. upload.h
 * states the promises; README.md the invariants. */
#include "upload.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/utf8.h"
#include "../core/audit.h"

const char *const yw_upload_types[] = {"application/pdf", "image/jpeg", "image/png", "application/ofd", NULL};

#define ZIP_MEDIA_TYPE "application/zip"

/* ---- the sniffer ----
 *
 * PDF, JPEG and PNG are told by their first bytes. OFD is a ZIP archive whose root holds OFD.xml
 * (GB/T 33190 §7.2): the archive's central directory is found through its end record (the last
 * 22 bytes, or up to 64 KiB earlier when the archive has a comment) and its entries' names read;
 * an archive without a readable central directory (cut short, or ZIP64) is walked by its local
 * headers instead, as far as their sizes are known. Every offset comes from the file, so every
 * read is checked against len first. */

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char ofd_entry[] = "OFD.xml";
#define OFD_ENTRY_LEN (sizeof ofd_entry - 1)

static bool is_ofd_name(const unsigned char *name, size_t n) {
    return n == OFD_ENTRY_LEN && memcmp(name, ofd_entry, OFD_ENTRY_LEN) == 0;
}

/* 1 when the central directory names OFD.xml, 0 when it does not, -1 when there is none to read. */
static int central_directory_has_ofd(const unsigned char *b, size_t len) {
    enum { END_SIZE = 22, ENTRY_SIZE = 46, COMMENT_MAX = 65535 };
    if (len < END_SIZE) return -1;
    size_t lowest = len - END_SIZE > COMMENT_MAX ? len - END_SIZE - COMMENT_MAX : 0;
    for (size_t at = len - END_SIZE + 1; at-- > lowest;) {
        const unsigned char *end = b + at;
        if (memcmp(end, "PK\x05\x06", 4) != 0) continue;
        uint32_t entries = le16(end + 10), size = le32(end + 12), offset = le32(end + 16);
        if (offset > at || size > at - offset) continue; /* not a directory inside the file */
        size_t p = offset, stop = (size_t)offset + size;
        for (uint32_t i = 0; i < entries; i++) {
            if (stop - p < ENTRY_SIZE || memcmp(b + p, "PK\x01\x02", 4) != 0) return -1;
            size_t name = le16(b + p + 28), extra = le16(b + p + 30), comment = le16(b + p + 32);
            if (stop - p - ENTRY_SIZE < name) return -1;
            if (is_ofd_name(b + p + ENTRY_SIZE, name)) return 1;
            size_t next = ENTRY_SIZE + name + extra + comment;
            if (stop - p < next) return -1;
            p += next;
        }
        return 0;
    }
    return -1;
}

/* Whether some local header, walked from the start while the sizes are known, names OFD.xml. */
static bool local_headers_have_ofd(const unsigned char *b, size_t len) {
    enum { HEADER_SIZE = 30, DATA_DESCRIPTOR = 1 << 3 };
    size_t p = 0;
    while (len - p >= HEADER_SIZE && memcmp(b + p, "PK\x03\x04", 4) == 0) {
        size_t name = le16(b + p + 26), extra = le16(b + p + 28), compressed = le32(b + p + 18);
        if (len - p - HEADER_SIZE < name) return false;
        if (is_ofd_name(b + p + HEADER_SIZE, name)) return true;
        if ((le16(b + p + 6) & DATA_DESCRIPTOR) && compressed == 0) return false; /* size unknown here */
        size_t next = HEADER_SIZE + name + extra;
        if (len - p < next || len - p - next < compressed) return false;
        p += next + compressed;
    }
    return false;
}

const char *yw_upload_sniff(const void *bytes, size_t len) {
    const unsigned char *b = bytes;
    if (!b) return NULL;
    if (len >= 5 && memcmp(b, "%PDF-", 5) == 0) return yw_upload_types[0];
    if (len >= 3 && memcmp(b, "\xFF\xD8\xFF", 3) == 0) return yw_upload_types[1];
    if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1A\n", 8) == 0) return yw_upload_types[2];
    if (len >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) {
        int in_directory = central_directory_has_ofd(b, len);
        if (in_directory == 1 || (in_directory < 0 && local_headers_have_ofd(b, len))) return yw_upload_types[3];
        return ZIP_MEDIA_TYPE;
    }
    return NULL;
}

bool yw_upload_sha256_valid(const char *s) {
    if (!s) return false;
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f'))) return false;
    return n == YW_SHA256_HEX_SIZE - 1;
}

/* The accepted type equal to media_type (its literal in yw_upload_types), or NULL. */
static const char *accepted_type(const char *media_type) {
    for (const char *const *t = yw_upload_types; media_type && *t; t++)
        if (strcmp(*t, media_type) == 0) return *t;
    return NULL;
}

/* The size, the name and the content against the declared type: what both steps check. */
static int validate(const yw_upload_new *in, yw_err *err) {
    if (!in->bytes || in->len == 0) return yw_fail(err, YW_E_UPLOAD_EMPTY, "file");
    if (in->len > YW_UPLOAD_MAX_BYTES) return yw_fail(err, YW_E_UPLOAD_TOO_LARGE, "file", YW_UPLOAD_MAX_BYTES >> 20);
    if (in->name) {
        size_t n = strlen(in->name);
        bool control = false;
        for (size_t i = 0; i < n; i++) control |= (unsigned char)in->name[i] < 0x20 || in->name[i] == 0x7f;
        if (n == 0 || n > YW_UPLOAD_NAME_MAX || control || yw_utf8_invalid_at(in->name, n) >= 0)
            return yw_fail(err, YW_E_UPLOAD_NAME, "name", YW_UPLOAD_NAME_MAX);
    }
    const char *declared = in->media_type ? in->media_type : "";
    const char *found = yw_upload_sniff(in->bytes, in->len);
    if (!accepted_type(declared) || !found || strcmp(found, declared) != 0)
        return yw_fail(err, YW_E_UPLOAD_TYPE_MISMATCH, "file", declared, found ? found : "无法识别的格式",
                       found ? found : "of no type accepted here");
    return 0;
}

/* ---- the uploads directory ----
 *
 * One file per hash at DIR/ab/abcdef… (the first two hex digits a subdirectory, so that no
 * directory holds more than a 256th of the files). A file appears whole or not at all: written
 * under a temporary name, fsynced, then linked to its name — link(2) never replaces an existing
 * name, and an existing file of that hash holds the same bytes — and the directory fsynced.
 * Nothing there is ever rewritten or removed by the server. */

static char *file_path(const char *dir, const char *sha256, const char *suffix) {
    size_t n = strlen(dir) + 4 + YW_SHA256_HEX_SIZE + strlen(suffix);
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%.2s/%s%s", dir, sha256, sha256, suffix);
    return p;
}

static int dir_failed(const char *what, int errnum, yw_err *err) {
    return yw_fail(err, YW_E_UPLOAD_DIR_IO, NULL, what, strerror(errnum));
}

static int sync_dir(const char *path, yw_err *err) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return dir_failed("open", errno, err);
    int rc = fsync(fd), saved = errno;
    close(fd);
    return rc < 0 ? dir_failed("fsync", saved, err) : 0;
}

static int write_all(int fd, const unsigned char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int write_file(const char *dir, const yw_upload_new *in, yw_err *err) {
    /* a temporary name of its own, so that two servers writing the same file do not collide */
    char suffix[32];
    snprintf(suffix, sizeof suffix, ".tmp.%08x", (unsigned)randombytes_random());
    char *final = file_path(dir, in->sha256, "");
    char *tmp = file_path(dir, in->sha256, suffix);
    char *sub = final ? strdup(final) : NULL;
    int rc = -1, fd = -1;
    struct stat st;
    if (!final || !tmp || !sub) {
        yw_fail(err, YW_E_NOMEM, NULL);
        goto done;
    }
    *strrchr(sub, '/') = '\0';
    if (stat(final, &st) == 0) { /* there already: the same bytes, never rewritten */
        rc = 0;
        goto done;
    }
    if (mkdir(sub, 0750) < 0 && errno != EEXIST) {
        dir_failed("mkdir", errno, err);
        goto done;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) {
        dir_failed("open", errno, err);
        goto done;
    }
    int failed = write_all(fd, in->bytes, in->len) < 0 || fsync(fd) < 0 ? (errno ? errno : EIO) : 0;
    if (close(fd) < 0 && !failed) failed = errno;
    fd = -1;
    if (failed) {
        dir_failed("write", failed, err);
    } else if (link(tmp, final) < 0 && errno != EEXIST) { /* EEXIST: another server was first */
        dir_failed("link", errno, err);
    } else {
        rc = 0;
    }
    unlink(tmp);
    if (rc == 0) rc = sync_dir(sub, err);
done:
    if (fd >= 0) close(fd);
    free(final);
    free(tmp);
    free(sub);
    return rc;
}

/* Reads the file of an upload recorded without content into the arena. */
static int read_file(yw_arena *a, const char *dir, const char *sha256, int64_t size, const unsigned char **bytes,
                     yw_err *err) {
    if (!dir) return yw_fail(err, YW_E_UPLOAD_DIR_MISSING, NULL, sha256);
    char *path = file_path(dir, sha256, "");
    if (!path) return yw_fail(err, YW_E_NOMEM, NULL);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    free(path);
    if (fd < 0) return errno == ENOENT ? yw_fail(err, YW_E_UPLOAD_DAMAGED, NULL, sha256) : dir_failed("open", errno, err);
    struct stat st;
    unsigned char *buf = NULL;
    int rc = -1;
    if (fstat(fd, &st) < 0) {
        dir_failed("stat", errno, err);
    } else if (st.st_size != size) {
        yw_fail(err, YW_E_UPLOAD_DAMAGED, NULL, sha256);
    } else if (!(buf = yw_arena_alloc(a, (size_t)size))) {
        yw_fail(err, YW_E_NOMEM, NULL);
    } else {
        size_t got = 0;
        while (got < (size_t)size) {
            ssize_t r = read(fd, buf + got, (size_t)size - got);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) break;
            got += (size_t)r;
        }
        if (got == (size_t)size) rc = 0, *bytes = buf;
        else yw_fail(err, YW_E_UPLOAD_DAMAGED, NULL, sha256);
    }
    close(fd);
    return rc;
}

int yw_upload_prepare(yw_upload_new *in, const char *dir, yw_err *err) {
    in->sha256[0] = '\0';
    in->in_directory = false;
    if (validate(in, err) < 0) return -1;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, in->bytes, in->len);
    sodium_bin2hex(in->sha256, sizeof in->sha256, h, sizeof h);
    if (dir) {
        if (write_file(dir, in, err) < 0) return -1;
        in->in_directory = true;
    }
    return 0;
}

/* ---- the rows ---- */

/* "sha256, media_type, size, name, created_at" into a yw_upload_info */
#define INFO_COLS "u.sha256, u.media_type, u.size, o.name, o.created_at"
static const yw_column info_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_upload_info, sha256), YW_COLUMN(YW_COL_TEXT, yw_upload_info, media_type),
    YW_COLUMN(YW_COL_INT64, yw_upload_info, size),  YW_COLUMN(YW_COL_TEXT, yw_upload_info, name),
    YW_COLUMN(YW_COL_TEXT, yw_upload_info, created_at),
};
#define NINFO ((int)(sizeof info_columns / sizeof info_columns[0]))

static const char *owner_json(yw_arena *a, const yw_upload_new *in, const char *account_id) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "sha256", in->sha256);
    yw_jw_kint(&w, "size", (int64_t)in->len);
    yw_jw_kstr(&w, "media_type", in->media_type);
    yw_jw_kstr(&w, "name", in->name);
    yw_jw_kstr(&w, "account_id", account_id);
    yw_jw_kbool(&w, "in_directory", in->in_directory);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

int yw_upload_create(yw_op *op, const yw_upload_new *in, yw_upload_info *out) {
    if (yw_op_require(op, YW_UPLOAD_ROLES, "upload files") < 0) return -1;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    if (validate(in, err) < 0) return -1;
    if (!yw_upload_sha256_valid(in->sha256)) return yw_fail(err, YW_E_UPLOAD_SHA256, "sha256", "sha256");
    const char *account = op->actor->account_id;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    yw_param content = in->in_directory ? YW_NULL_P : YW_BYTES_P(in->bytes, in->len);
    if (yw_store_run(s, NULL,
                     "INSERT INTO uploads (sha256, size, media_type, content, created_at) VALUES ($1, $2, $3, $4, $5)"
                     " ON CONFLICT (sha256) DO NOTHING",
                     YW_PARAMS(YW_TEXT_P(in->sha256), YW_INT_P(in->len), YW_TEXT_P(accepted_type(in->media_type)),
                               content, YW_TEXT_P(now)),
                     NULL, NULL, err) < 0)
        return -1;
    /* a file kept only in a directory until now gains its bytes from a server that has none */
    if (!in->in_directory &&
        yw_store_run(s, NULL, "UPDATE uploads SET content = $2 WHERE sha256 = $1 AND content IS NULL",
                     YW_PARAMS(YW_TEXT_P(in->sha256), content), NULL, NULL, err) < 0)
        return -1;
    yw_rows rows;
    const char *sql = "SELECT " INFO_COLS " FROM upload_owners o JOIN uploads u ON u.sha256 = o.sha256"
                      " WHERE o.sha256 = $1 AND o.account_id = $2";
    if (yw_store_query(s, a, sql, YW_ARGS(in->sha256, account), &rows, err) < 0) return -1;
    bool created = rows.nrows == 0;
    if (created) {
        if (yw_store_run(s, NULL, "INSERT INTO upload_owners (sha256, account_id, name, created_at) VALUES ($1, $2, $3, $4)",
                         YW_PARAMS(YW_TEXT_P(in->sha256), YW_TEXT_P(account), YW_TEXT_P(in->name), YW_TEXT_P(now)),
                         NULL, NULL, err) < 0)
            return -1;
        const char *after = owner_json(a, in, account);
        if (!after) return yw_fail(err, YW_E_NOMEM, NULL);
        if (yw_audit_append(op, "upload.create", "upload", in->sha256, NULL, after) < 0) return -1;
        if (yw_store_query(s, a, sql, YW_ARGS(in->sha256, account), &rows, err) < 0) return -1;
    }
    if (!out) return 0;
    memset(out, 0, sizeof *out);
    yw_rows_fill(&rows, 0, info_columns, NINFO, out);
    out->created = created;
    return 0;
}

int yw_upload_check(yw_op *op, const char *sha256, const char *owner_account_id, const char *field,
                    yw_upload_info *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "refer to uploaded files") < 0) return -1;
    yw_err *err = op->err;
    if (!yw_upload_sha256_valid(sha256)) return yw_fail(err, YW_E_UPLOAD_SHA256, field, field ? field : "sha256");
    const char *owner = owner_account_id ? owner_account_id : op->actor->account_id;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT " INFO_COLS " FROM upload_owners o JOIN uploads u ON u.sha256 = o.sha256"
                       " WHERE o.sha256 = $1 AND (o.account_id = $2 OR o.account_id = $3)"
                       " ORDER BY CASE WHEN o.account_id = $2 THEN 0 ELSE 1 END LIMIT 1",
                       YW_ARGS(sha256, owner, op->actor->account_id), &rows, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_UPLOAD_UNKNOWN, field, sha256);
    if (out) {
        memset(out, 0, sizeof *out);
        yw_rows_fill(&rows, 0, info_columns, NINFO, out);
    }
    return 0;
}

int yw_upload_may_read(yw_op *op, const char *sha256) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "read uploaded files") < 0) return -1;
    yw_err *err = op->err;
    if (!yw_upload_sha256_valid(sha256)) return yw_fail(err, YW_E_UPLOAD_NOT_FOUND, "sha256", sha256 ? sha256 : "");
    yw_rows rows;
    if (yw_actor_has(op->actor, YW_ROLE_STAFF)) {
        if (yw_store_query(op->store, op->arena, "SELECT 1 FROM uploads WHERE sha256 = $1", YW_ARGS(sha256), &rows,
                           err) < 0)
            return -1;
    } else if (yw_store_query(op->store, op->arena,
                              "SELECT 1 FROM upload_owners WHERE sha256 = $1 AND account_id = $2",
                              YW_ARGS(sha256, op->actor->account_id), &rows, err) < 0) {
        return -1;
    }
    return rows.nrows ? 0 : yw_fail(err, YW_E_UPLOAD_NOT_FOUND, "sha256", sha256);
}

int yw_upload_get(yw_op *op, const yw_upload_get_in *in, yw_upload_file *out) {
    if (yw_upload_may_read(op, in->sha256) < 0) return -1;
    yw_err *err = op->err;
    yw_rows rows;
    /* the actor's own name for the file when it is an owner; else the first owner's */
    if (yw_store_query(op->store, op->arena,
                       "SELECT " INFO_COLS ", u.content FROM uploads u JOIN upload_owners o ON o.sha256 = u.sha256"
                       " WHERE u.sha256 = $1 ORDER BY CASE WHEN o.account_id = $2 THEN 0 ELSE 1 END, o.created_at"
                       " LIMIT 1",
                       YW_ARGS(in->sha256, op->actor->account_id), &rows, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_UPLOAD_NOT_FOUND, "sha256", in->sha256);
    memset(out, 0, sizeof *out);
    yw_rows_fill(&rows, 0, info_columns, NINFO, &out->info);
    const char *content = yw_rows_get(&rows, 0, NINFO);
    if (!content) { /* kept in the uploads directory */
        if (read_file(op->arena, in->dir, in->sha256, out->info.size, &out->bytes, err) < 0) return -1;
        out->len = (size_t)out->info.size;
        return 0;
    }
    out->len = yw_rows_len(&rows, 0, NINFO);
    if ((int64_t)out->len != out->info.size) return yw_fail(err, YW_E_UPLOAD_DAMAGED, NULL, in->sha256);
    out->bytes = (const unsigned char *)content;
    return 0;
}

int yw_upload_list_mine(yw_op *op, const yw_upload_list_in *in, yw_upload_list *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "list uploaded files") < 0) return -1;
    yw_err *err = op->err;
    int limit = in->limit < 1 || in->limit > YW_UPLOAD_LIST_MAX ? YW_UPLOAD_LIST_MAX : in->limit;
    int offset = in->offset < 0 ? 0 : in->offset;
    const char *account = op->actor->account_id;
    yw_rows rows, count;
    if (yw_store_run(op->store, op->arena,
                     "SELECT " INFO_COLS " FROM upload_owners o JOIN uploads u ON u.sha256 = o.sha256"
                     " WHERE o.account_id = $1 ORDER BY o.created_at DESC, o.sha256 LIMIT $2 OFFSET $3",
                     YW_PARAMS(YW_TEXT_P(account), YW_INT_P(limit), YW_INT_P(offset)), &rows, NULL, err) < 0 ||
        yw_store_query(op->store, op->arena, "SELECT COUNT(*) FROM upload_owners WHERE account_id = $1",
                       YW_ARGS(account), &count, err) < 0)
        return -1;
    out->items = yw_rows_fill_all(&rows, info_columns, NINFO, sizeof *out->items, op->arena);
    if (!out->items) return yw_fail(err, YW_E_NOMEM, NULL);
    out->count = rows.nrows;
    out->total = strtoll(yw_rows_get(&count, 0, 0), NULL, 10);
    return 0;
}
