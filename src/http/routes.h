/* The one list of the route tables: adding a concept's api_<concept>.c means one line here.
 * YW_API_TABLE(name) is a table of the JSON API under /api/ (yiwang's JSON, JSON bodies,
 * sessions); YW_ROUTE_TABLE(name, prefix, dialect, bodies, callers, scope) any other (http.h
 * says what each declares). Included with both macros defined by http.h (declarations) and
 * router.c (the table of tables); no include guard on purpose. */
YW_API_TABLE(session)
YW_API_TABLE(account)
YW_API_TABLE(department)
YW_API_TABLE(reference)
YW_API_TABLE(calendar)
YW_API_TABLE(audit)
YW_API_TABLE(ledger)
YW_API_TABLE(jobs)
YW_API_TABLE(catalog)
YW_API_TABLE(case)
YW_API_TABLE(bundle)
YW_API_TABLE(review)
YW_API_TABLE(upload)
YW_API_TABLE(entity)
YW_API_TABLE(policy)
YW_API_TABLE(message)
YW_API_TABLE(apikey)
YW_API_TABLE(search)
YW_API_TABLE(document)
YW_API_TABLE(site)
YW_API_TABLE(cert)
YW_API_TABLE(entity_code)
YW_API_TABLE(certreuse)
YW_API_TABLE(certimport)
/* the certificates' signing keys (JWKS) where verifiers look for them */
YW_ROUTE_TABLE(wellknown, "/.well-known/", YW_DIALECT_YIWANG, YW_BODIES_JSON, YW_CALLERS_SESSION, NULL)
#ifdef YW_TEST_ROUTES
/* only in test builds: a second prefix in Open311's dialect, form bodies, API keys */
YW_ROUTE_TABLE(test_open311, "/test/open311/v2/", YW_DIALECT_OPEN311, YW_BODIES_FORM, YW_CALLERS_APIKEY, "open311")
#endif
