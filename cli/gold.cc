#include "cli/gold.h"

#include <cstdio>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "cli/jsonl_reader.h"
#include "dipx/utf8.h"

namespace dipx::cli {

const char* GoldFormatName(GoldFormat format) {
  switch (format) {
    case GoldFormat::kAuto: return "auto";
    case GoldFormat::kDipx: return "dipx";
    case GoldFormat::kPolnear: return "polnear";
  }
  return "auto";
}

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

const char* TypeName(element_type t) {
  switch (t) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

absl::Status FieldError(const std::string& path, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", std::string(what)));
}

absl::Status TypeError(const std::string& path, std::string_view expected,
                       element e) {
  return FieldError(path, absl::StrCat("expected ", std::string(expected),
                                       ", got ", TypeName(e.type())));
}

std::string Path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return absl::StrCat(std::string(parent), ".", std::string(key));
}

std::string Index(std::string_view parent, size_t i) {
  return absl::StrCat(std::string(parent), "[", i, "]");
}

// Looks up `key`; *found false when absent or null.
bool Lookup(object o, const char* key, element* out) {
  if (o.at_key(key).get(*out) != simdjson::SUCCESS) return false;
  return !out->is_null();
}

// A string field; absent or null leaves *present false.
absl::Status OptString(object o, const char* key, const std::string& parent,
                       bool* present, std::string* out) {
  *present = false;
  element e;
  if (!Lookup(o, key, &e)) return absl::OkStatus();
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) {
    return TypeError(Path(parent, key), "a string or null", e);
  }
  *present = true;
  *out = std::string(s);
  return absl::OkStatus();
}

absl::Status RequiredString(object o, const char* key, const std::string& parent,
                            std::string* out) {
  bool present;
  absl::Status s = OptString(o, key, parent, &present, out);
  if (!s.ok()) return s;
  if (!present) return FieldError(Path(parent, key), "missing (a string is required)");
  return absl::OkStatus();
}

// An integer that fits in int64 (integral doubles accepted).
bool AsInt(element e, int64_t* out) {
  switch (e.type()) {
    case element_type::INT64:
      return e.get_int64().get(*out) == simdjson::SUCCESS;
    case element_type::UINT64: {
      uint64_t u;
      if (e.get_uint64().get(u) != simdjson::SUCCESS) return false;
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
      *out = static_cast<int64_t>(u);
      return true;
    }
    case element_type::DOUBLE: {
      double d;
      if (e.get_double().get(d) != simdjson::SUCCESS) return false;
      if (!(d >= -9.0e15 && d <= 9.0e15)) return false;
      int64_t i = static_cast<int64_t>(d);
      if (static_cast<double>(i) != d) return false;
      *out = i;
      return true;
    }
    default:
      return false;
  }
}

// An integer in [lo, hi]; absent or null leaves *out unchanged.
absl::Status OptInt(object o, const char* key, const std::string& parent,
                    int64_t lo, int64_t hi, bool* present, int64_t* out) {
  *present = false;
  element e;
  if (!Lookup(o, key, &e)) return absl::OkStatus();
  int64_t v;
  if (!AsInt(e, &v)) return TypeError(Path(parent, key), "an integer or null", e);
  if (v < lo || v > hi) {
    return FieldError(Path(parent, key),
                      absl::StrCat(v, " is out of range [", lo, ", ", hi, "]"));
  }
  *present = true;
  *out = v;
  return absl::OkStatus();
}

absl::Status OptBool(object o, const char* key, const std::string& parent,
                     bool* out) {
  element e;
  if (!Lookup(o, key, &e)) return absl::OkStatus();
  bool b;
  if (e.get_bool().get(b) != simdjson::SUCCESS) {
    return TypeError(Path(parent, key), "true, false or null", e);
  }
  *out = b;
  return absl::OkStatus();
}

