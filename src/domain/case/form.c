/* The applicant's form checked against the fields of the items applied for — one item's fields,
 * or a bundle's merged form (each data element once, the union of constraints): every required
 * field present and not blank, every value of its field's type and within its constraints, no
 * key the form does not ask, no date outside the years a form's date may fall in. Errors name the
 * field as /form/<key> and its label, so that the portal shows the message beside the input.
 * An amount in 元 (type yuan) comes as text and is kept as integer fen: the check puts the fen in
 * the form's place of the text, and the form is stored as checked.
 * And the check of a 容缺 material's due date, which the clerk gives at acceptance. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../../base/time.h"
#include "../../base/utf8.h"
#include "../../std/idcard.h"
#include "../../std/contact.h"
#include "../../std/region.h"
#include "../../std/uscc.h"
#include "../../std/yuan.h"
#include "../calendar/calendar.h"
#include "case.h"

static size_t utf8_chars(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* blank in Unicode: U+3000 and the other spaces are no answer (base/utf8.h) */
static bool blank(const char *s) { return yw_utf8_blank(s, strlen(s)); }

static int check_type(yw_op *op, const yw_item_field *f, const char *field, const char *zh, const char *en) {
    return yw_fail(op->err, YW_E_CASE_FIELD_TYPE, field, f->label, zh, en);
}

/* An amount in 元 as text: read into fen, within the field's min and max (in fen), and put in
 * form's place of the text. */
static int check_yuan(yw_op *op, const yw_item_field *f, json_t *form, const char *s, const char *field) {
    int64_t fen = -1; /* past the bound: out of range below */
    switch (yw_yuan_parse(s, &fen)) {
    case YW_YUAN_OK:
    case YW_YUAN_RANGE: break;
    case YW_YUAN_DECIMALS: return yw_fail(op->err, YW_E_CASE_FIELD_YUAN_DECIMALS, field, f->label);
    case YW_YUAN_SYNTAX: return yw_fail(op->err, YW_E_CASE_FIELD_YUAN, field, f->label);
    }
    int64_t least = f->has_min && f->min > 0 ? f->min : 0, most = f->has_max ? f->max : YW_YUAN_MAX_FEN;
    if (fen < least || fen > most) {
        char a[24], b[24];
        yw_yuan_format(least, a);
        yw_yuan_format(most < 0 ? 0 : most, b);
        return yw_fail(op->err, YW_E_CASE_FIELD_YUAN_RANGE, field, f->label, a, b);
    }
    if (json_object_set_new(form, f->key, json_integer(fen)) < 0) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return 0;
}

