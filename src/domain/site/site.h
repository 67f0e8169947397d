/* The site's settings (网站信息): what every page's footer says of the deployment — who runs the
 * site (主办单位) and who operates it (承办单位), in Chinese and in English, its address, phone
 * and e-mail, and its ICP filing number (备案号). Kept in the store (site_settings, one row per
 * setting) so that every server of one store says the same; anyone reads them, administrators
 * replace them whole (audited). The demo city has its own. */
#ifndef YW_SITE_H
#define YW_SITE_H

#include "../core/op.h"

#define YW_SITE_VALUE_MAX 200 /* bytes of one setting */

/* The settings, NULL where not set; YW_SITE_KEYS names them in this order. */
typedef struct {
    const char *host, *host_en;         /* 主办单位; host is required when set */
    const char *operator_, *operator_en; /* 承办单位 */
    const char *address, *phone, *email, *icp;
} yw_site;
extern const char *const yw_site_keys[]; /* host, host_en, operator, operator_en, address, phone, email, icp */

/* The settings (anyone): an empty yw_site when none were ever set. Arena memory. */
int yw_site_get(yw_op *op, yw_site *out);

/* Replaces every setting with in's (admins only): host required; each value 1–YW_SITE_VALUE_MAX
 * bytes, not blank, no control characters; the phone a phone number, the e-mail an address;
 * a setting left NULL is removed. Checked whole before any write; audited (site.update, before
 * and after). */
int yw_site_set(yw_op *op, const yw_site *in);

/* The demo city's settings, unless some are set already. */
int yw_site_demo_load(yw_op *op);

#endif
