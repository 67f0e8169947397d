/* The applicant's form checked against the fields of the items applied for — one item's fields,
 * or a bundle's merged form (each data element once, the union of constraints): every required
 * field present and not blank, every value of its field's type and within its constraints, no
 * key the form does not ask, no date outside the years a form's date may fall in. Errors name the
 * field as /form/<key> and its label, so that the portal shows the message beside the input.
 * And the check of a 容缺 material's due date, which the clerk gives at acceptance. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../../base/time.h"
#include "../../base/utf8.h"
#include "../../std/idcard.h"
#include "../../std/region.h"
#include "../../std/uscc.h"
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

/* One value against its field; the value is present and not null. */
static int check_value(yw_op *op, const yw_item_field *f, json_t *v, const char *field) {
    const char *type = f->type;
    if (strcmp(type, "number") == 0) {
        if (!json_is_number(v)) return check_type(op, f, field, "数字", "a number");
        double d = json_number_value(v);
        if ((f->has_min && d < (double)f->min) || (f->has_max && d > (double)f->max))
            return yw_fail(op->err, YW_E_CASE_FIELD_RANGE, field, f->label,
                           (long long)(f->has_min ? f->min : INT64_MIN), (long long)(f->has_max ? f->max : INT64_MAX));
        return 0;
    }
    if (!json_is_string(v)) return check_type(op, f, field, "文字", "text");
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
        if (check_value(op, f, value, field) < 0) return -1;
    }
    return 0;
}

int yw_case_field_check(yw_op *op, const yw_item_field *f, json_t *value, const char *pointer) {
    return check_value(op, f, value, pointer);
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
