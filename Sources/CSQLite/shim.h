#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro that does not import into Swift.
static inline void (*followup_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
