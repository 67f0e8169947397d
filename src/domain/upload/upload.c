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
 * A file is taken as a type only when it is that type from its first byte to its last, so that
 * no file is two things at once (a polyglot: "%PDF-" and then an HTML page, a PNG with a ZIP
 * appended) and nothing the platform hands back can be opened as something else:
 *
 *   PDF   "%PDF-" and a version (ISO 32000 §7.5.2); a trailer at the end — "startxref", the
 *         cross-reference's offset inside the file, and "%%EOF" within the last SNIFF_PDF_TAIL
 *         bytes (§7.5.5), followed by nothing but white space;
 *   JPEG  SOI (FF D8), its marker segments well formed up to a start of scan (SOS), and EOI
 *         (FF D9) as its last two bytes (ITU-T T.81 Annex B);
 *   PNG   the 8-byte signature, IHDR as the first chunk (13 bytes) and IEND as the last, every
 *         chunk inside the file (ISO/IEC 15948 §5);
 *   OFD   a ZIP archive whose central directory, read through its end record at the very end of
 *         the file, names OFD.xml at its root with a local header where it says (GB/T 33190
 *         §7.2) — a ZIP with a readable directory but no OFD.xml is told apart as a ZIP.
 *
 * None of them carries an HTML tag in the bytes a browser sniffs (SNIFF_HEAD); none but the OFD
 * a ZIP header there, nor a ZIP end record that a ZIP reader would open. Bytes past a format's
 * end (after EOI, after IEND, after a ZIP's end record and its comment) are refused, but for NULs
 * and white space after a PDF's %%EOF, which are common and harmless. Every offset comes from the
 * file, so every read is checked against len first. */

#define SNIFF_HEAD 1445   /* bytes a browser reads to sniff a type (WHATWG MIME Sniffing, §7) */
#define SNIFF_PDF_TAIL 1024 /* "%%EOF" within the last KiB, as PDF readers look for it */

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The first occurrence of the n bytes of s in b[0, len), or NULL. */
static const unsigned char *find(const unsigned char *b, size_t len, const char *s, size_t n) {
    for (size_t i = 0; n && len >= n && i <= len - n; i++)
        if (b[i] == (unsigned char)s[0] && memcmp(b + i, s, n) == 0) return b + i;
    return NULL;
}

/* The last occurrence of the n bytes of s in b[0, len), or NULL. */
static const unsigned char *find_last(const unsigned char *b, size_t len, const char *s, size_t n) {
    for (size_t i = len >= n ? len - n + 1 : 0; n && i-- > 0;)
        if (b[i] == (unsigned char)s[0] && memcmp(b + i, s, n) == 0) return b + i;
    return NULL;
}

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0; }

/* The tags that make a browser's sniffer take bytes as HTML (WHATWG MIME Sniffing §7.1, less
 * the one-letter ones, which a PDF's hex strings may spell), and SVG, which runs scripts too. */
static const char *const html_tags[] = {"!doctype html", "html", "head", "script", "iframe", "h1", "div", "font",
                                        "table", "style", "title", "body", "br", "svg", NULL};

/* Whether b[0, len) holds "<" and one of html_tags, in any case, ended by white space, ">" or
 * "/". (Not "<!--": an OFD's XML may hold comments.) */
static bool has_html_tag(const unsigned char *b, size_t len) {
    for (size_t i = 0; i + 1 < len; i++) {
        if (b[i] != '<') continue;
        for (const char *const *t = html_tags; *t; t++) {
            size_t n = strlen(*t), j = 0;
            if (len - i - 1 <= n) continue;
            while (j < n && (b[i + 1 + j] | 0x20) == ((unsigned char)(*t)[j] | 0x20)) j++;
            unsigned char end = b[i + 1 + n];
            if (j == n && (end == ' ' || end == '\t' || end == '\n' || end == '\r' || end == '>' || end == '/'))
                return true;
        }
    }
    return false;
}

static bool has_zip_header(const unsigned char *b, size_t len) {
    return find(b, len, "PK\x03\x04", 4) || find(b, len, "PK\x01\x02", 4) || find(b, len, "PK\x05\x06", 4);
}

/* What a browser or an unzipper would see in the file beside its own type: an HTML tag or a ZIP
 * header in its first bytes. */