// An array field; absent or null leaves *present false.
absl::Status OptArray(object o, const char* key, const std::string& parent,
                      bool* present, array* out) {
  *present = false;
  element e;
  if (!Lookup(o, key, &e)) return absl::OkStatus();
  if (e.get_array().get(*out) != simdjson::SUCCESS) {
    return TypeError(Path(parent, key), "an array or null", e);
  }
  *present = true;
  return absl::OkStatus();
}

// An array of strings. With `allow_name_objects`, {"name": "…"} entries
// (the shape of dipx's own output) are accepted too.
absl::Status OptStringArray(object o, const char* key, const std::string& parent,
                            bool allow_name_objects, std::vector<std::string>* out) {
  bool present;
  array a;
  absl::Status s = OptArray(o, key, parent, &present, &a);
  if (!s.ok() || !present) return s;
  std::string path = Path(parent, key);
  size_t i = 0;
  for (element e : a) {
    std::string_view v;
    object named;
    if (e.get_string().get(v) == simdjson::SUCCESS) {
      out->emplace_back(v);
    } else if (allow_name_objects && e.get_object().get(named) == simdjson::SUCCESS) {
      std::string name;
      s = RequiredString(named, "name", Index(path, i), &name);
      if (!s.ok()) return s;
      out->push_back(std::move(name));
    } else {
      return TypeError(Index(path, i),
                       allow_name_objects ? "a string or {\"name\": …}" : "a string", e);
    }
    ++i;
  }
  return absl::OkStatus();
}

// A [begin, end] pair of non-negative integers with begin <= end <= limit.
absl::Status SpanPair(element e, const std::string& path, int64_t limit,
                      uint32_t* begin, uint32_t* end) {
  array a;
  if (e.get_array().get(a) != simdjson::SUCCESS || a.size() != 2) {
    return FieldError(path, "expected a [begin, end] pair");
  }
  int64_t v[2] = {0, 0};
  size_t i = 0;
  for (element x : a) {
    if (!AsInt(x, &v[i])) return FieldError(path, "expected integer offsets");
    ++i;
  }
  const int64_t b = v[0], en = v[1];
  if (b < 0 || en < b || en > limit) {
    return FieldError(path, absl::StrCat("span [", b, ", ", en,
                                         ") is not within [0, ", limit, "]"));
  }
  *begin = static_cast<uint32_t>(b);
  *end = static_cast<uint32_t>(en);
  return absl::OkStatus();
}

constexpr int64_t kMaxOffset = 0xFFFFFFFFll;

absl::Status ParseDipxQuote(object q, const std::string& path, GoldQuote* out) {
  absl::Status s = RequiredString(q, "text", path, &out->text);
  if (!s.ok()) return s;
  std::string kind;
  s = RequiredString(q, "kind", path, &kind);
  if (!s.ok()) return s;
  if (kind == "direct") {
    out->kind = QuoteKind::kDirect;
  } else if (kind == "partial") {
    out->kind = QuoteKind::kPartial;
  } else if (kind == "indirect") {
    out->kind = QuoteKind::kIndirect;
  } else {
    return FieldError(Path(path, "kind"),
                      absl::StrCat("expected direct, partial or indirect, got \"",
                                   kind, "\""));
  }
  s = OptString(q, "speaker", path, &out->has_speaker, &out->speaker);
  if (!s.ok()) return s;
  element span;
  if (Lookup(q, "span", &span)) {
    s = SpanPair(span, Path(path, "span"), kMaxOffset, &out->begin, &out->end);
    if (!s.ok()) return s;
    out->has_span = true;
  }
  return absl::OkStatus();
}

