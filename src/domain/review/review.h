/* 好差评: service ratings of decided cases, the rectification of bad ratings, appeals against
 * ratings, and the figures (docs/reviews.md).
 *
 * A rating is given by the applicant of a case once it is decided (completed, partly_completed
 * or rejected), on the national five levels, once per case and channel: online (一事一评, the
 * aspects overall, efficiency, guide_accuracy, convenience, operability) or window (一次一评,
 * overall, efficiency, service_level, attitude). Its level is the overall aspect's. It records
 * the case's item or bundle, the department answering for it (the item's, or the bundle's lead
 * department) and, on the window channel, the clerk who accepted the case.
 *
 * A bad rating (差评: dissatisfied or very dissatisfied) opens a rectification in that
 * department, due the settings' rectify_days working days after the rating day (default 15). States and
 * who moves them (each with a note, an event and an audit entry):
 *   verify    an officer of the department   verifying  → rectifying  (核实)
 *   feedback  an officer of the department   rectifying → feedback    (整改, then 反馈 to the applicant)
 *   revisit   the applicant who rated        feedback   → revisited   (回访: satisfied or unsatisfied)
 * Its colour is computed on read as a task's: red past the deadline, yellow within one working
 * day of it, green before; none once feedback is given or its rating excluded.
 *
 * 申诉复核: an officer of the rating's department appeals a bad rating once, with a reason
 * (pending); a supervisor decides once: upheld (the rating is excluded from the figures but
 * keeps its record) or dismissed.
 *
 * Readers: the ratings of a case whoever may read the case (yw_case_get); rectifications the
 * officers of their department, supervisors, admins and the applicant who rated; the figures
 * supervisors and admins for the city, officers for their own department. */
#ifndef YW_REVIEW_H
#define YW_REVIEW_H

#include <stdbool.h>

#include "../../base/enum.h"
#include "../case/case.h"
#include "../core/op.h"

#define YW_RATING_TAGS_MAX 10       /* tags of one rating */
#define YW_RATING_TAG_MAX 60        /* bytes of one tag (20 Chinese characters) */
#define YW_RATING_TEXT_MAX 2000     /* bytes of the text */
#define YW_REVIEW_NOTE_MAX 2000     /* bytes of a note or a reason */
#define YW_REVIEW_RECTIFY_DAYS_MIN 1
#define YW_REVIEW_RECTIFY_DAYS_MAX 60
#define YW_REVIEW_RECTIFY_DAYS_DEFAULT 15

typedef enum {
    YW_LEVEL_VERY_SATISFIED, /* 非常满意 */
    YW_LEVEL_SATISFIED,      /* 满意 */
    YW_LEVEL_BASIC,          /* 基本满意 */
    YW_LEVEL_DISSATISFIED,   /* 不满意 (差评) */
    YW_LEVEL_VERY_DISSATISFIED, /* 非常不满意 (差评) */
} yw_rating_level;
#define YW_RATING_LEVELS 5
extern const yw_enum_text yw_rating_levels[];
bool yw_rating_level_is_bad(yw_rating_level level);

typedef enum { YW_CHANNEL_ONLINE, YW_CHANNEL_WINDOW } yw_rating_channel;
extern const yw_enum_text yw_rating_channels[];

typedef enum {
    YW_RECTIFY_VERIFYING,  /* 核实 */
    YW_RECTIFY_RECTIFYING, /* 整改 */
    YW_RECTIFY_FEEDBACK,   /* 反馈 given to the applicant */
    YW_RECTIFY_REVISITED,  /* 回访 done */
} yw_rectify_state;
extern const yw_enum_text yw_rectify_states[];

typedef enum { YW_REVISIT_SATISFIED, YW_REVISIT_UNSATISFIED } yw_revisit_result;
extern const yw_enum_text yw_revisit_results[];

typedef enum { YW_APPEAL_NONE, YW_APPEAL_PENDING, YW_APPEAL_UPHELD, YW_APPEAL_DISMISSED } yw_appeal_state;
extern const yw_enum_text yw_appeal_states[];

typedef struct {
    const char *actor_id, *actor_name, *at, *from_state, *to_state, *note;
} yw_rectify_event;

typedef struct {
    const char *id, *rating_id, *case_id, *rater_id, *department_id, *department_code, *department_name;
    yw_rectify_state state;
    const char *deadline; /* YYYY-MM-DD */
    bool provisional;     /* the deadline reaches past the official calendar */
    const char *revisit;  /* satisfied or unsatisfied once revisited, else NULL */
    yw_rating_level level; /* of its rating */
    bool excluded;         /* its rating was excluded after an appeal */
    const char *created_at, *updated_at;
    const char *rating_text; /* what the applicant wrote, or NULL */
    const char *rating_tags; /* the rating's tags: a JSON array of strings */
    yw_task_color color; /* computed on read */
    yw_rectify_event *events; /* yw_rectification_get and the ratings of a case only */
    int nevents;
} yw_rectification;

typedef struct {
    yw_appeal_state state; /* NONE: never appealed */
    const char *reason, *requested_by, *requested_at, *decision_note, *decided_by, *decided_at;
} yw_rating_appeal;

typedef struct {
    const char *id, *case_id, *rater_id;
    yw_rating_channel channel;
    yw_rating_level level;
    const char *aspects; /* a JSON object: aspect → level */
    const char *tags;    /* a JSON array of strings */
    const char *text;
    const char *item_code, *bundle_code;
    const char *department_id, *department_code, *department_name;
    const char *clerk_id, *clerk_name; /* window ratings: who accepted the case */
    bool excluded;
    const char *created_at;
    yw_rating_appeal appeal;
    yw_rectification *rectification; /* bad ratings, else NULL */
} yw_rating;

