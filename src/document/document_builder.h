// Internal: builds a Document — UTF-8 check, paragraphs, tokens, sentences,
// boilerplate and dateline — with rules compiled from data/abbreviations.tsv
// and data/boilerplate.tsv.
//
// Thread-safety: DocumentRules is immutable after Create(); Build() is
// thread-safe.
#ifndef DIPX_SRC_DOCUMENT_DOCUMENT_BUILDER_H_
#define DIPX_SRC_DOCUMENT_DOCUMENT_BUILDER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "data/tables.h"
#include "dipx/document.h"

#include "re2/re2.h"
#include "re2/set.h"

namespace dipx::internal {

enum class AbbreviationKind : uint8_t { kTitle, kMonth, kNumber, kOther };

class DocumentRules {
 public:
  static absl::StatusOr<std::unique_ptr<DocumentRules>> Create(const Tables& tables);
  // Rules from the built-in tables, compiled on first use.
  static const DocumentRules& Default();
  ~DocumentRules();

  // Kind of the abbreviation `word` (without its period), or nullptr.
  const AbbreviationKind* Abbreviation(std::string_view word) const;

  struct BoilerplateRule {
    BoilerplateReason reason;
    bool rest;     // applies to the rest of the document
    bool caption;  // applies only when the paragraph reads like a caption
  };
  // The first boilerplate rule matching the whole `paragraph`, or nullptr.
  const BoilerplateRule* MatchBoilerplate(std::string_view paragraph) const;

  // Dateline patterns, tried in order (data/dateline.tsv).
  const std::vector<std::unique_ptr<re2::RE2>>& datelines() const { return datelines_; }
  // Whether dateline pattern `i` provably treats the ASCII digits 0-9 alike
  // (no digit is written in it except in repetition counts), so that a match
  // and its groups do not change when one digit replaces another.
  bool DatelineDigitBlind(size_t i) const { return dateline_digit_blind_[i]; }
  // Distinct for every DocumentRules ever created in the process (memo keys
  // that must not outlive the rules they were computed with).
  uint64_t id() const { return id_; }

 private:
  DocumentRules();
  absl::flat_hash_map<std::string, AbbreviationKind> abbreviations_;
  std::unique_ptr<RE2::Set> boilerplate_set_;
  std::vector<BoilerplateRule> boilerplate_rules_;
  std::vector<std::unique_ptr<re2::RE2>> datelines_;
  std::vector<bool> dateline_digit_blind_;
  uint64_t id_;
};

class DocumentBuilder {
 public:
  static absl::StatusOr<Document> Build(std::string_view text,
                                        const DocumentOptions& options,
                                        const DocumentRules& rules);
};

// Character classes on UTF-8 code points (used by the tokenizer and by
// extractors).
bool IsSpaceCodePoint(uint32_t cp);
bool IsQuoteMarkCodePoint(uint32_t cp);
bool IsDashCodePoint(uint32_t cp);
bool IsBulletCodePoint(uint32_t cp);
// Conservative syntactic check on an RE2 pattern: true only when no ASCII
// digit appears in it except inside a repetition count ({2}, {1,3}, {4,}),
// and no escape could name a single character by its code (\x, \0-\9, \Q,
// \C). Such a pattern cannot tell one ASCII digit from another: \d, \w,
// \pN, [[:alnum:]], ranges with non-digit ends and \b include all ten or
// none.
bool PatternIsDigitBlind(std::string_view pattern);
// Decodes the code point at text[i] (text must be valid UTF-8); *len gets
// its byte length.
uint32_t DecodeAt(std::string_view text, size_t i, int* len);

}  // namespace dipx::internal

#endif  // DIPX_SRC_DOCUMENT_DOCUMENT_BUILDER_H_