absl::Status ParsePolnearQuote(object q, const std::string& path,
                               size_t text_size, GoldQuote* out) {
  const int64_t limit = static_cast<int64_t>(text_size);
  bool present;
  int64_t begin = 0, end = 0;
  absl::Status s = OptInt(q, "begin", path, 0, limit, &present, &begin);
  if (!s.ok()) return s;
  if (!present) return FieldError(Path(path, "begin"), "missing (an integer is required)");
  s = OptInt(q, "end", path, begin, limit, &present, &end);
  if (!s.ok()) return s;
  if (!present) return FieldError(Path(path, "end"), "missing (an integer is required)");
  out->has_span = true;
  out->begin = static_cast<uint32_t>(begin);
  out->end = static_cast<uint32_t>(end);
  s = OptString(q, "text", path, &present, &out->text);
  if (!s.ok()) return s;
  std::string kind;
  s = RequiredString(q, "kind", path, &kind);
  if (!s.ok()) return s;
  if (kind == "direct") {
    out->kind = QuoteKind::kDirect;
  } else if (kind == "mixed") {
    out->kind = QuoteKind::kIndirect;
    out->mixed = true;
  } else if (kind == "indirect") {
    out->kind = QuoteKind::kIndirect;
  } else {
    return FieldError(Path(path, "kind"),
                      absl::StrCat("expected direct, mixed or indirect, got \"",
                                   kind, "\""));
  }
  s = OptString(q, "speaker", path, &out->has_speaker, &out->speaker);
  if (!s.ok()) return s;
  element e;
  if (Lookup(q, "speaker_span", &e)) {
    s = SpanPair(e, Path(path, "speaker_span"), limit, &out->speaker_span.begin,
                 &out->speaker_span.end);
    if (!s.ok()) return s;
    out->has_speaker_span = true;
  }
  s = OptBool(q, "speaker_is_pronoun", path, &out->speaker_is_pronoun);
  if (!s.ok()) return s;
  s = OptString(q, "cue", path, &present, &out->cue);
  if (!s.ok()) return s;
  array frags;
  s = OptArray(q, "quoted_fragments", path, &present, &frags);
  if (!s.ok()) return s;
  if (present) {
    size_t i = 0;
    for (element f : frags) {
      Span span;
      s = SpanPair(f, Index(Path(path, "quoted_fragments"), i), limit, &span.begin,
                   &span.end);
      if (!s.ok()) return s;
      out->fragments.push_back(span);
      ++i;
    }
  }
  return absl::OkStatus();
}

absl::Status ParseList(object l, const std::string& path, GoldList* out) {
  absl::Status s = OptString(l, "head", path, &out->has_head, &out->head);
  if (!s.ok()) return s;
  bool present;
  int64_t count = -1;
  s = OptInt(l, "declared_count", path, 0, 1000000, &present, &count);
  if (!s.ok()) return s;
  out->declared_count = present ? static_cast<int>(count) : -1;
  element items;
  if (!Lookup(l, "items", &items)) {
    return FieldError(Path(path, "items"), "missing (an array of strings is required)");
  }
  s = OptStringArray(l, "items", path, /*allow_name_objects=*/false, &out->items);
  if (!s.ok()) return s;
  if (out->items.empty()) return FieldError(Path(path, "items"), "a list needs items");
  return OptBool(l, "optional", path, &out->optional);
}

absl::Status ParsePartnership(object p, const std::string& path,
                              GoldPartnership* out) {
  absl::Status s = RequiredString(p, "text", path, &out->text);
  if (!s.ok()) return s;
  s = OptStringArray(p, "variants", path, false, &out->variants);
  if (!s.ok()) return s;
  s = OptStringArray(p, "parties", path, false, &out->parties);
  if (!s.ok()) return s;
  bool present;
  int64_t year = 0;
  s = OptInt(p, "year", path, 1, 9999, &present, &year);
  if (!s.ok()) return s;
  out->year = present ? static_cast<int>(year) : 0;
  s = OptString(p, "status", path, &present, &out->status);
  if (!s.ok()) return s;
  return OptBool(p, "optional", path, &out->optional);
}