/* One value against its field; the value is form's member f->key, present and not null. */
static int check_value(yw_op *op, const yw_item_field *f, json_t *form, const char *field) {
    const char *type = f->type;
    json_t *v = json_object_get(form, f->key);
    if (strcmp(type, "number") == 0) {
        if (!json_is_number(v)) return check_type(op, f, field, "数字", "a number");
        double d = json_number_value(v);
        if ((f->has_min && d < (double)f->min) || (f->has_max && d > (double)f->max))
            return yw_fail(op->err, YW_E_CASE_FIELD_RANGE, field, f->label,
                           (long long)(f->has_min ? f->min : INT64_MIN), (long long)(f->has_max ? f->max : INT64_MAX));
        return 0;
    }
    if (!json_is_string(v)) {
        /* these are text as typed (a number loses a leading 0, an amount its exactness): the
         * field's own words say what to write */
        if (strcmp(type, "yuan") == 0) return yw_fail(op->err, YW_E_CASE_FIELD_YUAN, field, f->label);
        if (strcmp(type, "mobile") == 0) return yw_fail(op->err, YW_E_CASE_FIELD_MOBILE, field, f->label);
        if (strcmp(type, "landline") == 0) return yw_fail(op->err, YW_E_CASE_FIELD_LANDLINE, field, f->label);
        if (strcmp(type, "postcode") == 0) return yw_fail(op->err, YW_E_CASE_FIELD_POSTCODE, field, f->label);
        return check_type(op, f, field, "文字", "text");
    }
    const char *s = json_string_value(v);
    if (blank(s)) return f->required ? yw_fail(op->err, YW_E_CASE_FIELD_REQUIRED, field, f->label) : 0;
    if (strcmp(type, "text") == 0) {
        if (f->has_max_length && (int64_t)utf8_chars(s) > f->max_length)
            return yw_fail(op->err, YW_E_CASE_FIELD_TOO_LONG, field, f->label, (long long)f->max_length);
        for (const char *p = s; *p; p++)
            if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
                return yw_fail(op->err, YW_E_FIELD_CONTROL, field, field);
        return 0;
    }
    if (strcmp(type, "date") == 0) {
        int64_t d;
        if (yw_date_parse(s, &d, field, op->err) < 0) return -1;
        int y, m, day;
        yw_civil_from_days(yw_op_today(op), &y, &m, &day);
        int64_t first = yw_days_from_civil(YW_CASE_FORM_DATE_FIRST_YEAR, 1, 1),
                last = yw_days_from_civil(y + YW_CASE_FORM_DATE_YEARS_AHEAD, 12, 31);
        if (d < first || d > last) {
            char a[YW_DATE_SIZE], b[YW_DATE_SIZE];
            yw_date_format(first, a);
            yw_date_format(last, b);
            return yw_fail(op->err, YW_E_CASE_FIELD_DATE_RANGE, field, f->label, a, b);
        }
        return 0;
    }
    if (strcmp(type, "mobile") == 0)
        return yw_mobile_ok(s) ? 0 : yw_fail(op->err, YW_E_CASE_FIELD_MOBILE, field, f->label);
    if (strcmp(type, "landline") == 0)
        return yw_landline_ok(s) ? 0 : yw_fail(op->err, YW_E_CASE_FIELD_LANDLINE, field, f->label);
    if (strcmp(type, "postcode") == 0)
        return yw_postcode_ok(s) ? 0 : yw_fail(op->err, YW_E_CASE_FIELD_POSTCODE, field, f->label);
    if (strcmp(type, "yuan") == 0) return check_yuan(op, f, form, s, field);
    if (strcmp(type, "uscc") == 0) return yw_uscc_validate(s, field, op->err);
    if (strcmp(type, "id_number") == 0) return yw_idcard_validate(s, yw_op_today(op), field, op->err);
    if (strcmp(type, "region") == 0) return yw_region_validate(s, field, op->err);
    if (strcmp(type, "choice") == 0) {
        for (const char **o = f->options; o && *o; o++)
            if (strcmp(*o, s) == 0) return 0;
        char list[320] = "";
        size_t used = 0;
        for (const char **o = f->options; o && *o && used < sizeof list - 1; o++) {
            int n = snprintf(list + used, sizeof list - used, "%s%s", used ? "、" : "", *o);
            if (n < 0) break;
            used += (size_t)n;
        }
        return yw_fail(op->err, YW_E_CASE_FIELD_OPTION, field, f->label, list);
    }
    return 0; /* a type the catalog accepts and this checker does not know: the catalog's list is this one */
}

int yw_case_form_check(yw_op *op, const yw_item_field *const *fields, int nfields, json_t *form) {
    if (!json_is_object(form)) return yw_fail(op->err, YW_E_FIELD_TYPE, "form", "form", "对象", "an object");
    const char *key;
    json_t *v;
    json_object_foreach(form, key, v) {
        bool known = false;
        for (int i = 0; i < nfields && !known; i++) known = strcmp(fields[i]->key, key) == 0;
        if (!known) {
            const char *field = yw_arena_printf(op->arena, "/form/%s", key);
            if (!field) return yw_fail(op->err, YW_E_NOMEM, NULL);
            return yw_fail(op->err, YW_E_CASE_FIELD_UNKNOWN, field, key);
        }
    }
    for (int i = 0; i < nfields; i++) {
        const yw_item_field *f = fields[i];
        const char *field = yw_arena_printf(op->arena, "/form/%s", f->key);
        if (!field) return yw_fail(op->err, YW_E_NOMEM, NULL);
        json_t *value = json_object_get(form, f->key);
        if (!value || json_is_null(value)) {
            if (f->required) return yw_fail(op->err, YW_E_CASE_FIELD_REQUIRED, field, f->label);
            continue;
        }
        if (check_value(op, f, form, field) < 0) return -1;
    }
    return 0;
}

int yw_case_field_check(yw_op *op, const yw_item_field *f, json_t *form, const char *pointer) {
    return check_value(op, f, form, pointer);
}

int yw_case_due_check(yw_op *op, const char *text, const char *field, int64_t *due) {
    if (yw_date_parse(text, due, field, op->err) < 0) return -1;
    int64_t today = yw_op_today(op), last;
    if (*due < today) return yw_fail(op->err, YW_E_CASE_DUE_IN_PAST, field);
    const yw_workcal *cal;
    bool provisional;
    if (yw_calendar_current(op, &cal) < 0 ||
        yw_workcal_add(cal, today, YW_CASE_DEFERRED_DAYS_MAX, &last, &provisional, op->err) < 0)
        return -1;
    if (*due == today || *due > last) {
        char a[YW_DATE_SIZE], b[YW_DATE_SIZE];
        yw_date_format(today + 1, a);
        yw_date_format(last, b);
        return yw_fail(op->err, YW_E_CASE_DUE_RANGE, field, YW_CASE_DEFERRED_DAYS_MAX, a, b);
    }
    return 0;
}