static bool foreign_head(const unsigned char *b, size_t len, bool zip_allowed) {
    size_t head = len < SNIFF_HEAD ? len : SNIFF_HEAD;
    return has_html_tag(b, head) || (!zip_allowed && has_zip_header(b, head));
}

/* A ZIP's end of central directory as a reader finds it: the last "PK\5\6" within the last 22
 * bytes + 64 KiB whose directory lies inside the file before it. */
typedef struct {
    size_t at;              /* of the end record */
    uint32_t entries, size, offset;
    size_t comment;         /* the comment's length the record declares */
} zip_end;

static bool find_zip_end(const unsigned char *b, size_t len, zip_end *z) {
    enum { END_SIZE = 22, COMMENT_MAX = 65535 };
    if (len < END_SIZE) return false;
    size_t lowest = len - END_SIZE > COMMENT_MAX ? len - END_SIZE - COMMENT_MAX : 0;
    for (size_t at = len - END_SIZE + 1; at-- > lowest;) {
        const unsigned char *end = b + at;
        if (memcmp(end, "PK\x05\x06", 4) != 0) continue;
        uint32_t size = le32(end + 12), offset = le32(end + 16);
        if (offset > at || size > at - offset) continue; /* not a directory inside the file */
        *z = (zip_end){at, le16(end + 10), size, offset, le16(end + 20)};
        return true;
    }
    return false;
}

static const char ofd_entry[] = "OFD.xml";
#define OFD_ENTRY_LEN (sizeof ofd_entry - 1)

/* 1 when the directory names OFD.xml at the root with its local header where it says, 0 when it
 * does not, -1 when the directory cannot be read. */
static int zip_has_ofd(const unsigned char *b, const zip_end *z) {
    enum { ENTRY_SIZE = 46, LOCAL_SIZE = 30 };
    size_t p = z->offset, stop = (size_t)z->offset + z->size;
    for (uint32_t i = 0; i < z->entries; i++) {
        if (stop - p < ENTRY_SIZE || memcmp(b + p, "PK\x01\x02", 4) != 0) return -1;
        size_t name = le16(b + p + 28), extra = le16(b + p + 30), comment = le16(b + p + 32);
        size_t local = le32(b + p + 42);
        if (stop - p - ENTRY_SIZE < name) return -1;
        if (name == OFD_ENTRY_LEN && memcmp(b + p + ENTRY_SIZE, ofd_entry, OFD_ENTRY_LEN) == 0) {
            /* the entry's local header, before the directory, names it too */
            if (local > z->offset || z->offset - local < LOCAL_SIZE + OFD_ENTRY_LEN) return -1;
            const unsigned char *h = b + local;
            if (memcmp(h, "PK\x03\x04", 4) != 0 || le16(h + 26) != OFD_ENTRY_LEN ||
                memcmp(h + LOCAL_SIZE, ofd_entry, OFD_ENTRY_LEN) != 0)
                return -1;
            return 1;
        }
        size_t next = ENTRY_SIZE + name + extra + comment;
        if (stop - p < next) return -1;
        p += next;
    }
    return 0;
}

/* "%PDF-d.d", then a trailer: "startxref", an offset inside the file, "%%EOF" in the last
 * SNIFF_PDF_TAIL bytes and after it only white space. */
static bool is_pdf(const unsigned char *b, size_t len) {
    if (len < 8 || memcmp(b, "%PDF-", 5) != 0) return false;
    if (!(b[5] >= '1' && b[5] <= '2' && b[6] == '.' && b[7] >= '0' && b[7] <= '9')) return false;
    size_t tail = len < SNIFF_PDF_TAIL ? len : SNIFF_PDF_TAIL;
    const unsigned char *eof = find_last(b + len - tail, tail, "%%EOF", 5);
    if (!eof) return false;
    for (const unsigned char *p = eof + 5; p < b + len; p++)
        if (!is_space(*p)) return false;
    /* the last startxref before %%EOF, and the offset it gives */
    const unsigned char *sx = find_last(b, (size_t)(eof - b), "startxref", 9);
    if (!sx) return false;
    const unsigned char *p = sx + 9;
    while (p < eof && is_space(*p)) p++;
    if (p == eof || *p < '0' || *p > '9') return false;
    uint64_t offset = 0;
    for (; p < eof && *p >= '0' && *p <= '9'; p++)
        if ((offset = offset * 10 + (uint64_t)(*p - '0')) >= len) return false;
    while (p < eof && is_space(*p)) p++;
    return p == eof;
}

