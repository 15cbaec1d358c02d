// JSON Lines output (the contract in docs/output.md).
#include "dipx/json.h"

#include <charconv>
#include <cstdint>
#include <cstring>

#include "dipx/utf8.h"

namespace dipx {
namespace {

void AppendUInt(uint64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr - buf);
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr - buf);
}

// Whether any of the 8 bytes in `w` is a control character (< 0x20), '"'
// or '\\' — the bytes JSON strings must escape (SWAR: the classic
// "has zero byte" test, applied to w, w ^ '"' and w ^ '\\').
inline bool NeedsEscape8(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  const uint64_t quote = w ^ (kOnes * '"');
  const uint64_t backslash = w ^ (kOnes * '\\');
  const uint64_t control = (w - kOnes * 0x20) & ~w;
  const uint64_t has = (control | ((quote - kOnes) & ~quote) |
                        ((backslash - kOnes) & ~backslash)) & kHigh;
  return has != 0;
}

void AppendEscaped(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // Skip 8-byte blocks that need no escape (almost all of them).
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (NeedsEscape8(w)) break;
      i += 8;
    }
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(esc, 6);
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
}

void Key(const char* key, std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void SpanFields(Span span, std::string* out) {
  out->append("\"begin\":");
  AppendUInt(span.begin, out);
  out->append(",\"end\":");
  AppendUInt(span.end, out);
}

void SpanWithText(Span span, std::string_view text, std::string* out) {
  SpanFields(span, out);
  out->append(",\"text\":");
  AppendJsonString(span.In(text), out);
}

// "key":"value" or "key":null when empty.
void OptionalString(const char* key, std::string_view value, std::string* out) {
  Key(key, out);
  if (value.empty()) {
    out->append("null");
  } else {
    AppendJsonString(value, out);
  }
}

void OptionalSpanText(const char* key, Span span, std::string_view text,
                      std::string* out) {
  OptionalString(key, span.empty() ? std::string_view() : span.In(text), out);
}

void StringArray(const std::vector<std::string>& values, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(values[i], out);
  }
  out->push_back(']');
}

void AppendQuote(const Quote& q, std::string_view text, std::string* out) {
  out->push_back('{');
  SpanWithText(q.span, text, out);
  out->append(",\"kind\":\"");
  out->append(QuoteKindName(q.kind));
  out->append("\",\"speaker\":");
  if (!q.has_speaker) {
    out->append("null");
  } else {
    out->append("{\"name\":");
    AppendJsonString(q.speaker.name, out);
    out->push_back(',');
    SpanFields(q.speaker.mention, out);
    out->append(",\"mention\":");
    AppendJsonString(q.speaker.mention.In(text), out);
    out->push_back(',');
    OptionalString("role", q.speaker.role, out);
    out->push_back(',');
    OptionalString("affiliation", q.speaker.affiliation, out);
    out->push_back('}');
  }
  out->push_back(',');
  OptionalSpanText("cue", q.cue, text, out);
  out->push_back(',');
  OptionalString("attribution", q.attribution, out);
  out->append(",\"confidence\":");
  char buf[32];  // "%.2f", exactly rounded like printf, without its cost
  auto r = std::to_chars(buf, buf + sizeof buf, static_cast<double>(q.confidence),
                         std::chars_format::fixed, 2);
  out->append(buf, r.ptr - buf);
  if (q.paragraphs > 1) {
    out->append(",\"paragraphs\":");
    AppendInt(q.paragraphs, out);
  }
  out->push_back('}');
}

void AppendList(const PriorityList& l, std::string_view text, std::string* out) {
  out->push_back('{');
  SpanFields(l.span, out);
  out->push_back(',');
  OptionalSpanText("head", l.head, text, out);
  out->append(",\"declared_count\":");
  if (l.declared_count < 0) {
    out->append("null");
  } else {
    AppendInt(l.declared_count, out);
    out->append(",\"count_matches\":");
    out->append(l.count_matches ? "true" : "false");
  }
  if (l.parent >= 0) {
    out->append(",\"parent\":");
    AppendInt(l.parent, out);
  }
  out->append(",\"items\":[");
  for (size_t i = 0; i < l.items.size(); ++i) {
    if (i) out->push_back(',');
    out->push_back('{');
    SpanWithText(l.items[i].span, text, out);
    out->push_back('}');
  }
  out->append("]}");
}

void AppendPartnership(const Partnership& p, std::string_view text,
                       std::string* out) {
  out->push_back('{');
  SpanWithText(p.span, text, out);
  out->append(",\"level\":");
  AppendJsonString(p.level, out);
  out->append(",\"rank\":");
  if (p.rank < 0) {
    out->append("null");
  } else {
    AppendInt(p.rank, out);
  }
  out->append(",\"parties\":");
  StringArray(p.parties, out);
  out->append(",\"year\":");
  if (p.year == 0) {
    out->append("null");
  } else {
    AppendInt(p.year, out);
  }
  out->append(",\"status\":\"");
  out->append(PartnershipStatusName(p.status));
  out->append("\"}");
}