typedef struct {
    const char *name, *level; /* an aspect of the channel, and its level's text */
} yw_rating_aspect_in;

typedef struct {
    const char *case_id;
    const char *channel; /* online or window */
    const yw_rating_aspect_in *aspects;
    int naspects;
    const char *const *tags;
    int ntags;
    const char *text; /* or NULL */
} yw_rating_in;

/* The demo person's 差评 of their completed demo case (demo.c), with its text and tags, which
 * opens its rectification in the department: made through yw_rating_create, once (nothing when
 * that case is rated already or missing). *added gets how many. */
int yw_review_demo_load(yw_op *op, int *added);

/* The applicant of a decided case rates it; a bad rating opens its rectification. Answers with
 * the rating (arena memory). */
int yw_rating_create(yw_op *op, const yw_rating_in *in, yw_rating *out);
/* The ratings of a case, oldest first, with their rectifications and appeals, for whoever may
 * read the case. */
int yw_rating_list(yw_op *op, const char *case_id, yw_rating **out, int *count);
/* One rating, for whoever may read its case. */
int yw_rating_get(yw_op *op, const char *id, yw_rating *out);

typedef struct {
    const char *rating_id;
    const char *reason; /* the appeal's: required */
    const char *decision; /* a decision: upheld or dismissed */
    const char *note;     /* a decision's: optional */
} yw_appeal_in;
/* An officer of the rating's department appeals a bad rating, once. */
int yw_rating_appeal_create(yw_op *op, const yw_appeal_in *in, yw_rating *out);
/* A supervisor decides a pending appeal, once: upheld excludes the rating from the figures. */
int yw_rating_appeal_decide(yw_op *op, const yw_appeal_in *in, yw_rating *out);
/* Appealed ratings in a state (pending, upheld, dismissed; NONE for all), oldest appeal first:
 * supervisors and admins all, officers their department's. */
int yw_rating_appeals(yw_op *op, yw_appeal_state state, yw_rating **out, int *count);

typedef struct {
    const char *id;
    const char *note;   /* verify, feedback: required; revisit: optional */
    const char *result; /* revisit: satisfied or unsatisfied */
} yw_rectify_in;
int yw_rectification_verify(yw_op *op, const yw_rectify_in *in, yw_rectification *out);
int yw_rectification_feedback(yw_op *op, const yw_rectify_in *in, yw_rectification *out);
int yw_rectification_revisit(yw_op *op, const yw_rectify_in *in, yw_rectification *out);
/* One rectification with its events. */
int yw_rectification_get(yw_op *op, const char *id, yw_rectification *out);
/* Rectifications by deadline, coloured, in one state or all (state < 0): officers their
 * department's, supervisors and admins all. Without events. */
int yw_rectification_list(yw_op *op, int state, yw_rectification **out, int *count);

typedef struct {
    int rectify_days;
    const char *updated_by, *updated_at; /* NULL while the default holds */
} yw_review_settings;
/* Staff read the settings; admins change them (rectify_days from YW_REVIEW_RECTIFY_DAYS_MIN to
 * _MAX). A change holds for rectifications opened afterwards. */
int yw_review_settings_get(yw_op *op, yw_review_settings *out);
int yw_review_settings_set(yw_op *op, const yw_review_settings *in, yw_review_settings *out);

typedef enum { YW_STATS_BY_ITEM, YW_STATS_BY_BUNDLE, YW_STATS_BY_DEPARTMENT, YW_STATS_BY_CLERK } yw_stats_by;
extern const yw_enum_text yw_stats_bys[];

/* One key's figures. Levels, total and bad count the ratings not excluded; excluded those
 * excluded. rectify_rate = rectified / bad (NaN-free: -1 when bad is 0), revisit_rate =
 * revisited / rectified (-1 when rectified is 0); rectified counts the bad ratings whose
 * rectification gave its feedback (feedback or revisited). */
typedef struct {
    const char *key, *name;
    int levels[YW_RATING_LEVELS]; /* by yw_rating_level */
    int total, bad, excluded, rectified, revisited;
    double rectify_rate, revisit_rate;
} yw_rating_stats_row;
/* The figures by item, bundle, department or clerk (keys: item code, bundle code, department
 * code, clerk login), by key: supervisors and admins over the city, officers over their own
 * department's ratings. */
int yw_rating_stats(yw_op *op, yw_stats_by by, yw_rating_stats_row **out, int *count);

/* ---- between the files of this folder (not for other concepts) ---- */

/* Opens the rectification of a bad rating given on `day`, due settings' rectify_days working
 * days later. */
int yw_review_rectification_open(yw_op *op, const char *rating_id, const char *department_id, int64_t day);
/* The record of the event rectification.opened (core/event.h; subject: the rectification): who
 * must act, by when, on what. */
typedef struct {
    const char *department_id, *deadline, *title; /* title: the rated case's */
    const char *number;                           /* the rated case's readable number, or NULL */
} yw_rectification_opened;
/* The rectification of a rating, with its events, or *out NULL when it has none. */
int yw_review_rectification_of(yw_op *op, const char *rating_id, yw_rectification **out);
/* The audit entry of a change: {key: before} and {key: after, "note": note} (before and note
 * may be NULL). */
int yw_review_audit(yw_op *op, const char *action, const char *type, const char *id, const char *key,
                    const char *before, const char *after, const char *note);

#endif