/* SOI, the marker segments up to SOS each inside the file, and EOI as the last two bytes. */
static bool is_jpeg(const unsigned char *b, size_t len) {
    if (len < 4 || b[0] != 0xFF || b[1] != 0xD8 || b[2] != 0xFF) return false;
    if (b[len - 2] != 0xFF || b[len - 1] != 0xD9) return false;
    size_t p = 2;
    while (len - p >= 4) {
        if (b[p] != 0xFF) return false;
        unsigned char marker = b[p + 1];
        if (marker == 0xFF) { /* fill bytes before a marker */
            p++;
            continue;
        }
        if (marker == 0x01) { /* TEM stands alone */
            p += 2;
            continue;
        }
        if (marker == 0xD8 || marker == 0xD9 || marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7)) return false;
        size_t seg = (size_t)b[p + 2] << 8 | b[p + 3];
        if (seg < 2 || len - p - 2 < seg) return false;
        if (marker == 0xDA) return len - p - 2 - seg >= 2; /* SOS: the scan, then EOI at the end */
        p += 2 + seg;
    }
    return false;
}

/* The signature, IHDR first and 13 bytes long, every chunk inside the file, IEND last. */
static bool is_png(const unsigned char *b, size_t len) {
    enum { SIG = 8, CHUNK = 12 /* length, type, CRC */ };
    if (len < SIG + 2 * CHUNK + 13 || memcmp(b, "\x89PNG\r\n\x1A\n", SIG) != 0) return false;
    if (be32(b + SIG) != 13 || memcmp(b + SIG + 4, "IHDR", 4) != 0) return false;
    size_t p = SIG;
    while (len - p >= CHUNK) {
        uint32_t n = be32(b + p);
        if (len - p - CHUNK < n) return false;
        if (memcmp(b + p + 4, "IEND", 4) == 0) return n == 0 && p + CHUNK == len;
        p += CHUNK + n;
    }
    return false;
}

const char *yw_upload_sniff(const void *bytes, size_t len) {
    const unsigned char *b = bytes;
    if (!b) return NULL;
    zip_end z;
    if (len >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) {
        if (!find_zip_end(b, len, &z) || z.at + 22 + z.comment != len || foreign_head(b, len, true)) return NULL;
        int ofd = zip_has_ofd(b, &z);
        return ofd == 1 ? yw_upload_types[3] : ofd == 0 ? ZIP_MEDIA_TYPE : NULL;
    }
    const char *type = is_pdf(b, len) ? yw_upload_types[0] : is_jpeg(b, len) ? yw_upload_types[1]
                       : is_png(b, len) ? yw_upload_types[2] : NULL;
    if (!type || foreign_head(b, len, false) || find_zip_end(b, len, &z)) return NULL;
    return type;
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
 * under a temporary name and fsynced before the transaction (the slow part), then — inside it,
 * once the account's quota allows the upload — linked to its name and the directory fsynced;
 * link(2) never replaces an existing name, and an existing file of that hash holds the same
 * bytes. A refused upload removes its temporary file, so that what the quota refuses takes no
 * room. Nothing named is ever rewritten or removed by the server; a temporary file is left only
 * by a crash or a request dropped between the two steps (DIR/ab/…​.tmp.*, safe to delete). */

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

/* Writes the file under a temporary name of its own (two servers writing the same file do not
 * collide), fsynced; in->tmp is its suffix. Nothing when the file is there already. */
static int write_temp(const char *dir, yw_upload_new *in, yw_err *err) {
    char suffix[sizeof in->tmp];
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
        unlink(tmp);
    } else {
        memcpy(in->tmp, suffix, sizeof suffix);
        rc = 0;
    }
done:
    if (fd >= 0) close(fd);
    free(final);
    free(tmp);
    free(sub);
    return rc;
}