absl::Status ParseEvent(object ev, const std::string& path, GoldEvent* out) {
  absl::Status s = RequiredString(ev, "type", path, &out->type);
  if (!s.ok()) return s;
  static constexpr const char* kTypes[] = {"meeting", "visit",     "dialogue", "summit",
                                           "call",    "agreement", "statement"};
  bool known = false;
  for (const char* t : kTypes) known = known || out->type == t;
  if (!known) {
    return FieldError(Path(path, "type"),
                      absl::StrCat("unknown event type \"", out->type,
                                   "\" (expected meeting, visit, dialogue, summit, "
                                   "call, agreement or statement)"));
  }
  s = OptStringArray(ev, "participants", path, /*allow_name_objects=*/true,
                     &out->participants);
  if (!s.ok()) return s;
  bool present;
  s = OptString(ev, "location", path, &present, &out->location);
  if (!s.ok()) return s;
  s = OptString(ev, "venue", path, &present, &out->venue);
  if (!s.ok()) return s;
  return OptString(ev, "date_text", path, &present, &out->date_text);
}

// Calls fn(object, path) for each element of the array field `key`, which
// must hold objects. *present says whether the field was there.
template <typename Fn>
absl::Status ForEachObject(object root, const char* key, bool* present, Fn fn) {
  array a;
  absl::Status s = OptArray(root, key, "", present, &a);
  if (!s.ok() || !*present) return s;
  size_t i = 0;
  for (element e : a) {
    std::string path = Index(key, i);
    object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) return TypeError(path, "an object", e);
    s = fn(o, path);
    if (!s.ok()) return s;
    ++i;
  }
  return absl::OkStatus();
}

