// dipx/document.h — the document model every extractor reads.
//
// A Document validates an article's UTF-8, then splits it into paragraphs,
// sentences and tokens, marks page boilerplate (reader comments, share
// buttons, "N min read", photo credits, related-article lists …) and finds a
// leading dateline ("New Delhi, January 16", "KUALA LUMPUR (Reuters) -").
//
//   absl::StatusOr<dipx::Document> doc = dipx::Document::Create(text);
//   if (!doc.ok()) return doc.status();   // InvalidArgument names the offset
//   for (const dipx::Sentence& s : doc->sentences()) { ... }
//
// Text assumptions: UTF-8; spans are half-open byte ranges into text(),
// which is the caller's buffer (borrowed, never copied) unless repair was
// requested and needed, in which case the Document owns a repaired copy.
// NUL bytes are ordinary characters and never truncate the text.
// Cost: linear in the text length.
//
// Thread-safety: a Document is immutable after Create(); const methods may be
// called from any number of threads. A borrowed text must outlive it.
#ifndef DIPX_DOCUMENT_H_
#define DIPX_DOCUMENT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dipx/export.h"
#include "dipx/span.h"

namespace dipx {

namespace internal {
class DocumentBuilder;
}  // namespace internal

// What a paragraph is, as far as layout tells.
enum class ParagraphKind : uint8_t {
  kBody,         // running text
  kHeadline,     // short line without final punctuation, title case
  kBullet,       // a bullet or numbered list line ("•", "-", "*", "1.")
  kDateline,     // a stand-alone dateline line ("New Delhi, January 16")
  kBoilerplate,  // page furniture: comments, share bars, credits, …
};

// Why a paragraph was marked as boilerplate (kNone for article text).
enum class BoilerplateReason : uint8_t {
  kNone,
  kCommentSection,  // a reader-comment section header or anything under it
  kSocial,          // share / follow / subscribe / cookie lines
  kReadingTime,     // "5 min read"
  kRelated,         // "Recent Post", "Read next", "Related articles" blocks
  kCredit,          // photo credits, bylines, "Source link", agency tags
  kNavigation,      // breadcrumbs, print bars, timestamps
};

struct Paragraph {
  Span span;                       // without the trailing newline(s)
  ParagraphKind kind = ParagraphKind::kBody;
  BoilerplateReason boilerplate = BoilerplateReason::kNone;
  uint32_t first_sentence = 0;     // index into Document::sentences()
  uint32_t sentence_count = 0;
  Span bullet_marker;              // the "•" / "1." marker of a kBullet line
  bool is_boilerplate() const { return boilerplate != BoilerplateReason::kNone; }
};

struct Sentence {
  Span span;               // trimmed of surrounding white space
  uint32_t paragraph = 0;  // index into Document::paragraphs()
  uint32_t first_token = 0;  // index into Document::tokens()
  uint32_t token_count = 0;
};

enum class TokenKind : uint8_t {
  kWord,        // letters, digits, inner apostrophes and hyphens
  kNumber,      // digits with inner separators: 2014, 3.5, 10:30, 1,000
  kPunct,       // any other non-space character (one code point), "...",
                // and a run of 3+ copies of one quotation mark (""""", a
                // separator rule, never quotation)
  kQuoteMark,   // “ ” ‘ ’ " ' « » „ ‚ ` and '' / `` pairs
  kDash,        // - – — ―
};

struct Token {
  Span span;
  TokenKind kind = TokenKind::kPunct;
  // True when the token starts with an upper-case letter (ASCII or Latin-1
  // supplement / Latin Extended-A upper case).
  bool capitalized = false;
};

// A leading dateline such as "KUALA LUMPUR (Reuters) -" or
// "Moscow, July 5 (IANS)".
struct Dateline {
  Span span;   // the whole dateline
  Span place;  // "KUALA LUMPUR"
  Span date;   // "July 5"; empty when the dateline gives no date
  Span agency; // "Reuters"; empty when none
};

// Limits and switches for Document::Create.
struct DocumentOptions {
  // Largest accepted article, in bytes; larger input → ResourceExhausted.
  // Spans are 32-bit, so this may not exceed 4 GiB - 1.
  size_t max_bytes = size_t{256} << 20;
  // false: invalid UTF-8 → InvalidArgument naming the first bad byte offset.
  // true: each maximal invalid subsequence is replaced with U+FFFD (the
  // Document then owns the repaired copy and reports repaired_sequences()).
  bool repair_utf8 = false;
  // Split tokens (most extractors need them; off saves time for callers
  // that only need paragraphs and sentences).
  bool tokenize = true;
};

class DIPX_EXPORT Document {
 public:
  // Validates and analyses `text`. The text is borrowed and must outlive
  // the Document unless it was repaired.
  // Errors: InvalidArgument for invalid UTF-8 (message names the byte
  // offset) when repair is off; ResourceExhausted above max_bytes.
  static absl::StatusOr<Document> Create(std::string_view text,
                                         const DocumentOptions& options = {});

  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  ~Document();

  // The analysed text; every span indexes into it.
  std::string_view text() const { return text_; }
  std::string_view Text(Span span) const { return span.In(text_); }

  // Number of invalid UTF-8 sequences replaced by U+FFFD (0 if none).
  size_t repaired_sequences() const { return repaired_sequences_; }

  const std::vector<Paragraph>& paragraphs() const { return paragraphs_; }
  const std::vector<Sentence>& sentences() const { return sentences_; }
  const std::vector<Token>& tokens() const { return tokens_; }
  const std::optional<Dateline>& dateline() const { return dateline_; }

  // True when `offset` / any byte of `span` lies in a boilerplate paragraph.
  // O(log paragraphs).
  bool IsBoilerplate(uint32_t offset) const;
  bool IsBoilerplate(Span span) const;
  // Index of the paragraph / sentence containing `offset`, or -1.
  // O(log n).
  int ParagraphAt(uint32_t offset) const;
  int SentenceAt(uint32_t offset) const;
  // Index of the first token whose span ends after `offset` (tokens().size()
  // if none). O(log tokens).
  size_t TokenAtOrAfter(uint32_t offset) const;

 private:
  Document() = default;
  friend class internal::DocumentBuilder;

  std::unique_ptr<std::string> owned_;  // repaired copy, when any
  std::string_view text_;
  size_t repaired_sequences_ = 0;
  std::vector<Paragraph> paragraphs_;
  std::vector<Sentence> sentences_;
  std::vector<Token> tokens_;
  std::optional<Dateline> dateline_;
};

}  // namespace dipx

#endif  // DIPX_DOCUMENT_H_
