// dipx/json.h — the JSON Lines output contract (see docs/output.md).
//
//   std::string line;
//   dipx::AppendJson("article-7", text, extraction, &line);  // one object
//
// Every span with a "text" satisfies text == article[begin:end].
// Thread-safety: stateless functions, safe from any thread.
#ifndef DIPX_JSON_H_
#define DIPX_JSON_H_

#include <string>
#include <string_view>

#include "dipx/export.h"
#include "dipx/extraction.h"

namespace dipx {

// Appends one JSON object (no trailing newline) describing `extraction` of
// `text` (the Document's text) to `out`.
DIPX_EXPORT void AppendJson(std::string_view id, std::string_view text,
                            const Extraction& extraction, std::string* out);

// Appends {"id": …, "error": …} (plus "line" when line > 0).
DIPX_EXPORT void AppendJsonError(std::string_view id, size_t line,
                                 std::string_view error, std::string* out);

// Appends `s` as a JSON string literal, quotes included. Invalid UTF-8
// bytes are written as U+FFFD.
DIPX_EXPORT void AppendJsonString(std::string_view s, std::string* out);

}  // namespace dipx

#endif  // DIPX_JSON_H_
