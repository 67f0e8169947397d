/* JSON renderings of domain objects shared by several API files. */
#ifndef YW_RENDER_H
#define YW_RENDER_H

#include "../base/json_writer.h"
#include "../domain/core/account.h"
#include "../domain/core/dept.h"

void yw_render_account(yw_jw *w, const yw_account *a);
void yw_render_dept(yw_jw *w, const yw_dept *d);

#endif