/* Gives the prepared temporary file its name and fsyncs the directory; the temporary name is
 * removed. A file already named (another server's, or this upload's on a retried transaction)
 * is the same bytes. */
static int name_file(const yw_upload_new *in, yw_err *err) {
    if (!in->in_directory || !in->tmp[0]) return 0;
    char *final = file_path(in->dir, in->sha256, "");
    char *tmp = file_path(in->dir, in->sha256, in->tmp);
    char *sub = final ? strdup(final) : NULL;
    int rc = -1;
    struct stat st;
    if (!final || !tmp || !sub) {
        yw_fail(err, YW_E_NOMEM, NULL);
    } else if (link(tmp, final) < 0 && errno != EEXIST && !(errno == ENOENT && stat(final, &st) == 0)) {
        dir_failed("link", errno, err);
    } else {
        unlink(tmp);
        *strrchr(sub, '/') = '\0';
        rc = sync_dir(sub, err);
    }
    free(final);
    free(tmp);
    free(sub);
    return rc;
}

/* Removes the prepared temporary file of a refused upload. */
static void remove_temp(const yw_upload_new *in) {
    if (!in->in_directory || !in->tmp[0]) return;
    char *tmp = file_path(in->dir, in->sha256, in->tmp);
    if (tmp) unlink(tmp);
    free(tmp);
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
    in->dir = NULL;
    in->tmp[0] = '\0';
    if (validate(in, err) < 0) return -1;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, in->bytes, in->len);
    sodium_bin2hex(in->sha256, sizeof in->sha256, h, sizeof h);
    if (dir) {
        if (write_temp(dir, in, err) < 0) return -1;
        in->in_directory = true;
        in->dir = dir;
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

/* ---- the quota ----
 *
 * upload_usage holds per account and day (Asia/Shanghai) the new files and their bytes; the day's
 * row and the sum of all rows are the account's use. The account's own lock (an advisory lock on
 * PostgreSQL; SQLite has one writer anyway) makes two uploads of one account at once, on two
 * servers, count one after the other: the second reads what the first committed. */

typedef struct {
    long long day_files, day_bytes, total_bytes;
} quota;

static quota quota_of(const yw_actor *actor) {
    if (yw_actor_has(actor, YW_ROLE_CLERK))
        return (quota){YW_UPLOAD_CLERK_DAY_FILES, YW_UPLOAD_CLERK_DAY_BYTES, YW_UPLOAD_CLERK_TOTAL_BYTES};
    return (quota){YW_UPLOAD_DAY_FILES, YW_UPLOAD_DAY_BYTES, YW_UPLOAD_TOTAL_BYTES};
}

/* Counts a new file of `size` bytes against the actor's quota, or refuses it (429) naming the
 * limit it would pass. */
static int charge_quota(yw_op *op, int64_t size) {
    yw_err *err = op->err;
    const char *account = op->actor->account_id;
    const char *lock = yw_arena_printf(op->arena, "upload_usage:%s", account);
    if (!lock) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_store_lock(op->store, lock, err) < 0) return -1;
    char day[YW_DATE_SIZE];
    yw_date_format(yw_op_today(op), day);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT COALESCE(SUM(CASE WHEN day = $2 THEN files ELSE 0 END), 0),"
                       " COALESCE(SUM(CASE WHEN day = $2 THEN bytes ELSE 0 END), 0), COALESCE(SUM(bytes), 0)"
                       " FROM upload_usage WHERE account_id = $1",
                       YW_ARGS(account, day), &rows, err) < 0)
        return -1;
    long long files = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10), bytes = strtoll(yw_rows_get(&rows, 0, 1), NULL, 10),
              total = strtoll(yw_rows_get(&rows, 0, 2), NULL, 10);
    quota q = quota_of(op->actor);
    if (files + 1 > q.day_files) return yw_fail(err, YW_E_UPLOAD_QUOTA_FILES, "file", q.day_files);
    if (bytes + size > q.day_bytes) return yw_fail(err, YW_E_UPLOAD_QUOTA_DAY_BYTES, "file", q.day_bytes >> 20);
    if (total + size > q.total_bytes) return yw_fail(err, YW_E_UPLOAD_QUOTA_TOTAL, "file", q.total_bytes >> 20);
    return yw_store_run(op->store, NULL,
                        "INSERT INTO upload_usage (account_id, day, files, bytes) VALUES ($1, $2, 1, $3)"
                        " ON CONFLICT (account_id, day) DO UPDATE"
                        " SET files = upload_usage.files + 1, bytes = upload_usage.bytes + $3",
                        YW_PARAMS(YW_TEXT_P(account), YW_TEXT_P(day), YW_INT_P(size)), NULL, NULL, err);
}

