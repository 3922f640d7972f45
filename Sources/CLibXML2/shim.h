// libxml2's HTML push parser, for HIS "Excel" exports that are really HTML tables.
//
// Debian builds libxml2 with ICU, so <libxml/encoding.h> would include the system's
// <unicode/ucnv.h>, whose enums clash with the ICU copy inside Swift's Foundation. The tool
// only calls functions and fills the SAX handler, never the encoding handler struct that
// ICU fields sit in, so ICU is switched off for these declarations only.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