bool LooksLikePolnear(object root) {
  element text, quotes;
  if (root.at_key("text").get(text) != simdjson::SUCCESS || !text.is_string()) {
    return false;
  }
  array a;
  if (root.at_key("quotes").get(quotes) != simdjson::SUCCESS ||
      quotes.get_array().get(a) != simdjson::SUCCESS) {
    return false;
  }
  for (element q : a) {
    object o;
    if (q.get_object().get(o) != simdjson::SUCCESS) return false;
    element b;
    return o.at_key("begin").get(b) == simdjson::SUCCESS;
  }
  return false;
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<GoldArticle> ParseGoldLine(std::string_view line, GoldFormat format,
                                          simdjson::dom::parser* parser) {
  size_t bad = FindInvalidUtf8(line);
  if (bad != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid UTF-8 at byte offset ", bad, " of the line"));
  }
  simdjson::padded_string padded(line.data(), line.size());
  element root_element;
  auto err = parser->parse(padded).get(root_element);
  if (err != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON: ", simdjson::error_message(err)));
  }
  object root;
  if (root_element.get_object().get(root) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("line is not a JSON object");
  }
  GoldArticle out;
  element id;
  if (!Lookup(root, "id", &id)) {
    return FieldError("id", "missing (a string or number is required)");
  }
  std::string_view id_string;
  if (id.get_string().get(id_string) == simdjson::SUCCESS) {
    out.id = std::string(id_string);
  } else if (id.is_number()) {
    out.id = simdjson::minify(id);
  } else {
    return TypeError("id", "a string or number", id);
  }
  if (out.id.empty()) return FieldError("id", "is empty");

  absl::Status s = OptString(root, "text", "", &out.has_text, &out.text);
  if (!s.ok()) return s;
  if (format == GoldFormat::kAuto) {
    format = LooksLikePolnear(root) ? GoldFormat::kPolnear : GoldFormat::kDipx;
  }
  out.format = format;

  if (format == GoldFormat::kPolnear) {
    if (!out.has_text) {
      return FieldError("text", "missing (PolNeAR records carry the article text)");
    }
    const size_t text_size = out.text.size();
    s = ForEachObject(root, "quotes", &out.has_quotes,
                      [&](object q, const std::string& path) {
                        GoldQuote quote;
                        absl::Status st = ParsePolnearQuote(q, path, text_size, &quote);
                        if (st.ok()) out.quotes.push_back(std::move(quote));
                        return st;
                      });
    if (!s.ok()) return s;
    out.has_quotes = true;  // a record without quotes has none to find
    return out;
  }

  s = ForEachObject(root, "quotes", &out.has_quotes,
                    [&](object q, const std::string& path) {
                      GoldQuote quote;
                      absl::Status st = ParseDipxQuote(q, path, &quote);
                      if (st.ok()) out.quotes.push_back(std::move(quote));
                      return st;
                    });
  if (!s.ok()) return s;
  s = ForEachObject(root, "lists", &out.has_lists,
                    [&](object l, const std::string& path) {
                      GoldList list;
                      absl::Status st = ParseList(l, path, &list);
                      if (st.ok()) out.lists.push_back(std::move(list));
                      return st;
                    });
  if (!s.ok()) return s;
  s = ForEachObject(root, "partnerships", &out.has_partnerships,
                    [&](object p, const std::string& path) {
                      GoldPartnership partnership;
                      absl::Status st = ParsePartnership(p, path, &partnership);
                      if (st.ok()) out.partnerships.push_back(std::move(partnership));
                      return st;
                    });
  if (!s.ok()) return s;
  s = ForEachObject(root, "events", &out.has_events,
                    [&](object e, const std::string& path) {
                      GoldEvent event;
                      absl::Status st = ParseEvent(e, path, &event);
                      if (st.ok()) out.events.push_back(std::move(event));
                      return st;
                    });
  if (!s.ok()) return s;
  s = OptStringArray(root, "must_ignore", "", false, &out.must_ignore);
  if (!s.ok()) return s;
  for (size_t i = 0; i < out.must_ignore.size(); ++i) {
    if (out.must_ignore[i].empty()) return FieldError(Index("must_ignore", i), "is empty");
  }
  s = OptStringArray(root, "boilerplate", "", false, &out.boilerplate);
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<GoldFile> ReadGoldFile(const std::string& path, GoldFormat format) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open gold file ", path));
  }
  GoldFile out;
  LineReader reader(f);
  simdjson::dom::parser parser;
  absl::flat_hash_map<std::string, size_t> first_line;
  std::string line;
  bool too_long;
  size_t length;
  bool any_polnear = false;
  while (reader.Next(&line, &too_long, &length)) {
    const size_t number = reader.line_number();
    if (too_long) {
      out.errors.push_back(absl::StrCat(path, ":", number, ": line of ", length,
                                        " bytes exceeds the limit"));
      continue;
    }
    if (IsBlank(line)) continue;
    absl::StatusOr<GoldArticle> article = ParseGoldLine(line, format, &parser);
    if (!article.ok()) {
      out.errors.push_back(absl::StrCat(path, ":", number, ": ",
                                        std::string(article.status().message())));
      continue;
    }
    auto [it, inserted] = first_line.emplace(article->id, number);
    if (!inserted) {
      out.errors.push_back(absl::StrCat(path, ":", number, ": duplicate id \"",
                                        article->id, "\" (first on line ", it->second,
                                        "); line skipped"));
      continue;
    }
    article->line = number;
    any_polnear = any_polnear || article->format == GoldFormat::kPolnear;
    out.articles.push_back(*std::move(article));
  }
  if (f != stdin) std::fclose(f);
  absl::Status status = reader.status();
  if (!status.ok()) {
    return absl::DataLossError(
        absl::StrCat(path, ": ", std::string(status.message())));
  }
  // With auto-detection, a record without quotes cannot show its format:
  // follow the rest of the file.
  if (format == GoldFormat::kAuto && any_polnear) {
    for (GoldArticle& a : out.articles) {
      if (a.format == GoldFormat::kDipx && a.has_text && a.quotes.empty() &&
          !a.has_lists && !a.has_partnerships && !a.has_events) {
        a.format = GoldFormat::kPolnear;
        a.has_quotes = true;
      }
    }
  }
  return out;
}

}  // namespace dipx::cli