void AppendEvent(const Event& e, std::string_view text, std::string* out) {
  out->push_back('{');
  SpanWithText(e.span, text, out);
  out->append(",\"type\":\"");
  out->append(EventTypeName(e.type));
  out->append("\",\"status\":\"");
  out->append(EventStatusName(e.status));
  out->append("\",");
  OptionalSpanText("trigger", e.trigger, text, out);
  out->append(",\"participants\":[");
  for (size_t i = 0; i < e.participants.size(); ++i) {
    const Participant& p = e.participants[i];
    if (i) out->push_back(',');
    out->append("{\"name\":");
    AppendJsonString(p.name, out);
    out->push_back(',');
    OptionalString("role", p.role, out);
    out->push_back(',');
    OptionalString("country", p.country, out);
    out->push_back('}');
  }
  out->append("],");
  OptionalSpanText("location", e.location, text, out);
  out->push_back(',');
  OptionalSpanText("venue", e.venue, text, out);
  out->push_back(',');
  OptionalSpanText("date_text", e.date_text, text, out);
  out->push_back(',');
  OptionalString("date", e.date, out);
  out->append(",\"mentions\":[");
  for (size_t i = 0; i < e.mentions.size(); ++i) {
    if (i) out->push_back(',');
    out->push_back('{');
    SpanFields(e.mentions[i], out);
    out->push_back('}');
  }
  out->append("]}");
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  if (FindInvalidUtf8(s) == std::string_view::npos) {
    AppendEscaped(s, out);
  } else {
    std::string repaired;
    RepairUtf8(s, &repaired);
    AppendEscaped(repaired, out);
  }
  out->push_back('"');
}

void AppendJson(std::string_view id, std::string_view text,
                const Extraction& x, std::string* out) {
  if (!x.repaired_text.empty()) text = x.repaired_text;
  out->append("{\"id\":");
  AppendJsonString(id, out);
  out->append(",\"quotes\":[");
  for (size_t i = 0; i < x.quotes.size(); ++i) {
    if (i) out->push_back(',');
    AppendQuote(x.quotes[i], text, out);
  }
  out->append("],\"lists\":[");
  for (size_t i = 0; i < x.lists.size(); ++i) {
    if (i) out->push_back(',');
    AppendList(x.lists[i], text, out);
  }
  out->append("],\"partnerships\":[");
  for (size_t i = 0; i < x.partnerships.size(); ++i) {
    if (i) out->push_back(',');
    AppendPartnership(x.partnerships[i], text, out);
  }
  out->append("],\"partnership_summary\":[");
  for (size_t i = 0; i < x.partnership_summaries.size(); ++i) {
    const PartnershipSummary& s = x.partnership_summaries[i];
    if (i) out->push_back(',');
    out->append("{\"parties\":");
    StringArray(s.parties, out);
    out->push_back(',');
    OptionalString("current_level", s.current_level, out);
    out->append(",\"history\":[");
    for (size_t j = 0; j < s.history.size(); ++j) {
      if (j) out->push_back(',');
      AppendInt(s.history[j], out);
    }
    out->append("]}");
  }
  out->append("],\"events\":[");
  for (size_t i = 0; i < x.events.size(); ++i) {
    if (i) out->push_back(',');
    AppendEvent(x.events[i], text, out);
  }
  out->push_back(']');
  if (!x.dateline.empty()) {
    out->append(",\"dateline\":{");
    SpanWithText(x.dateline, text, out);
    out->push_back(',');
    OptionalSpanText("place", x.dateline_place, text, out);
    out->push_back(',');
    OptionalSpanText("date", x.dateline_date, text, out);
    out->push_back('}');
  }
  if (!x.boilerplate.empty()) {
    out->append(",\"boilerplate\":[");
    for (size_t i = 0; i < x.boilerplate.size(); ++i) {
      if (i) out->push_back(',');
      out->push_back('{');
      SpanFields(x.boilerplate[i], out);
      out->push_back('}');
    }
    out->push_back(']');
  }
  if (x.repaired_sequences > 0) {
    out->append(",\"repaired_utf8\":");
    AppendUInt(x.repaired_sequences, out);
  }
  if (!x.warnings.empty()) {
    out->append(",\"warnings\":");
    StringArray(x.warnings, out);
  }
  out->push_back('}');
}

void AppendJsonError(std::string_view id, size_t line, std::string_view error,
                     std::string* out) {
  out->append("{\"id\":");
  if (id.empty()) {
    out->append("null");
  } else {
    AppendJsonString(id, out);
  }
  if (line > 0) {
    out->append(",\"line\":");
    AppendUInt(line, out);
  }
  out->append(",\"error\":");
  AppendJsonString(error, out);
  out->push_back('}');
}

}  // namespace dipx
