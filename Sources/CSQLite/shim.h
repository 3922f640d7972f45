#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro that does not import into Swift.
static inline void (*followup_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }

/// sqlite3_config is variadic, which Swift cannot call. Before the library is first used only.
static inline int followup_sqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