/* A refused upload removes its prepared file: what is refused takes no room. (Not when the store
 * was busy: a command's transaction is retried whole and needs it.) */
static int refused(const yw_upload_new *in, const yw_err *err) {
    if (err->code != YW_ERR_BUSY) remove_temp(in);
    return -1;
}

int yw_upload_create(yw_op *op, const yw_upload_new *in, yw_upload_info *out) {
    yw_err *err = op->err;
    if (yw_op_require(op, YW_UPLOAD_ROLES, "upload files") < 0) return refused(in, err);
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    if (validate(in, err) < 0) return refused(in, err);
    if (!yw_upload_sha256_valid(in->sha256)) {
        yw_fail(err, YW_E_UPLOAD_SHA256, "sha256", "sha256");
        return refused(in, err);
    }
    const char *account = op->actor->account_id;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    yw_rows rows;
    const char *sql = "SELECT " INFO_COLS " FROM upload_owners o JOIN uploads u ON u.sha256 = o.sha256"
                      " WHERE o.sha256 = $1 AND o.account_id = $2";
    if (yw_store_query(s, a, sql, YW_ARGS(in->sha256, account), &rows, err) < 0) return refused(in, err);
    bool created = rows.nrows == 0;
    /* a repeat of the account's own file counts nothing, also past its quota */
    if (created && charge_quota(op, (int64_t)in->len) < 0) return refused(in, err);
    yw_param content = in->in_directory ? YW_NULL_P : YW_BYTES_P(in->bytes, in->len);
    if (yw_store_run(s, NULL,
                     "INSERT INTO uploads (sha256, size, media_type, content, created_at) VALUES ($1, $2, $3, $4, $5)"
                     " ON CONFLICT (sha256) DO NOTHING",
                     YW_PARAMS(YW_TEXT_P(in->sha256), YW_INT_P(in->len), YW_TEXT_P(accepted_type(in->media_type)),
                               content, YW_TEXT_P(now)),
                     NULL, NULL, err) < 0)
        return refused(in, err);
    /* a file kept only in a directory until now gains its bytes from a server that has none */
    if (!in->in_directory &&
        yw_store_run(s, NULL, "UPDATE uploads SET content = $2 WHERE sha256 = $1 AND content IS NULL",
                     YW_PARAMS(YW_TEXT_P(in->sha256), content), NULL, NULL, err) < 0)
        return refused(in, err);
    if (created) {
        if (yw_store_run(s, NULL, "INSERT INTO upload_owners (sha256, account_id, name, created_at) VALUES ($1, $2, $3, $4)",
                         YW_PARAMS(YW_TEXT_P(in->sha256), YW_TEXT_P(account), YW_TEXT_P(in->name), YW_TEXT_P(now)),
                         NULL, NULL, err) < 0)
            return refused(in, err);
        const char *after = owner_json(a, in, account);
        if (!after) {
            yw_fail(err, YW_E_NOMEM, NULL);
            return refused(in, err);
        }
        if (yw_audit_append(op, "upload.create", "upload", in->sha256, NULL, after) < 0) return refused(in, err);
        if (yw_store_query(s, a, sql, YW_ARGS(in->sha256, account), &rows, err) < 0) return refused(in, err);
    }
    /* last, so that a refusal above leaves no file named: the prepared file under its name */
    if (name_file(in, err) < 0) return refused(in, err);
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
    return yw_upload_read(op, in, out);
}

int yw_upload_read(yw_op *op, const yw_upload_get_in *in, yw_upload_file *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "read uploaded files") < 0) return -1;
    yw_err *err = op->err;
    if (!yw_upload_sha256_valid(in->sha256))
        return yw_fail(err, YW_E_UPLOAD_NOT_FOUND, "sha256", in->sha256 ? in->sha256 : "");
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
