/* The one list of the API's route tables: adding a concept's api_<concept>.c means one line
 * here. Included with YW_API_TABLE defined by http.h (declarations) and router.c (the table of
 * tables); no include guard on purpose. */
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
